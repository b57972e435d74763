"""The web app in a real Chromium (Debian's, driven by Playwright): the map, the date, a route, the desk.

Screenshots go to var/test-artifacts/ (the path is printed). Skips with the reason when Chromium or
Playwright is missing, except in CI, which installs both.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
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
    page.problems = problems  # a test that provokes an error answer takes its own off the list
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


def ready(page, path: str) -> None:
    page.goto(path)
    page.wait_for_selector("#map[data-ready=true]", timeout=30_000)


def choose_day(page, day: str) -> None:
    page.fill("#date", day)
    page.dispatch_event("#date", "change")
    page.wait_for_selector(f"#map[data-day='{day}']", timeout=30_000)
    sync_api.expect(page.locator("#trips-day")).to_have_text(day)


def trips(page) -> dict[str, str]:
    """Each trip listed under the map: its state (from its title) and its phase on the chosen day."""
    items = page.locator("#episodes > li").evaluate_all(
        "items => items.map(i => [i.querySelector('a').textContent, i.dataset.phase])"
    )
    return {title: phase for title, phase in items}


def test_the_map_shows_only_the_trips_that_matter_on_the_day(page):
    ready(page, "/?person=putin&date=2024-08-31")
    assert set(trips(page).values()) == {"planned"} and any("Mongolia" in t for t in trips(page))
    assert page.locator("#map .markers [data-phase=planned]").count() >= 1
    choose_day(page, "2024-09-03")
    assert [p for t, p in trips(page).items() if "Mongolia" in t] == ["under_way"]
    assert page.locator("#map .markers circle.phase-under-way").count() >= 1
    assert not any("Tajikistan" in t for t in trips(page))  # reported only today: unknown in 2024
    shot(page, "map-trips-2024-09-03")
    choose_day(page, "2024-09-20")
    assert [p for t, p in trips(page).items() if "Mongolia" in t] == ["over"]
    assert not {"planned", "under_way"} & set(trips(page).values())
    assert page.locator("#map .markers circle.phase-over").count() >= 1
    choose_day(page, "2025-06-01")  # long after: nothing of 2024 is shown
    assert trips(page) == {} and "No reported trip" in page.inner_text("#episodes")
    assert page.locator("#map .markers > *").count() == 0


def test_the_map_accepts_a_future_day(page):
    soon = (date.today() + timedelta(days=10)).isoformat()  # tests/webapp.py adds a trip to Tajikistan then
    ready(page, "/?person=putin")
    assert [p for t, p in trips(page).items() if "Tajikistan" in t] == ["planned"]
    later = (date.today() + timedelta(days=200)).isoformat()
    assert page.get_attribute("#date", "max") >= later
    choose_day(page, soon)
    assert [p for t, p in trips(page).items() if "Tajikistan" in t] == ["under_way"]
    assert page.input_value("#slider") == str((date.fromisoformat(soon) - date(1998, 7, 17)).days)
    assert "states must arrest on " + soon in page.inner_text("#map-status")
    shot(page, "map-future-day")


def draw_route(page, start: str, end: str) -> None:
    page.fill("#route-from", start)
    page.fill("#route-to", end)
    page.click("#route-form button")
    sync_api.expect(page.locator("#route-status")).not_to_have_text(re.compile("^(Drawing|$)"), timeout=30_000)


def test_a_route_lists_each_state_once_and_a_failed_one_clears_the_last(page):
    ready(page, "/?person=putin&date=2024-09-02")
    draw_route(page, "Paris", "Rome")  # the great circle goes in and out of Switzerland
    answer = page.request.get("/api/route?from=Paris&to=Rome&person=putin&date=2024-09-02").json()
    km: dict[str, float] = {}
    for s in answer["states"]:
        km[s["state"]] = km.get(s["state"], 0) + s["km"]
    assert len(answer["states"]) > len(km)  # the answer has repeats, the page must not
    rows = page.locator("#route-states li").evaluate_all("items => items.map(i => [i.dataset.state, i.dataset.km])")
    assert [state for state, _ in rows] == list(km)
    assert {state: int(shown) for state, shown in rows} == {s: round(k) for s, k in km.items()}
    assert f"over {len(km)} state(s)" in page.inner_text("#route-status")
    assert page.locator("#map polyline.route").count() >= 1
    draw_route(page, "Moscow", "Atlantis-under-the-sea")
    page.problems.remove("Failed to load resource: the server responded with a status of 400 (Bad Request)")
    assert "No route" in page.inner_text("#route-status") and "Atlantis" in page.inner_text("#route-status")
    assert page.locator("#map polyline.route").count() == 0 and page.locator("#route-states li").count() == 0


def test_the_map_fits_a_phone(browser, web_app):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=web_app.base)
    page = context.new_page()
    try:
        ready(page, "/?person=putin&date=2024-09-03")
        draw_route(page, "Moscow", "Kaliningrad")
        widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
        assert max(widths[:2]) <= widths[2] == 390, widths  # nothing scrolls sideways
        shot(page, "map-phone-390")
    finally:
        context.close()


CONTRAST_PROBE = """() => {
  const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = (node) => {
    for (; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const found = [];
  for (const node of document.querySelectorAll("body *")) {
    const own = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
    const box = node.getBoundingClientRect();
    if (!own || !box.width || !box.height || node.closest("[hidden], svg, noscript")) continue;
    const style = getComputedStyle(node);
    if (style.visibility === "hidden") continue;
    found.push({ text: node.textContent.trim().slice(0, 40), color: rgba(style.color).slice(0, 3),
                 background: background(node), size: parseFloat(style.fontSize),
                 bold: Number(style.fontWeight) >= 700 });
  }
  return found;
}"""


def luminance(rgb: list[float]) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: list[float], b: list[float]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_pairs():
    assert round(contrast([0, 0, 0], [255, 255, 255]), 1) == 21.0
    assert round(contrast([0x76, 0x76, 0x76], [255, 255, 255]), 2) == 4.54  # the lightest grey AA allows


def test_every_text_on_the_map_page_passes_wcag_aa_contrast(page):
    ready(page, "/?person=putin&date=2024-09-03")
    draw_route(page, "Moscow", "Kaliningrad")  # badges of every strength shown beside the states
    page.focus("#slider")
    page.keyboard.press("Tab")  # the skip link, visible while focused
    texts = page.evaluate(CONTRAST_PROBE)
    assert len(texts) > 30 and any(t["text"].startswith("Skip") for t in texts)
    assert any(t["text"] == "binding" for t in texts) and any(t["text"] == "under way" for t in texts)
    failing = []
    for t in texts:
        large = t["size"] >= 24 or (t["bold"] and t["size"] >= 18.66)
        ratio = contrast(t["color"], t["background"])
        if ratio < (3.0 if large else 4.5):
            failing.append((t["text"], round(ratio, 2), t["color"], t["background"]))
    assert failing == []


def test_a_keyboard_user_reaches_each_state(page):
    ready(page, "/?person=putin&date=2024-09-03")
    states = page.locator("#map path.state")
    assert states.count() > 150
    assert states.evaluate_all("ps => ps.every(p => p.tabIndex === 0 && p.getAttribute('role') === 'link')")
    page.focus("#slider")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip the map's states"
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.dataset.state")
    assert first == "AF"  # states in the order of their names: Afghanistan first
    for _ in range(5):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "link"
    page.locator("path[data-state=MN]").focus()
    assert "Mongolia: duty to arrest: binding" in page.inner_text("#hovered")
    assert "binding" in page.get_attribute("path[data-state=MN]", "aria-label")
    shot(page, "map-keyboard-focus-mongolia")
    page.keyboard.press("Enter")
    page.wait_for_url("**/states/MN")


def test_a_travel_ban_is_drawn_as_a_duty_to_prevent_entry_not_to_arrest(page):
    """Joseph Kony is listed under the Security Council's Central African Republic sanctions (CFi.009,
    geo/data/travel_bans.csv): every UN member carries the ban, with strength "none" where it has no duty to
    arrest, and the map says it as a duty to prevent entry or transit, beside the duty to arrest."""
    ready(page, "/?person=kony&date=2024-09-03")
    hatched = page.locator("#map .bans path.ban")
    assert hatched.count() == page.locator("#map path.state[data-travel-ban]").count() > 150
    assert page.is_visible("#ban-legend") and "must prevent entry or transit" in page.inner_text("#ban-legend")
    status = page.inner_text("#map-status")
    assert "must prevent entry or transit (UN Security Council travel ban, Central African Republic sanctions" in status
    assert "CFi.009" in status
    us = page.get_attribute("path[data-state=US]", "aria-label")
    assert us.startswith("United States") and "no duty to arrest; must prevent entry or transit" in us
    assert "binding" in page.get_attribute("path[data-state=UG]", "aria-label")  # the arrest duty stays beside it
    draw_route(page, "Moscow", "Kaliningrad")
    rows = page.locator("#route-states li")
    assert rows.count() == 3 and page.locator("#route-states .ban-badge").count() == 3
    assert "must prevent entry or transit" in rows.first.inner_text() and "no duty to arrest" in rows.first.inner_text()
    shot(page, "map-travel-ban")
