"""Good-offices alerts: raised once per episode, routed to the President and the region's focal point,
delivered once through the outbox to a real SMTP server on loopback (or the local Maildir)."""

from __future__ import annotations

import email
import json
import mailbox
import threading
from datetime import UTC, date, datetime, timedelta
from email import policy

import pytest
import yaml
from sqlmodel import Session, select

from alerts.message import DUTIES, STATUS, Case, Duty, headline, trip_line
from alerts.outbox import drain
from tests.conftest import ROOT, run_tracker
from tests.mailserver import Inbox
from tests.pgserver import free_port
from tracker.collecting import ensure_source
from tracker.config import parse_config
from tracker.models import Alert, Delivery, Episode, Report
from tracker.pipeline import process, unprocessed
from tracker.refdata import prepare

pytestmark = pytest.mark.usefixtures("story_time")  # the story's days: 29 August 2024 onwards

HEADLINE = "Putin to visit Mongolia next week despite ICC warrant"
LEAD = "MOSCOW, Aug 29 (Reuters) - The Kremlin said that President Vladimir Putin will visit Mongolia on Sept. 3."


def config_for(tmp_path, smtp_url: str | None = None, **alerts):
    """The shipped config (its placeholder recipients), with data in tmp_path, no group wait unless given,
    and maybe an SMTP server."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text())
    data.update(data_dir=str(tmp_path / "var"), sources=[])
    data["alerts"].update({"group_wait_seconds": 0, **alerts})
    if smtp_url:
        data["mail"].update(smtp_url=smtp_url, timeout_seconds=5)
    return parse_config(json.dumps(data), base_dir=tmp_path)


def store(
    engine,
    title: str = HEADLINE,
    summary: str = LEAD,
    url: str = "https://news.example/putin",
    when: datetime | None = None,
) -> None:
    with Session(engine) as s:
        ensure_source(s, "news", "feed", "https://news.example/feed")
        when = when or datetime(2024, 8, 29, 9, tzinfo=UTC)
        s.add(Report(source_id="news", url=url, canonical_url=url, title=title, summary=summary,
                     host="news.example", published_at=when, content_hash=url))  # fmt: skip
        s.commit()


COMING = "The Kremlin said that President Vladimir Putin will visit Mongolia next week."


def store_coming(engine) -> None:
    """A report published now of a trip still to come: for tests whose senders run on today's clock (the
    outbox sends only what still matters)."""
    store(engine, summary=COMING, when=datetime.now(UTC))


def alert_once(engine, config) -> int:
    return process(engine, unprocessed(engine), config=config).raised


def test_alert_raised_once_and_routed(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    store(engine)
    assert alert_once(engine, config) == 1
    store(engine, url="https://other.example/putin-mongolia")  # a second report of the same trip
    assert alert_once(engine, config) == 0
    with Session(engine) as s:
        [alert] = s.exec(select(Alert)).all()
        recipients = sorted(d.recipient for d in s.exec(select(Delivery)))
    assert alert.message_id.startswith("<good_offices.episode-") and alert.message_id.endswith("@example.org>")
    assert any("binding duty" in w for w in alert.why)
    assert len(recipients) == 2
    assert any("asp-president@example.org" in r for r in recipients)
    assert any("focal-asia-pacific@example.org" in r for r in recipients)  # Mongolia: Asia-Pacific group


def test_maildir_by_default_and_never_twice(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    store(engine)
    alert_once(engine, config)
    first = drain(engine, config)
    second = drain(engine, config)
    assert (first.sent, second.sent) == (2, 0)
    messages = list(mailbox.Maildir(tmp_path / "var/mail", create=False))
    assert len(messages) == 2
    message = email.message_from_bytes(bytes(messages[0]), policy=policy.default)
    assert "Mongolia" in message["Subject"] and message["Message-ID"].startswith("<good_offices.episode-")
    text = message.get_body(("plain",)).get_content()
    assert "binding" in text and "Art. 86" in text and "https://news.example/putin" in text
    assert "not a finding" in text


def test_smtp_down_then_back_delivers_each_message_exactly_once(engine, tmp_path):
    prepare(engine)
    port = free_port()
    config = config_for(tmp_path, f"smtp://127.0.0.1:{port}")
    store(engine)
    alert_once(engine, config)
    down = drain(engine, config)
    assert (down.sent, down.failed) == (0, 2) and "Connection refused" in down.errors[0]
    with Session(engine) as s:
        assert all(d.status == "queued" and d.attempts == 1 and d.last_error for d in s.exec(select(Delivery)))
    with Inbox(port) as inbox:
        too_soon = drain(engine, config)  # the retry is not due yet
        later = drain(engine, config, now=datetime.now(UTC) + timedelta(days=1))
        again = drain(engine, config, now=datetime.now(UTC) + timedelta(days=1))
    assert (too_soon.sent, later.sent, again.sent) == (0, 2, 0)
    assert len(inbox.messages) == 2
    assert len({m["Message-ID"] for m in inbox.messages}) == 1  # one thread for the episode
    plain = inbox.messages[0].get_body(("plain",)).get_content()
    html = inbox.messages[0].get_body(("html",)).get_content()
    assert "Mongolia" in plain and "<h1" in html and "Mongolia</h1>" in html


def test_a_mailbox_refused_for_good_is_marked_failed_and_retry_queues_it_again(engine, db_url, tmp_path):
    """550 (no such mailbox) is not retried on its own; 451 (try later) is; `tracker alerts retry` sends both
    again once the cause is fixed."""
    prepare(engine)
    port = free_port()
    config = config_for(tmp_path, f"smtp://127.0.0.1:{port}")
    store(engine)
    alert_once(engine, config)
    refuse = {"asp-president@example.org": "550 5.1.1 no such mailbox", "focal-asia-pacific@example.org": "451 busy"}
    with Inbox(port, refuse=refuse) as inbox:
        refused = drain(engine, config)
        later = drain(engine, config, now=datetime.now(UTC) + timedelta(days=1))
    assert (refused.sent, refused.failed, later.sent, later.failed) == (0, 2, 0, 1) and not inbox.messages
    with Session(engine) as s:
        states = {d.recipient.split("<")[1].rstrip(">"): (d.status, d.attempts) for d in s.exec(select(Delivery))}
        [alert] = s.exec(select(Alert)).all()
    assert states == {"asp-president@example.org": ("failed", 1), "focal-asia-pacific@example.org": ("queued", 2)}
    env = {"TRACKER_DATA_DIR": str(tmp_path / "var"), "TRACKER_DATABASE_URL": db_url}
    retried = run_tracker("alerts", "retry", str(alert.id), cwd=tmp_path, env=env)
    assert retried.returncode == 0 and "2 delivery(ies)" in retried.stdout, retried.stderr
    with Inbox(port) as inbox:
        fixed = drain(engine, config)
    assert fixed.sent == 2 and len(inbox.messages) == 2


def test_hostile_headlines_cannot_inject_headers_or_markup(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    hostile = "Putin will visit Mongolia on Sept. 3\r\nBcc: victim@example.com <script>alert(1)</script>" + "x" * 10_000
    store(engine, title=hostile, summary="President Vladimir Putin will visit Mongolia on Sept. 3.")
    alert_once(engine, config)
    drain(engine, config)
    for raw in mailbox.Maildir(tmp_path / "var/mail", create=False):
        message = email.message_from_bytes(bytes(raw), policy=policy.default)
        assert message["Bcc"] is None
        html = message.get_body(("html",)).get_content()
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert len(message.get_body(("plain",)).get_content()) < 5_000


def test_a_sender_killed_mid_batch_loses_and_repeats_nothing(engine, tmp_path):
    """A transport that dies on the second message: the first stays sent, the second stays queued."""
    prepare(engine)
    config = config_for(tmp_path)
    store(engine)
    alert_once(engine, config)
    sent: list[str] = []
    lock = threading.Lock()

    class Dying:
        def send(self, message, key, handover) -> None:
            with lock:
                if sent:
                    raise ConnectionResetError("killed")
                sent.append(message["To"])

    drain(engine, config, transport=Dying())
    resumed = drain(engine, config, now=datetime.now(UTC) + timedelta(days=1))
    assert len(sent) == 1 and resumed.sent == 1
    with Session(engine) as s:
        assert sorted(d.status for d in s.exec(select(Delivery))) == ["sent", "sent"]


def test_a_replayed_files_path_never_appears_in_an_email(engine, tmp_path):
    """An item without a link, replayed from a file, has the file's URL: a path on this machine, not mailed."""
    prepare(engine)
    config = config_for(tmp_path)
    store(engine, url="file:///home/operator/archive/feed.xml")
    alert_once(engine, config)
    drain(engine, config)
    for raw in mailbox.Maildir(tmp_path / "var/mail", create=False):
        assert b"/home/operator" not in bytes(raw) and b"a replayed file" in bytes(raw)


