"""The alert email as its readers see it: messages made by the pipeline, received by a real SMTP server on
loopback, their HTML part opened in a real Chromium at a phone's width (390 px) and a desk's (1200 px),
the map shown from its inline part as a mail reader shows it. Screenshots go to the test's temporary
folder (the paths are printed)."""

from __future__ import annotations

import base64
from email.message import EmailMessage

import pytest
from sqlmodel import select

from alerts.bureau import notify_bureau
from alerts.outbox import drain
from tests.mailserver import Inbox
from tests.test_alert_updates import CANCELLED, PLAN, VISITED, reported
from tests.test_alerts import config_for
from tests.test_web_browser import browser, pytestmark  # noqa: F401 (the fixture, and the skip without Chromium)
from tracker.models import Alert
from tracker.refdata import prepare
from tracker.storage import make_engine, session_scope

WIDTHS = (390, 1200)
HOSTILE = ("Putin will visit Mongolia on Sept. 3 " + "x" * 3_000, PLAN[1])  # one long word: must wrap, not widen


@pytest.fixture
def inbox_and_config(tmp_path, story_time):
    engine = make_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    prepare(engine)
    with Inbox() as inbox:
        yield engine, inbox, config_for(tmp_path, f"smtp://127.0.0.1:{inbox.port}")
    engine.dispose()


def as_shown(message: EmailMessage) -> str:
    """The HTML part with each `cid:` reference replaced by its inline part, as a mail reader shows it."""
    page = message.get_body(("html",)).get_content()
    for part in message.walk():
        if part["Content-ID"]:
            data = base64.b64encode(part.get_content()).decode()
            page = page.replace(
                f"cid:{part['Content-ID'].strip('<>')}", f"data:{part.get_content_type()};base64,{data}"
            )
    return page


def render(chromium, message: EmailMessage, name: str, folder) -> dict[int, dict]:
    """Open the message at each width; what the page measured, per width. Screenshots saved in `folder`."""
    seen = {}
    for width in WIDTHS:
        context = chromium.new_context(viewport={"width": width, "height": 800}, java_script_enabled=True)
        page = context.new_page()
        page.set_content(as_shown(message), wait_until="load")
        path = folder / f"email-{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        seen[width] = page.evaluate(
            """() => ({
                overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                lines: document.body.innerText.split('\\n').map(l => l.trim()).filter(Boolean).slice(0, 3),
                h1: document.querySelector('h1').innerText,
                headings: [...document.querySelectorAll('h2')].map(h => h.innerText),
                sources: [...document.querySelectorAll('#sources a')].map(a => [a.href, a.closest('li').innerText]),
                ack: (b => b && {href: b.href, right: b.getBoundingClientRect().right})(document.querySelector('#ack')),
                map: (i => i && {loaded: i.complete && i.naturalWidth > 0, right: i.getBoundingClientRect().right})(
                    document.querySelector('img')),
                legend: (l => l ? l.innerText : '')(document.querySelector('#legend')),
            })"""
        )
        context.close()
    return seen


def test_the_first_alert_reads_well_on_a_phone_and_a_desk(browser, inbox_and_config, tmp_path):  # noqa: F811
    engine, inbox, config = inbox_and_config
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    message = next(m for m in inbox.messages if "asp-president" in m["To"])
    for width, seen in render(browser, message, "first", tmp_path).items():
        assert seen["overflow"] <= 0, (width, seen["overflow"])
        trip = "When: in 5 days (from 2024-09-03); status: announced."
        assert seen["lines"][:3] == ["Good offices alert", "Vladimir Vladimirovich Putin → Mongolia", trip]
        assert seen["headings"][:2] == ["The law on the day", "Evidence"] and "Sources" in seen["headings"]
        assert seen["sources"] and all(href.startswith("https://news.example/") for href, _ in seen["sources"])
        assert all("news.example" in text for _, text in seen["sources"])  # the outlet beside each link
        assert seen["ack"]["href"].startswith("http") and seen["ack"]["right"] <= width
        assert seen["map"]["loaded"] and seen["map"]["right"] <= width
        assert "bound to arrest" in seen["legend"] and "route from Moscow" in seen["legend"]
    [image] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert image.get_content_disposition() == "inline" and message["Auto-Submitted"] == "auto-generated"


def test_a_long_unbroken_headline_wraps_instead_of_widening_the_phone_screen(browser, inbox_and_config, tmp_path):  # noqa: F811
    engine, inbox, config = inbox_and_config
    reported(engine, config, HOSTILE, 29)
    drain(engine, config)
    seen = render(browser, inbox.messages[0], "long-headline", tmp_path)
    assert seen[390]["overflow"] <= 0 and seen[1200]["overflow"] <= 0


@pytest.mark.parametrize(
    ("later", "kind", "when", "subject", "says"),
    [
        (CANCELLED, "Update", "When: was planned from 2024-09-03", "called off", "What changed:"),
        (VISITED, "Post-visit notice", "When: from 2024-09-0", "visited",
         "It is sent because Mongolia was bound to arrest on the day"),
    ],
    ids=["cancelled", "post-visit"],
)  # fmt: skip
def test_a_later_message_reads_as_what_it_is(browser, inbox_and_config, tmp_path, later, kind, when, subject, says):  # noqa: F811
    """After the first alert, a cancellation (an update) and a visit over (a post-visit notice): neither calls
    the person expected, the post-visit notice says why it is sent."""
    engine, inbox, config = inbox_and_config
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    reported(engine, config, later, 35 if later is VISITED else 31)
    drain(engine, config)
    message = next(m for m in inbox.messages[2:] if "asp-president" in m["To"])
    seen = render(browser, message, kind.split()[0].lower(), tmp_path)
    assert seen[390]["overflow"] <= 0 and seen[390]["lines"][0] == kind
    assert seen[390]["lines"][2].startswith(when)
    assert "expected" not in message["Subject"] and subject in message["Subject"]
    assert says in message.get_body(("plain",)).get_content()


def test_the_bureau_notice_reads_as_a_letter_to_the_bureau(browser, inbox_and_config, tmp_path):  # noqa: F811
    engine, inbox, config = inbox_and_config
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    with session_scope(engine) as s:
        notify_bureau(s, s.exec(select(Alert)).one().id, "Office of the President", config)
    drain(engine, config)
    [notice] = [m for m in inbox.messages if "asp-bureau@" in m["To"]]
    seen = render(browser, notice, "bureau", tmp_path)
    for width in WIDTHS:
        assert seen[width]["overflow"] <= 0 and seen[width]["lines"][0] == "Notice to the Bureau"
        assert seen[width]["lines"][2] == "When: in 5 days (from 2024-09-03); status: announced."
        assert seen[width]["ack"] is None and seen[width]["sources"]  # no acknowledgement asked of the Bureau
