"""Messages after the first: updates threaded under it on a material change (never twice), grouping of
near-simultaneous reports, post-visit notices, extra recipients, reminders until acknowledged, silences
and the Bureau notice; each received by a real SMTP server on loopback and parsed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from alerts.acks import acknowledge
from alerts.bureau import notify_bureau
from alerts.outbox import deliver, drain
from alerts.silences import add_silence, expire_silence
from tests.conftest import ROOT, run_tracker
from tests.mailserver import Inbox
from tests.test_alerts import config_for
from tracker.collecting import ensure_source
from tracker.errors import UsageError
from tracker.models import Alert, Delivery, Notice, Report, Silence
from tracker.pipeline import process, unprocessed
from tracker.refdata import load_into_database, prepare
from tracker.storage import migrate, session_scope

pytestmark = pytest.mark.usefixtures("story_time")  # the story's days: 29 August 2024 onwards

PLAN = (
    "Putin to visit Mongolia on Sept. 3",
    "The Kremlin said that President Vladimir Putin will visit Mongolia on Sept. 3.",
)
MOVED = (
    "Putin to visit Mongolia on Sept. 2",
    "The Kremlin said that President Vladimir Putin will visit Mongolia on Sept. 2.",
)
CANCELLED = (
    "Putin cancels visit to Mongolia",
    "The Kremlin said President Vladimir Putin has called off his visit to Mongolia.",
)
VISITED = ("Putin left Mongolia after a two-day visit",
           "President Vladimir Putin left Ulaanbaatar on Tuesday after a two-day state visit to Mongolia.")  # fmt: skip


def reported(engine, config, text: tuple[str, str], day: int, hour: int = 9) -> int:
    """A report published on `day` August/September 2024 (days past 31 run into September), stored and
    processed; how many messages it queued."""
    when = datetime(2024, 8, 1, hour, tzinfo=UTC) + timedelta(days=day - 1)
    url = f"https://news.example/{day}-{hour}-{abs(hash(text[0]))}"
    with Session(engine) as s:
        ensure_source(s, "news", "feed", "https://news.example/feed")
        s.add(Report(source_id="news", url=url, canonical_url=url, title=text[0], summary=text[1],
                     host="news.example", published_at=when, content_hash=url))  # fmt: skip
        s.commit()
    return process(engine, unprocessed(engine), config=config).raised


@pytest.fixture
def mailed(engine, tmp_path):
    """The reference data loaded, a real SMTP server, and a config that sends to it."""
    prepare(engine)
    with Inbox() as inbox:
        yield inbox, config_for(tmp_path, f"smtp://127.0.0.1:{inbox.port}")


def notices(engine) -> list[Notice]:
    with Session(engine) as s:
        return list(s.exec(select(Notice).order_by(Notice.id)))


def test_an_update_threads_under_the_first_says_what_changed_and_is_never_sent_twice(engine, mailed):
    inbox, config = mailed
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    reported(engine, config, MOVED, 30)
    again = process(engine, unprocessed(engine, since=datetime(2024, 8, 1, tzinfo=UTC)), config=config).raised
    drain(engine, config)
    drain(engine, config)
    assert again == 0  # processing the same reports again sends nothing new
    assert [n.reason for n in notices(engine)] == ["first", "update"]
    first, update = inbox.messages[0], inbox.messages[-1]
    assert len(inbox.messages) == 4  # two messages to two recipients
    assert update["In-Reply-To"] == first["Message-ID"] == update["References"]
    assert update["Message-ID"] != first["Message-ID"] and "update" in update["Subject"]
    text = update.get_body(("plain",)).get_content()
    assert "What changed:" in text and "expected dates: 2024-09-03 → 2024-09-02" in text


def test_a_cancellation_is_an_update(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    reported(engine, config, CANCELLED, 31)
    [_, update] = notices(engine)
    assert update.reason == "update" and "the trip is reported cancelled" in update.changes


def test_near_simultaneous_reports_make_one_message(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path, group_wait_seconds=60)
    reported(engine, config, PLAN, 29, hour=9)
    reported(engine, config, MOVED, 29, hour=10)
    assert drain(engine, config).sent == 0  # still in its group wait
    [notice] = notices(engine)
    assert notice.reason == "first" and notice.facts["expected_start"] == "2024-09-02"
    assert drain(engine, config, now=datetime.now(UTC) + timedelta(seconds=61)).sent == 2


def test_a_visit_over_before_the_first_message_went_out_makes_it_a_post_visit_notice(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path, group_wait_seconds=60)
    reported(engine, config, PLAN, 29)
    reported(engine, config, VISITED, 35)
    [notice] = notices(engine)
    assert notice.reason == "post_visit" and notice.in_reply_to is None and notice.facts["status"] == "over"


def test_a_completed_visit_without_arrest_gets_a_post_visit_notice_in_the_thread(engine, mailed):
    inbox, config = mailed
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    reported(engine, config, VISITED, 35)  # 4 September
    drain(engine, config)
    assert [n.reason for n in notices(engine)] == ["first", "post_visit"]
    post = inbox.messages[-1]
    assert post["In-Reply-To"] == inbox.messages[0]["Message-ID"] and "[post-visit]" in post["Subject"]
    assert "was not arrested" in post.get_body(("plain",)).get_content()


def test_a_visit_learnt_of_afterwards_is_its_own_post_visit_alert(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    reported(engine, config, VISITED, 35)
    with Session(engine) as s:
        [alert] = s.exec(select(Alert)).all()
    [notice] = notices(engine)
    assert alert.kind == "post_visit" and notice.reason == "post_visit" and notice.message_id == alert.message_id


def test_extra_recipients_per_state_and_person(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    data = config.model_dump(mode="json")
    data["recipients"].update(
        states={"MN": [{"name": "Desk", "email": "desk@example.org"}]},
        people={
            "putin": [
                {"name": "Watcher", "email": "watch@example.org"},
                {"name": "President again", "email": "ASP-PRESIDENT@example.org"},
            ]
        },
    )
    config = type(config).model_validate({**data, "base_dir": tmp_path})
    reported(engine, config, PLAN, 29)
    with Session(engine) as s:
        recipients = [d.recipient for d in s.exec(select(Delivery))]
    assert len(recipients) == 4  # President, Asia-Pacific focal point, the state's desk, the person's watcher
    assert any("desk@example.org" in r for r in recipients) and any("watch@example.org" in r for r in recipients)


def test_reminders_repeat_until_acknowledged(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path, repeat_hours=24)
    reported(engine, config, PLAN, 29)
    start = datetime(2024, 8, 29, 10, tzinfo=UTC)
    with session_scope(engine) as s:  # the first was raised on 29 August, due at once
        for n in s.exec(select(Notice)):
            n.created_at = start
            s.add(n)
        for d in s.exec(select(Delivery)):
            d.next_attempt_at = None
            s.add(d)
    assert deliver(engine, config, now=start + timedelta(hours=1)).sent == 2  # the first message, no reminder yet
    assert deliver(engine, config, now=start + timedelta(hours=25)).sent == 2  # one reminder to each
    assert deliver(engine, config, now=start + timedelta(hours=26)).sent == 0
    with session_scope(engine) as s:
        acknowledge(s, s.exec(select(Alert)).one().id, "focal point")
    assert deliver(engine, config, now=start + timedelta(hours=50)).sent == 0
    reminder = notices(engine)[1]
    assert reminder.reason == "reminder" and reminder.in_reply_to == notices(engine)[0].message_id


def test_a_silenced_alert_is_recorded_not_delivered_and_shown_so(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    with session_scope(engine) as s:
        silence = add_silence(s, person="putin", until=datetime.now(UTC) + timedelta(days=1), by="desk",
                              reason="known, handled by phone")  # fmt: skip
        silence_id = silence.id
    reported(engine, config, PLAN, 29)
    assert drain(engine, config).sent == 0
    [notice] = notices(engine)
    assert notice.silence_id == silence_id
    with Session(engine) as s:
        assert {d.status for d in s.exec(select(Delivery))} == {"silenced"}
    with session_scope(engine) as s:
        expire_silence(s, silence_id)
    reported(engine, config, MOVED, 30)
    assert drain(engine, config).sent == 4  # the first message it held and the update, after it ended


def test_silence_queued_messages_when_added_before_the_send(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    reported(engine, config, PLAN, 29)
    with session_scope(engine) as s:
        add_silence(s, state="mn", until=datetime.now(UTC) + timedelta(hours=2), by="desk", reason="test")
    drained = drain(engine, config)
    assert (drained.sent, drained.silenced) == (0, 2)


def test_messages_held_by_a_silence_are_delivered_when_it_runs_out(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    now = datetime.now(UTC)
    with session_scope(engine) as s:
        add_silence(s, state="MN", until=now + timedelta(hours=2), by="desk", reason="talks")
    reported(engine, config, PLAN, 29)
    assert drain(engine, config, now=now).sent == 0
    assert drain(engine, config, now=now + timedelta(hours=3)).sent == 2
    with Session(engine) as s:
        assert {d.status for d in s.exec(select(Delivery))} == {"sent"}


def test_a_focal_points_silence_stays_within_its_group(engine, tmp_path):
    """Asia-Pacific's focal point silences Mongolia's trips, never Putin everywhere nor France; it cannot end
    the President's silence; its silence never holds a trip elsewhere."""
    prepare(engine)
    config = config_for(tmp_path)
    until = datetime.now(UTC) + timedelta(days=90)
    asia = "Asia-Pacific"
    with session_scope(engine) as s:
        for target in ({"person": "putin"}, {"state": "FR"}):
            with pytest.raises(UsageError, match="President's team"):
                add_silence(s, until=until, by="fp-asia", reason="r", group=asia, **target)
        president = add_silence(s, state="ZA", until=until, by="president", reason="r")
        with pytest.raises(UsageError, match="only the President's team ends it"):
            expire_silence(s, president.id, group=asia)
        own = add_silence(s, state="MN", until=until, by="fp-asia", reason="r", group=asia)
        expire_silence(s, own.id, group=asia)
        s.add(Silence(person_id="putin", regional_group=asia, until=until, created_by="fp-asia", reason="old"))
    reported(engine, config, PLAN, 29)  # Mongolia is in Asia-Pacific: held
    with Session(engine) as s:
        assert {d.status for d in s.exec(select(Delivery))} == {"silenced"}
        s.exec(sa.update(Silence).values(regional_group="African States"))  # the same silence, another group
        s.commit()
    assert drain(engine, config).sent == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"person": "nobody"}, "unknown person"),
        ({"state": "XX"}, "unknown state"),
        ({"person": "putin", "state": "MN"}, "exactly one"),
        ({"episode": 999}, "no episode 999"),
        ({"person": "putin", "until": datetime(2000, 1, 1, tzinfo=UTC)}, "not in the future"),
    ],
)
def test_bad_silences_are_refused_with_what_to_fix(engine, kwargs, message):
    prepare(engine)
    with session_scope(engine) as s, pytest.raises(UsageError, match=message):
        add_silence(s, **{"until": datetime.now(UTC) + timedelta(hours=1), "by": "x", "reason": "y", **kwargs})


