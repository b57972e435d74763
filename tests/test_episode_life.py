"""The life of an episode, at the level a focal point feels it: one alert per trip, raised the day the trip
comes within the horizon, never again once it is over; reports after a visit are its aftermath; an old
invitation never swallows the visit it led to; trips age with the calendar; a replay of an archive mails
nothing about trips long over."""

from __future__ import annotations

import email
import json
import mailbox
import shutil
from datetime import UTC, date, datetime, timedelta
from email.policy import default

import requests
from sqlmodel import Session, select

from alerts.outbox import drain
from alerts.urgency import days_left
from tests.conftest import ROOT, run_tracker, serving
from tests.feedserver import send
from tests.test_alerts import config_for
from tests.test_cli_collect import _with_recipients
from tests.test_pipeline import ARCHIVE
from tracker.collecting import ensure_source
from tracker.config import load_config
from tracker.episodes import age
from tracker.models import Alert, Delivery, Episode, Notice, Report
from tracker.pipeline import process_in_order, redecide
from tracker.refdata import prepare
from tracker.storage import make_engine
from tracker.web import public

ANNOUNCED_EARLY = ("Putin to visit Mongolia on September 3",
                   "President Vladimir Putin will visit Mongolia on September 3, the Kremlin said.")  # fmt: skip
ANNOUNCED = ("Putin to visit Mongolia on Sept. 3",
             "The Kremlin said that President Vladimir Putin will visit Mongolia on Sept. 3.")  # fmt: skip
ARRIVED = ("Putin arrives in Mongolia",
           "President Vladimir Putin arrived in Ulaanbaatar on Monday for a state visit to Mongolia.")  # fmt: skip
LEFT = ("Putin leaves Mongolia", "President Vladimir Putin left Mongolia on Tuesday after a two-day state visit.")
CRITICISED = ("Mongolia criticised for hosting Putin",
              "Ukraine and rights groups criticised Mongolia for hosting President Vladimir Putin despite the ICC "
              "warrant.")  # fmt: skip
INVITED = ("Putin invited to Mongolia",
           "Vladimir Putin has received an invitation to visit Mongolia, the Kremlin said.")  # fmt: skip


def replay(engine, config, reports: list[tuple[str, tuple[str, str]]], until: str) -> None:
    """Store each (ISO time, (title, lead)) as published then, and replay them as `tracker ingest` does."""
    with Session(engine) as s:
        ensure_source(s, "news", "feed", "https://news.example/feed")
        for i, (when, (title, lead)) in enumerate(reports):
            at = datetime.fromisoformat(when).replace(tzinfo=UTC)
            url = f"https://news.example/{i}"
            s.add(Report(source_id="news", url=url, canonical_url=url, title=title, summary=lead, host="news.example",
                         published_at=at, fetched_at=at, content_hash=url))  # fmt: skip
        s.commit()
        ids = list(s.exec(select(Report.id)))
    process_in_order(engine, ids, config, until=datetime.fromisoformat(until).replace(tzinfo=UTC))


def alerts_and_notices(engine) -> list[tuple[str, str, str]]:
    with Session(engine) as s:
        return [
            (s.get(Episode, s.get(Alert, n.alert_id).episode_id).state, n.reason, f"{n.created_at:%Y-%m-%d}")
            for n in s.exec(select(Notice).order_by(Notice.created_at, Notice.id))
        ]


def test_a_trip_announced_beyond_the_horizon_alerts_the_day_it_enters_it(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)  # horizon 30 days
    replay(engine, config, [("2024-07-20T09:00:00", ANNOUNCED_EARLY)], until="2024-08-10")
    assert alerts_and_notices(engine) == [("MN", "first", "2024-08-04")]  # 3 September less 30 days, no new report
    with Session(engine) as s:
        episode = s.exec(select(Episode)).one()
        assert episode.status == "announced"
        assert days_left(episode, date(2024, 8, 4)) == "in 30 days"
        assert days_left(episode, date(2024, 9, 2)) == "in 1 day"


