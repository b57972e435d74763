"""Kill -9 during a big replay, restart, and the alerts are those of a clean run: none lost, none twice.

The replay corpora's 629 real reports are written as one RSS file and ingested by the real command in a
subprocess, killed at several moments (before any report is processed, early, midway, near the end, as
a reader of the database sees it); the same command run again finishes the work. Alerts and their
messages are compared with an uninterrupted run's. A kill during the first migration leaves no half
schema behind (migrations are all or nothing, SQLite included)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.conftest import ROOT, TRACKER

REPLAY = ROOT / "tests/data/replay"
KILL_AT = (0, 100, 350, 600)  # reports processed when killed: none yet, early, middle and late days (of 629)


def feed_of(folders: list[Path], path: Path) -> Path:
    items = []
    for folder in folders:
        for line in (folder / "reports.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            day = datetime.fromisoformat(r["published"].replace("Z", "+00:00"))
            when = day if day.tzinfo else day.replace(hour=12, tzinfo=UTC)
            items.append(
                f"<item><title>{escape(r['title'] or '')}</title><link>{escape(r['url'])}</link>"
                f"<description>{escape(r['summary'] or '')}</description><pubDate>{format_datetime(when)}</pubDate>"
                f"<guid>{escape(r['id'])}</guid></item>"
            )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>replay</title>'
        f"<link>https://replay.example/</link><description>replay</description>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    return path


def ingest(feed: Path, data: Path, cwd: Path, kill_at: int | None = None) -> int:
    """`tracker ingest` of the feed; with `kill_at`, SIGKILL as soon as that many reports are processed
    (0: as soon as the database exists), watched from outside as a reader of the database."""
    env = {**os.environ, "TRACKER_DATA_DIR": str(data), "TRACKER_CONFIG": str(ROOT / "config.yaml")}
    process = subprocess.Popen([str(TRACKER), "ingest", str(feed)], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    if kill_at is None:
        return process.wait(timeout=600)
    while process.poll() is None and processed(data) < kill_at:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60)


def processed(data: Path) -> int:
    """How many reports the database holds as processed (-1 before it has any)."""
    try:
        with sqlite3.connect(f"file:{data / 'tracker.db'}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(processed_at) FROM report").fetchone()[0]
    except sqlite3.Error:
        return -1


def alerts_of(data: Path) -> list[tuple]:
    """Every alert with its messages: person, state, kind, and each notice's reason, time and recipients."""
    with sqlite3.connect(data / "tracker.db") as db:
        rows = db.execute(
            "SELECT e.person_id, e.state, a.kind, n.reason, n.created_at, n.message_id,"
            " (SELECT count(*) FROM delivery d WHERE d.notice_id = n.id)"
            " FROM alert a JOIN episode e ON e.id = a.episode_id JOIN notice n ON n.alert_id = a.id"
            " ORDER BY n.created_at, e.person_id, e.state, n.reason"
        ).fetchall()
    return [(p, s, k, r, str(t)[:19], m.split(".episode-")[0], d) for p, s, k, r, t, m, d in rows]


@pytest.mark.skipif(not REPLAY.is_dir(), reason="the replay corpora are not in tests/data/replay")
def test_kill_9_at_any_point_of_a_big_replay_loses_no_alert_and_raises_none_twice(tmp_path):
    feed = feed_of([REPLAY / "ra", REPLAY / "rb"], tmp_path / "replay.xml")
    clean = tmp_path / "clean"
    assert ingest(feed, clean, tmp_path) == 0
    expected = alerts_of(clean)
    assert len(expected) >= 20  # a replay big enough to matter: first alerts, updates, post-visit notices
    for count in KILL_AT:
        data = tmp_path / f"killed-at-{count}"
        assert ingest(feed, data, tmp_path, kill_at=count) == -signal.SIGKILL, f"finished before {count} were done"
        assert processed(data) < 629  # killed with work left
        assert ingest(feed, data, tmp_path) == 0  # the same command again finishes the work
        assert alerts_of(data) == expected, f"killed at {count} reports processed"