def test_the_bureau_notice(engine, mailed):
    inbox, config = mailed
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    with session_scope(engine) as s:
        alert_id = s.exec(select(Alert)).one().id
        notify_bureau(s, alert_id, "Office of the President", config)
    with session_scope(engine) as s, pytest.raises(UsageError, match="already notified"):
        notify_bureau(s, alert_id, "again", config)
    drain(engine, config)
    [notice] = [m for m in inbox.messages if "asp-bureau@example.org" in m["To"]]
    text = notice.get_body(("plain",)).get_content()
    assert "[Bureau]" in notice["Subject"] and notice["In-Reply-To"] is None
    assert "members of the Bureau" in text and "scenario 7(b)" in text and "Office of the President" in text
    assert "ICC-01/22" in text and "Art. 86" in text  # the warrant's case number, the articles
    assert len(inbox.messages) == 3  # the alert to two recipients, the notice to the Bureau


HOSTILE = "Putin will visit Mongolia on Sept. 2\r\nBcc: victim@example.com <script>alert(1)</script>" + "x" * 10_000


def test_hostile_headlines_cannot_inject_into_updates_or_the_bureau_notice(engine, mailed):
    inbox, config = mailed
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    reported(engine, config, (HOSTILE, "President Vladimir Putin will visit Mongolia on Sept. 2."), 30)
    with session_scope(engine) as s:
        notify_bureau(s, s.exec(select(Alert)).one().id, "<b>Office</b>\r\nBcc: x@example.com", config)
    drain(engine, config)
    later = inbox.messages[2:]
    assert {m["Subject"].split("]")[0] for m in later} == {"[good offices: update", "[Bureau"}
    for message in later:
        assert message["Bcc"] is None
        html = message.get_body(("html",)).get_content()
        assert "<script>" not in html and "<b>Office" not in html and "&lt;script&gt;" in html
        assert len(message.get_body(("plain",)).get_content()) < 8_000