@pytest.mark.parametrize(
    "title",
    ["Putin hosts Modi in Moscow", "Putin to visit Beijing next week", "Putin will go to The Hague next week"],
    ids=["at home", "no duty", "the Court's seat"],
)
def test_no_alert_at_home_or_in_a_state_without_a_duty(engine, tmp_path, title):
    prepare(engine)
    config = config_for(tmp_path)
    store(engine, title=title, summary="")
    assert alert_once(engine, config) == 0


@pytest.mark.parametrize("status", ["cancelled", "denied", "expired", "over"])
def test_a_trip_off_or_over_is_never_called_expected_nor_given_days_left(status):
    episode = Episode(person_id="putin", state="MN", expected_start=date(2024, 9, 3), expected_end=date(2024, 9, 3),
                      status=status, outlets=1, history=[])  # fmt: skip
    c = Case("Vladimir Putin", "Mongolia", date(2024, 9, 3), "from 2024-09-03", STATUS[status], [], [], [], [])
    words = headline(episode, c, date(2024, 8, 29)) + " " + trip_line(episode, c, date(2024, 8, 29))
    assert "expected" not in words and "in 5 days" not in words and STATUS[status] in words


def test_each_duty_in_force_is_one_line_of_the_law(engine, tmp_path, monkeypatch):
    """A further duty (such as a Security Council travel ban) is one more function in DUTIES: its line
    follows the duty to arrest in both parts, and its explanation joins the details."""
    prepare(engine)
    config = config_for(tmp_path)

    def ban(state, person, on, ref) -> Duty:
        return Duty(f"Travel ban on {person.name} in force for {state.name} on {on} (test regime).", "Why: a test.")

    monkeypatch.setattr("alerts.message.DUTIES", (*DUTIES, ban))
    store(engine)
    alert_once(engine, config)
    drain(engine, config)
    raw = next(iter(mailbox.Maildir(tmp_path / "var/mail", create=False)))
    message = email.message_from_bytes(bytes(raw), policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    assert "binding (Art. 86, Art. 89(1)).\nTravel ban on Vladimir" in text and "Why: a test." in text
    html = message.get_body(("html",)).get_content()
    assert html.count('<p class="law"') == 2 and "(test regime)" in html


def test_a_security_council_travel_ban_is_a_second_line_of_the_law(engine, tmp_path):
    """Saif al-Islam Gaddafi is wanted by the Court and listed under the Libya sanctions: the email says
    both duties, the ban as a duty to keep him out that does not oblige arrest."""
    prepare(engine)
    config = config_for(tmp_path)
    store(engine, title="Saif al-Islam Gaddafi to visit Tunisia next week",
          summary="Saif al-Islam Gaddafi will visit Tunisia next week, his spokesman said.")  # fmt: skip
    assert alert_once(engine, config) == 1
    drain(engine, config)
    raw = next(iter(mailbox.Maildir(tmp_path / "var/mail", create=False)))
    message = email.message_from_bytes(bytes(raw), policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    arrest, ban = text.index("Obligation of Tunisia"), text.index("Also a Security Council travel ban")
    assert arrest < ban and "must prevent entry or transit" in text and "does not oblige arrest" in text
    assert message.get_body(("html",)).get_content().count('<p class="law"') == 2
