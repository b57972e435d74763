"""Stored reports → claims → episodes → decisions, on SQLite and PostgreSQL; re-running changes nothing;
the archived Putin–Mongolia reports raise the alert before he landed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from tests.conftest import ROOT, run_tracker
from tests.test_alerts import config_for
from tracker.backtest import backtest, read_known
from tracker.collecting import ensure_source
from tracker.config import load_config
from tracker.episodes import rebuild
from tracker.ingest import ingest
from tracker.models import Episode, Report, TravelClaim
from tracker.pipeline import process, unprocessed
from tracker.refdata import prepare

DATA = Path(__file__).with_name("data")
ARCHIVE = DATA / "archive"


def snapshot(engine) -> list[tuple]:
    with Session(engine) as s:
        episodes = s.exec(select(Episode).order_by(Episode.person_id, Episode.state, Episode.expected_start)).all()
        claims = s.exec(select(func.count()).select_from(TravelClaim)).one()
        return [claims] + [
            (e.person_id, e.state, e.expected_start, e.status, e.outlets, len(e.history)) for e in episodes
        ]


@pytest.fixture
def loaded(engine):
    prepare(engine)
    ingest(engine, [ARCHIVE / "putin-mongolia-2024.xml"], "archive")
    return engine


def published_before(engine, moment: datetime) -> list[int]:
    with Session(engine) as s:
        return [r.id for r in s.exec(select(Report)) if r.published_at and r.published_at.replace(tzinfo=UTC) < moment]


def test_process_builds_the_mongolia_episode_and_is_idempotent(loaded):
    before_trip = datetime(2024, 9, 1, tzinfo=UTC)
    early = published_before(loaded, before_trip)
    assert len(early) >= 10
    result = process(loaded, early, as_of=before_trip)
    mongolia = [(e, d) for e, d in result.episodes if (e.person_id, e.state) == ("putin", "MN")]
    assert mongolia, [(e.person_id, e.state) for e, _ in result.episodes]
    episode, decision = max(mongolia, key=lambda ed: ed[0].outlets)
    assert episode.expected_start in (date(2024, 9, 2), date(2024, 9, 3))
    assert episode.outlets >= 5 and episode.history[0]["to"] in ("rumoured", "announced")
    assert decision.decision == "alert" and any("Mongolia" in w for w in decision.why)

    everything = unprocessed(loaded) + early
    result = process(loaded, everything)
    assert unprocessed(loaded) == []
    [episode] = [e for e, _ in result.episodes if (e.person_id, e.state) == ("putin", "MN")]
    assert episode.status == "over" and [h["to"] for h in episode.history][-1] == "over"
    before = snapshot(loaded)
    again = process(loaded, everything)
    assert snapshot(loaded) == before and again.claims == result.claims


def test_wire_copies_count_as_one_outlet(engine):
    prepare(engine)
    with Session(engine) as s:
        ensure_source(s, "wire", "feed", "https://example.org/feed")
        body = "President Vladimir Putin will visit Mongolia on Sept. 3, the Kremlin said."
        for i, host in enumerate(("apnews.example", "paper-one.example", "paper-two.example")):
            s.add(Report(source_id="wire", url=f"https://{host}/{i}", canonical_url=f"https://{host}/{i}",
                         title="Putin to visit Mongolia next week", summary=body, host=host,
                         published_at=datetime(2024, 8, 29, 9, i, tzinfo=UTC), content_hash=f"h{i}",
                         story_id=None))  # fmt: skip
        s.commit()
        first = s.exec(select(Report).order_by(Report.id)).first()
        for r in s.exec(select(Report)):
            r.story_id = first.id  # all three are copies of one story
            s.add(r)
        s.commit()
    process(engine, unprocessed(engine))
    with Session(engine) as s:
        [episode] = rebuild(s, "putin", "MN")
        assert episode.outlets == 1 and episode.status == "announced"


def test_status_follows_the_trip(engine):
    prepare(engine)
    reports = [
        ("Putin to visit Mongolia", "President Vladimir Putin will visit Mongolia on Sept. 3.", 8, 29),
        ("Putin arrives in Mongolia", "President Vladimir Putin arrived in Ulaanbaatar on Monday.", 9, 2),
        ("Putin left Mongolia", "President Vladimir Putin visited Mongolia on Sept. 3 and returned to Moscow.", 9, 4),
    ]  # fmt: skip
    with Session(engine) as s:
        ensure_source(s, "news", "feed", "https://example.org/feed")
        for i, (title, summary, month, day) in enumerate(reports):
            url = f"https://site{i}.example/{i}"
            when = datetime(2024, month, day, 9, tzinfo=UTC)  # fetched as published: read as of that day
            s.add(Report(source_id="news", url=url, canonical_url=url, title=title, summary=summary,
                         host=f"site{i}.example", published_at=when, fetched_at=when, content_hash=str(i)))  # fmt: skip
        s.commit()
    result = process(engine, unprocessed(engine))
    [(episode, decision)] = [(e, d) for e, d in result.episodes if e.state == "MN"]
    assert [h["to"] for h in episode.history] == ["announced", "under_way", "over"]
    assert episode.outlets == 3 and decision.decision == "post_visit"  # over, and not arrested


def test_backtest_fires_before_putin_landed_in_mongolia():
    known = read_known(DATA / "known_episodes.csv")
    result = backtest([ARCHIVE], known, load_config(ROOT / "config.yaml"))
    mongolia = next(k for k in known if (k.person, k.state) == ("putin", "MN"))
    fired = result.first_alert[mongolia]
    assert fired is not None and fired.at < datetime(2024, 9, 2, tzinfo=UTC)
    assert result.lead(mongolia).days >= 2


def test_cli_ingest_reprocess_and_backtest(tmp_path):
    env = {"TRACKER_DATA_DIR": str(tmp_path / "var")}
    first = run_tracker("ingest", str(ARCHIVE / "putin-mongolia-2024.xml"), cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "message(s) queued in the outbox" in first.stdout
    again = run_tracker("reprocess", "--since", "2024-08-01", cwd=tmp_path, env=env)
    assert again.returncode == 0 and "reports processed" in again.stdout
    assert "putin → MN (2024-09-0" in again.stdout
    bad = run_tracker("reprocess", "--since", "August", cwd=tmp_path, env=env)
    assert bad.returncode == 2 and "not a date" in bad.stderr
    replay = run_tracker("backtest", str(ARCHIVE), "--episodes", str(DATA / "known_episodes.csv"), cwd=tmp_path)
    assert replay.returncode == 0, replay.stderr
    assert "putin → MN 2024-09-02–2024-09-03: first alert 2024-08-" in replay.stdout


def test_old_news_fetched_today_is_read_as_of_today_and_raises_nothing(engine, tmp_path):
    prepare(engine)
    with Session(engine) as s:
        ensure_source(s, "news", "feed", "https://example.org/feed")
        s.add(
            Report(
                source_id="news",
                url="https://a.example/1",
                canonical_url="https://a.example/1",
                title="Putin to visit Mongolia",
                summary="President Vladimir Putin will visit Mongolia on Sept. 3.",
                host="a.example",
                published_at=datetime(2024, 8, 29, 9, tzinfo=UTC),
                content_hash="1",
            )
        )  # fmt: skip  (fetched now: a late feed item)
        s.commit()
    result = process(engine, unprocessed(engine), config=config_for(tmp_path))
    assert result.raised == 0 and [d.decision for _, d in result.episodes] == ["monitor"]