def test_the_email_has_the_map_evidence_and_confidence(engine, mailed):
    inbox, config = mailed
    reported(engine, config, PLAN, 29)
    drain(engine, config)
    message = inbox.messages[0]
    text = message.get_body(("plain",)).get_content()
    assert (
        "Confidence: 0.95 (high).\r\nEvidence:\r\n- planned, 0.95" in text
        and "“The Kremlin said that President Vladimir Putin" in text
    )
    assert "ICC-01/22" in text and "Obligation of Mongolia on 2024-09-03: binding (Art. 86, Art. 89(1))" in text
    assert "Sources:" in text and "news.example: Putin to visit Mongolia on Sept. 3 <https://news.example/" in text
    [image] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    png = image.get_content()
    assert png.startswith(b"\x89PNG") and 5_000 < len(png) < 150_000
    html = message.get_body(("html",)).get_content()
    assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html


def test_silence_and_bureau_commands(tmp_path):
    config = json.loads(json.dumps(config_for(tmp_path).model_dump(mode="json")))
    (tmp_path / "config.yaml").write_text(json.dumps(config))
    env = {"TRACKER_CONFIG": str(tmp_path / "config.yaml")}
    made = run_tracker("alerts", "silence", "--state", "MN", "--until", "2100-01-01", "--by", "desk",
                       "--reason", "on it [red]now[/red]", env=env)  # fmt: skip
    assert made.returncode == 0 and "silence 1 until 2100-01-01 00:00 UTC" in made.stdout
    assert run_tracker("ingest", str(ROOT / "tests/data/archive/putin-mongolia-2024.xml"), env=env).returncode == 0
    [mongolia] = [a for a in json.loads(run_tracker("alerts", "--json", env=env).stdout) if a["state"] == "MN"]
    assert mongolia["messages"][0]["silenced"].startswith("state MN until 2100-01-01 00:00 UTC by desk: on it")
    assert {d["status"] for d in mongolia["deliveries"]} == {"silenced"}
    table = run_tracker("alerts", env={**env, "COLUMNS": "250"}).stdout
    assert "first: silenced (state MN" in table and "on it [red]now[/red])" in table  # shown, not styled
    listed = json.loads(run_tracker("alerts", "silences", "--json", env=env).stdout)
    assert listed[0]["state"] == "MN" and listed[0]["by"] == "desk"
    bad = run_tracker("alerts", "silence", "--state", "MN", "--until", "soon", "--by", "d", "--reason", "r", env=env)
    assert bad.returncode == 2 and "--until" in bad.stderr and "Traceback" not in bad.stderr
    assert run_tracker("alerts", "expire-silence", "1", env=env).returncode == 0
    assert json.loads(run_tracker("alerts", "silences", "--json", env=env).stdout) == []
    alert = mongolia
    notified = run_tracker("alerts", "notify-bureau", str(alert["id"]), "--by", "President", env=env)
    assert notified.returncode == 0 and "1 recipient(s)" in notified.stdout
    twice = run_tracker("alerts", "notify-bureau", str(alert["id"]), "--by", "President", env=env)
    assert twice.returncode == 2 and "already notified" in twice.stderr
    [shown] = [a for a in json.loads(run_tracker("alerts", "--json", env=env).stdout) if a["id"] == alert["id"]]
    assert [m["reason"] for m in shown["messages"]][-1] == "bureau" and shown["messages"][-1]["silenced"] is None