def test_reports_after_the_visit_are_its_aftermath_and_never_a_new_alert(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    story = [("2024-08-29T09:00:00", ANNOUNCED), ("2024-09-02T18:00:00", ARRIVED), ("2024-09-04T08:00:00", LEFT),
             ("2024-09-20T10:00:00", CRITICISED)]  # fmt: skip
    replay(engine, config, story, until="2024-10-15")
    sent = alerts_and_notices(engine)
    assert [r for _, r, _ in sent].count("first") == 1 and all(day <= "2024-09-04" for _, _, day in sent)
    with Session(engine) as s:
        [episode] = s.exec(select(Episode)).all()
        assert episode.status == "over" and len(s.exec(select(Alert)).all()) == 1
        assert [a["url"] for a in episode.aftermath] == ["https://news.example/3"]  # the criticism, looking back
        assert [h["to"] for h in episode.history] == ["announced", "under_way", "over"]
        shown = public.episode(s, episode.id)  # the public pages and API say which reports came afterwards
        assert [x["url"] for x in shown["sources"] if x["aftermath"]] == ["https://news.example/3"]


def test_an_old_invitation_never_swallows_the_visit_it_led_to(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    replay(engine, config, [("2024-08-01T09:00:00", INVITED), ("2024-08-29T09:00:00", ANNOUNCED)], until="2024-09-01")
    assert alerts_and_notices(engine) == [("MN", "first", "2024-08-29")]  # the visit, the day it was announced
    with Session(engine) as s:
        episodes = s.exec(select(Episode).order_by(Episode.id)).all()
        assert [(e.expected_start, e.status) for e in episodes] == [(None, "expired"), (date(2024, 9, 3), "announced")]
        assert episodes[0].history[-1]["why"].startswith("an undated plan with no new report since 2024-08-01")


CALLED_OFF = ("Putin cancels visit to Mongolia",
              "The Kremlin said President Vladimir Putin has called off his visit to Mongolia.")  # fmt: skip
STILL_TALKED_OF = (
    "Putin's visit to Mongolia",
    "Mongolian officials were still preparing for President Vladimir Putin's visit to Mongolia.",
)
RECALLED = ("Mongolia and Putin's visit", "Rights groups again raised President Vladimir Putin's visit to Mongolia.")


def test_talk_of_a_called_off_plan_does_not_reopen_it(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    story = [("2024-08-29T09:00:00", ANNOUNCED), ("2024-08-30T09:00:00", CALLED_OFF),
             ("2024-08-31T09:00:00", STILL_TALKED_OF)]  # fmt: skip
    replay(engine, config, story, until="2024-09-01")
    with Session(engine) as s:
        assert [e.status for e in s.exec(select(Episode))] == ["cancelled"]
    assert [r for _, r, _ in alerts_and_notices(engine)] == ["first", "update"]  # the alert, then the call-off


def test_a_visit_named_months_later_is_still_its_aftermath(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    story = [("2024-08-29T09:00:00", ANNOUNCED), ("2024-09-04T08:00:00", LEFT), ("2024-12-20T09:00:00", RECALLED)]
    replay(engine, config, story, until="2024-12-21")
    with Session(engine) as s:
        [episode] = s.exec(select(Episode)).all()
        assert episode.status == "over" and [a["url"] for a in episode.aftermath] == ["https://news.example/2"]
    assert all(day <= "2024-09-04" for _, _, day in alerts_and_notices(engine))


def test_trips_age_with_the_calendar():
    seen = datetime(2024, 8, 29, 9, tzinfo=UTC)
    dated = Episode(person_id="putin", state="MN", expected_start=date(2024, 9, 3), status="announced",
                    first_seen=seen, last_seen=seen)  # fmt: skip
    assert not age(dated, date(2024, 9, 5))  # a trip dated by its first day alone lasts a couple of days
    assert age(dated, date(2024, 9, 6)) and dated.status == "over"
    assert dated.history[-1]["from"] == "announced" and dated.history[-1]["report"] is None
    assert not age(dated, date(2025, 1, 1))  # over stays over
    spanned = Episode(person_id="putin", state="MN", expected_start=date(2024, 9, 2), expected_end=date(2024, 9, 3),
                      status="under_way", first_seen=seen, last_seen=datetime(2024, 9, 3, tzinfo=UTC))  # fmt: skip
    assert not age(spanned, date(2024, 9, 3)) and age(spanned, date(2024, 9, 4))
    undated = Episode(person_id="putin", state="MN", status="announced", first_seen=seen, last_seen=seen)
    assert not age(undated, date(2024, 9, 27), expire_days=30)
    assert age(undated, date(2024, 9, 28), expire_days=30) and undated.status == "expired"
    visiting = Episode(person_id="putin", state="MN", status="under_way", first_seen=seen, last_seen=seen)
    assert age(visiting, date(2024, 9, 5)) and visiting.status == "over"
    called_off = Episode(person_id="putin", state="MN", status="cancelled", first_seen=seen, last_seen=seen)
    assert not age(called_off, date(2030, 1, 1))


def test_the_daily_re_decision_closes_past_trips_and_raises_nothing_for_them(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    replay(engine, config, [("2024-08-29T09:00:00", ANNOUNCED)], until="2024-08-30")
    before = alerts_and_notices(engine)
    later = redecide(engine, datetime(2024, 12, 1, tzinfo=UTC), config)
    assert later.raised == 0 and alerts_and_notices(engine) == before == [("MN", "first", "2024-08-29")]
    with Session(engine) as s:
        assert s.exec(select(Episode)).one().status == "over"


def test_a_replay_of_an_archive_mails_nothing_about_trips_long_over(tmp_path):
    env = {"TRACKER_DATA_DIR": str(tmp_path / "var")}
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")  # its placeholder recipients
    replayed = run_tracker("ingest", str(ARCHIVE), cwd=tmp_path, env=env)
    assert replayed.returncode == 0, replayed.stderr
    assert "2024-08-29 09:00 first putin → MN (2024-09-0" in replayed.stdout  # what it would have sent, and when
    assert "historical, not sent: by " in replayed.stdout and "queued (" not in replayed.stdout
    preview = run_tracker("outbox", "send", "--dry-run", cwd=tmp_path, env=env)
    assert preview.returncode == 0 and "0 message(s) would be delivered" in preview.stdout
    sent = run_tracker("outbox", "send", cwd=tmp_path, env=env)
    assert sent.returncode == 0 and "0 message(s) delivered" in sent.stdout, sent.stdout
    maildir = tmp_path / "var" / "mail"
    assert not maildir.exists() or len(mailbox.Maildir(maildir)) == 0
    record = [m for m in mailbox.Maildir(tmp_path / "var" / "historical", create=False)]  # kept, dated then
    first = next(m for m in record if "Mongolia" in m["Subject"] and "[good offices]" in m["Subject"])
    assert first["Date"] == "Thu, 29 Aug 2024 09:00:00 +0000" and first["X-Tracker-Historical"].startswith("not sent")
    listed = run_tracker("alerts", "--json", cwd=tmp_path, env=env)
    statuses = {d["status"] for a in json.loads(listed.stdout) for d in a["deliveries"]}
    assert statuses == {"historical"}


def test_deliveries_made_historical_keep_their_reason(engine, tmp_path):
    prepare(engine)
    config = config_for(tmp_path)
    replay(engine, config, [("2024-08-29T09:00:00", ANNOUNCED)], until="2024-08-30")
    drained = drain(engine, config, now=datetime(2024, 9, 10, tzinfo=UTC))
    assert drained.sent == 0 and drained.historical == 2
    with Session(engine) as s:
        assert {d.status for d in s.exec(select(Delivery))} == {"historical"}
        assert s.exec(select(Notice)).one().historical == "by 2024-09-10 the trip was over"
    assert drain(engine, config, now=datetime(2024, 9, 10, tzinfo=UTC) + timedelta(days=1)).sent == 0


def test_run_once_alerts_a_trip_that_time_alone_brought_within_the_horizon(tmp_path, server):
    """Announced 50 days ahead and monitored then; 40 days later, with no new report (the one source is an
    empty feed on loopback), `tracker run --once` raises and mails the alert, saying how many days are left."""
    today = datetime.now(UTC).date()
    trip, published = today + timedelta(days=10), today - timedelta(days=40)
    empty = server.route(
        "/empty.xml", send(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    )
    config_path = _with_recipients(tmp_path, [{"id": "news", "kind": "feed", "url": empty}])
    config = load_config(config_path)
    engine = make_engine(config.database_url)
    prepare(engine)
    when = f"{trip:%B} {trip.day}"
    announced = (f"Putin to visit Mongolia on {when}", f"President Vladimir Putin will visit Mongolia on {when}.")
    replay(engine, config, [(f"{published}T09:00:00", announced)], until=f"{published + timedelta(days=1)}")
    assert alerts_and_notices(engine) == []  # 50 days away: monitored
    engine.dispose()
    result = run_tracker("run", "--once", "--config", str(config_path))
    assert result.returncode == 0, result.stderr
    box = mailbox.Maildir(
        tmp_path / "var" / "mail", factory=lambda f: email.message_from_binary_file(f, policy=default)
    )
    [mail] = [m for m in box if "asp-president" in m["To"]]
    assert "Mongolia in 10 days" in mail["Subject"] and "When: in 10 days" in mail.get_body(("plain",)).get_content()


def test_the_web_app_shows_trips_as_they_stand_today(tmp_path):
    """A database last processed in August 2024: `tracker serve` shows that trip over, not still announced."""
    config_path = _with_recipients(tmp_path, [])
    config = load_config(config_path)
    engine = make_engine(config.database_url)
    prepare(engine)
    replay(engine, config, [("2024-08-29T09:00:00", ANNOUNCED)], until="2024-08-30")
    with Session(engine) as s:
        assert s.exec(select(Episode)).one().status == "announced"
    engine.dispose()
    with serving({"TRACKER_CONFIG": str(config_path)}, config.web.port) as base:
        shown = requests.get(f"{base}/api/episodes", timeout=10).json()
    assert [f["properties"]["status"] for f in shown["features"]] == ["over"]
