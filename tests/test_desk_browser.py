"""The desk in a real Chromium: what a focal point and the President's team meet when they sign in, read
an alert and act on it, on a desk screen and on a 390 px phone. The page fixture fails a test on any
script error or Content-Security-Policy violation. Screenshots go to var/test-artifacts/."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.test_web_browser import browser, page, pytestmark, shot  # noqa: F401 (fixtures; the skip without Chromium)
from tests.webapp import PASSWORD
from tracker.models import Alert, AlertOutcome, Notice, TravelClaim
from tracker.storage import make_engine

PHONE = {"width": 390, "height": 844}


def sign_in(tab, name: str, password: str = PASSWORD) -> None:
    tab.goto("/login")
    tab.fill("input[name=name]", name)
    tab.fill("input[name=password]", password)
    tab.click("form.stacked button[type=submit]")


def sideways(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def recorded(web_app, alert_id: int) -> tuple[list, list, int]:
    engine = make_engine(web_app.database)
    with Session(engine) as s:
        outcomes = s.exec(select(AlertOutcome).where(AlertOutcome.alert_id == alert_id)).all()
        bureau = s.exec(select(Notice).where(Notice.alert_id == alert_id, Notice.reason == "bureau")).all()
        ingested = s.exec(select(Alert.id).join(TravelClaim, TravelClaim.episode_id == Alert.episode_id)).first()
    engine.dispose()
    return outcomes, bureau, ingested


def test_a_failed_sign_in_keeps_the_name_and_asks_only_for_the_password(browser, web_app):  # noqa: F811
    """Its own tab: the refused sign-in is a 401, which Chromium reports as a failed load."""
    context = browser.new_context(base_url=web_app.base)
    tab = context.new_page()
    sign_in(tab, "fp-asia", "not the password")
    tab.wait_for_selector("p.error")
    assert tab.input_value("input[name=name]") == "fp-asia" and tab.input_value("input[name=password]") == ""
    assert tab.evaluate("document.activeElement.name") == "password"
    shot(tab, "desk-login-failed")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("form.stacked button[type=submit]")
    tab.wait_for_url("**/desk")
    context.close()


def test_the_outcome_and_the_bureau_notice_ask_before_they_act(page, web_app):  # noqa: F811
    alert_id = web_app.new_alert("MN", days=3)
    sign_in(page, "president")
    page.wait_for_url("**/desk")
    page.goto(f"/desk/alerts/{alert_id}")
    assert page.input_value("#outcome") == ""
    page.click("#record-outcome")  # nothing chosen: the browser holds the form back
    assert page.evaluate("document.querySelector('#outcome').validity.valueMissing")
    page.click("#notify-bureau")  # the box not ticked: held back too
    assert page.evaluate("document.querySelector('#confirm-bureau').validity.valueMissing")
    assert recorded(web_app, alert_id)[:2] == ([], [])
    shot(page, "desk-alert-before-acting")
    page.check("#confirm-bureau")
    page.click("#notify-bureau")
    page.wait_for_selector("#bureau-notified")
    page.select_option("#outcome", "did_not_travel")
    page.click("#record-outcome")
    page.wait_for_selector("text=did not travel (president)")
    outcomes, bureau, _ = recorded(web_app, alert_id)
    assert [o.outcome for o in outcomes] == ["did_not_travel"] and len(bureau) == 1


def test_on_a_phone_the_desk_and_an_alert_fit_the_screen_with_evidence_and_sources(browser, web_app):  # noqa: F811
    context = browser.new_context(viewport=PHONE, base_url=web_app.base)
    phone = context.new_page()
    sign_in(phone, "president")
    phone.wait_for_url("**/desk")
    web_app.new_alert("MN", days=4)
    phone.reload()
    assert sideways(phone) <= 0  # the table scrolls in its own box
    assert phone.locator("table.alerts th").first.inner_text() == "Days left"
    shot(phone, "desk-list-phone")
    phone.goto(f"/desk/alerts/{recorded(web_app, 0)[2]}")
    assert sideways(phone) <= 0
    assert phone.locator("ul.evidence q").count() >= 1
    links = phone.locator("ul.sources a").evaluate_all("links => links.map(a => a.href)")
    assert links and all(link.startswith("https://") for link in links)
    assert "Obligation of Mongolia" in phone.inner_text("ul.law")
    shot(phone, "desk-alert-phone")
    context.close()