def test_migration_gives_each_stored_alert_its_first_notice(engine, ref):
    """An alert queued before the notification log existed keeps its Message-ID and its deliveries."""
    migrate(engine, "0002")
    load_into_database(engine, ref)
    now = datetime(2024, 8, 29, 10, tzinfo=UTC)
    episode = sa.table(
        "episode",
        *map(
            sa.column, ("id", "person_id", "state", "status", "outlets", "official_sources", "first_seen", "last_seen")
        ),
        sa.column("history", sa.JSON),
    )
    alert = sa.table("alert", *map(sa.column, ("id", "episode_id", "kind", "rule", "message_id", "created_at")),
                     sa.column("why", sa.JSON))  # fmt: skip
    delivery = sa.table("delivery", *map(sa.column, ("id", "alert_id", "recipient", "channel", "status", "attempts")))
    with engine.begin() as conn:
        conn.execute(
            episode.insert().values(
                id=1,
                person_id="putin",
                state="MN",
                status="announced",
                outlets=1,
                official_sources=0,
                first_seen=now,
                last_seen=now,
                history=[],
            )
        )
        conn.execute(alert.insert().values(id=1, episode_id=1, kind="good_offices", rule="r", message_id="<m@x.org>",
                                           created_at=now, why=[]))  # fmt: skip
        conn.execute(delivery.insert(), [{"id": i, "alert_id": 1, "recipient": f"r{i}@x.org", "channel": "email",
                                          "status": "sent", "attempts": 1} for i in (1, 2)])  # fmt: skip
    migrate(engine)
    with Session(engine) as s:
        [notice] = s.exec(select(Notice)).all()
        assert (notice.reason, notice.message_id, notice.alert_id) == ("first", "<m@x.org>", 1)
        assert {d.notice_id for d in s.exec(select(Delivery))} == {notice.id}


def test_a_visit_to_a_state_without_a_duty_is_only_monitored(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    beijing = ("Putin left Beijing after a two-day visit",
               "President Vladimir Putin left Beijing on Tuesday after a two-day state visit to China.")  # fmt: skip
    assert reported(engine, config, beijing, 35) == 0
    assert notices(engine) == []


def test_a_message_that_cannot_be_built_stays_queued_and_holds_back_nothing(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    reported(engine, config, PLAN, 29)
    with session_scope(engine) as s:  # a notice with a reason no template knows: a bug, not the recipient's fault
        alert = s.exec(select(Alert)).one()
        broken = Notice(alert_id=alert.id, reason="unknown", message_id="<broken@example.org>")
        s.add(broken)
        s.flush()
        s.add(Delivery(alert_id=alert.id, notice_id=broken.id, recipient="someone@example.org"))
    drained = drain(engine, config)
    assert (drained.sent, drained.failed) == (2, 1) and "cannot build the message: KeyError" in drained.errors[0]
    with Session(engine) as s:
        kept = s.exec(select(Delivery).where(Delivery.recipient == "someone@example.org")).one()
    assert kept.status == "queued" and kept.attempts == 1 and kept.next_attempt_at is not None
