"""The web app in a real Chromium (Debian's, driven by Playwright): the map, the date, a route, the desk.

Screenshots go to var/test-artifacts/ (the path is printed). Skips with the reason when Chromium or
Playwright is missing, except in CI, which installs both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.webapp import PASSWORD

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = ROOT / "var/test-artifacts"
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),  # CI installs it (.ci/run): there a missing one fails
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, web_app):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=web_app.base)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    context.close()
    assert not problems, problems  # no script error, no CSP violation, no failed load


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def mongolia(page) -> str:
    return page.get_attribute("path[data-state=MN]", "data-strength")


def test_the_map_loads_and_colours_mongolia_by_the_date(page):
    page.goto("/")
    page.wait_for_selector("#map[data-ready=true]", timeout=30_000)
    assert page.locator("#map path.state").count() > 150
    page.select_option("#person", "putin")
    page.fill("#date", "2024-09-03")
    page.dispatch_event("#date", "change")
    page.wait_for_selector("#map[data-day='2024-09-03']", timeout=30_000)
    assert mongolia(page) == "binding"
    assert "duty-binding" in page.get_attribute("path[data-state=MN]", "class")
    assert page.locator("#map circle.marker").count() >= 1  # the reported trip to Mongolia
    shot(page, "map-putin-2024-09-03")
    page.fill("#date", "2002-06-01")  # before the Statute was in force for Mongolia (2002-07-01)
    page.dispatch_event("#date", "change")
    page.wait_for_selector("#map[data-day='2002-06-01']", timeout=30_000)
    assert mongolia(page) == "none"
    assert page.get_attribute("#slider", "value") is not None
    shot(page, "map-putin-2002-06-01")


def test_the_slider_moves_the_date(page):
    page.goto("/?person=putin&date=2024-09-03")
    page.wait_for_selector("#map[data-ready=true]", timeout=30_000)
    page.locator("#slider").fill("100")  # 100 days after 1998-07-17
    page.wait_for_selector("#map[data-day='1998-10-25']", timeout=30_000)
    assert page.input_value("#date") == "1998-10-25" and mongolia(page) == "none"


def test_a_route_draws_a_line_and_lists_the_states(page):
    page.goto("/?person=putin&date=2024-09-02")
    page.wait_for_selector("#map[data-ready=true]", timeout=30_000)
    page.fill("#route-from", "Moscow")
    page.fill("#route-to", "Ulaanbaatar")
    page.click("#route-form button")
    page.wait_for_selector("#route-states li", timeout=30_000)
    assert page.locator("#map polyline.route").count() >= 1
    states = page.locator("#route-states li").evaluate_all("items => items.map(i => i.dataset.state)")
    assert states[0] == "RU" and states[-1] == "MN"
    assert "binding" in page.locator("#route-states li[data-state=MN]").inner_text()
    shot(page, "route-moscow-ulaanbaatar")


def test_the_desk_refuses_before_sign_in_and_a_focal_point_acknowledges(page, web_app):
    alert_id = web_app.new_alert("MN")
    page.goto(f"/desk/alerts/{alert_id}")
    assert page.url.endswith("/login")
    shot(page, "desk-login")
    page.fill("input[name=name]", "fp-asia")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/desk")
    assert page.locator(f"tr[data-alert='{alert_id}']").count() == 1
    page.click(f"tr[data-alert='{alert_id}'] a")
    page.click("#ack")
    page.wait_for_selector("#acknowledged")
    assert "Acknowledged by fp-asia" in page.inner_text("#acknowledged")
    shot(page, "desk-acknowledged")


def test_person_page_shows_the_travel_ban_apart_from_the_arrest_duty(page):
    page.goto("/people/kony")
    section = page.locator("#travel-bans")
    assert section.is_visible()
    assert "Security Council travel ban" in section.locator("h2").inner_text()
    assert "does not oblige any state to" in section.inner_text() and "CFi.009" in section.inner_text()
    assert page.locator("#travel-bans a[href^='https://']").count() >= 1
    shot(page, "person-kony-travel-ban")
