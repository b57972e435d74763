"""`tracker run`, `sources` and `ingest` as a user runs them, against a real HTTP server on loopback;
and the crash and the clean stop of a long run."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import requests
import yaml

from tests.conftest import TRACKER, coming_visit_rss, run_tracker
from tests.feedserver import FeedServer, conditional, send, stall, status, trickle_headers
from tests.pgserver import free_port
from tests.test_collecting import rss

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/feeds/feedparser"


def write_config(folder: Path, sources: list[dict], **extra) -> Path:
    config = {"data_dir": "var", "sources": sources, "fetch": {"host_gap_seconds": 0, "read_timeout_seconds": 3,
              "allowed_hosts": ["127.0.0.1"]},
              "web": {"port": free_port()}}  # fmt: skip
    config.update(extra)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def reports(folder: Path) -> list[tuple]:
    with sqlite3.connect(folder / "var/tracker.db") as db:
        return db.execute("select canonical_url, source_id from report order by canonical_url").fetchall()


def test_run_once_polls_every_source_and_summarises(tmp_path, server):
    good = server.route("/good.xml", conditional(rss(12), '"e1"'))
    down = server.route("/down.xml", status(503, {"Retry-After": "600"}))
    config = write_config(tmp_path, [{"id": "good", "kind": "feed", "url": good}, {"id": "down", "kind": "feed",
                                     "url": down}])  # fmt: skip
    first = run_tracker("run", "--once", "--config", str(config))
    assert first.returncode == 0, first.stderr
    assert "12 new reports from 2 sources; 1 with problems." in first.stdout
    assert "HTTP 503" in first.stdout
    again = run_tracker("run", "--once", "--config", str(config))
    assert "0 new reports" in again.stdout and "1/1" in again.stdout  # the good feed answered 304
    health = json.loads(run_tracker("sources", "--json", "--config", str(config)).stdout)
    by_id = {h["id"]: h for h in health}
    assert by_id["good"]["reports_stored"] == 12 and by_id["good"]["consecutive_failures"] == 0
    assert by_id["down"]["consecutive_failures"] == 2 and "HTTP 503" in by_id["down"]["last_error"]
    table = run_tracker("sources", "--config", str(config)).stdout
    assert "good" in table and "down" in table


def test_run_once_fails_when_every_source_fails(tmp_path, server):
    """So that cron can tell: exit 1, the reason on stderr, each error in the summary."""
    config = write_config(tmp_path, [{"id": "gone", "kind": "feed", "url": server.route("/x", status(404))}])
    result = run_tracker("run", "--once", "--config", str(config))
    assert result.returncode == 1 and "HTTP 404" in result.stdout
    assert "no source answered: `tracker sources` shows each error" in result.stderr


def test_a_machine_with_no_network_is_told_so_not_failed(tmp_path, server, monkeypatch):
    """Offline (no source's host name resolves: DNS is outside this machine, so it is the one thing
    mocked), the README's first command still completes and says why nothing came in; a source that
    resolves (loopback) means the network is there and the sources failed."""
    from tracker.cli.collect import offline
    from tracker.config import load_config

    looped = load_config(
        write_config(tmp_path, [{"id": "gone", "kind": "feed", "url": server.route("/x", status(404))}])
    )
    assert not offline(looped)
    far = load_config(write_config(tmp_path, [{"id": "far", "kind": "feed", "url": "https://feeds.example.org/rss"}]))

    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    assert offline(far) and not offline(looped.model_copy(update={"sources": []}))


def test_run_without_sources_says_what_to_do(tmp_path):
    result = run_tracker("run", "--once", "--config", str(write_config(tmp_path, [])))
    assert result.returncode == 2 and "add some under `sources:`" in result.stderr


def test_ingest_replays_saved_feeds_as_of_their_dates(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "a.xml").write_bytes(rss(4, prefix="a"))
    (saved / "b.rss").write_bytes(rss(4, prefix="a"))  # the same items again
    (saved / "broken.xml").write_bytes(b"<html>not a feed</html>")
    (saved / "notes.txt").write_text("ignored: not a feed suffix")
    config = write_config(tmp_path, [])
    result = run_tracker("ingest", str(saved), "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "3 files: 4 new reports, 4 already stored, 1 files unreadable." in result.stdout
    assert "broken.xml" in result.stderr
    with sqlite3.connect(tmp_path / "var/tracker.db") as db:
        fetched = {row[0][:10] for row in db.execute("select fetched_at from report")}
    assert fetched == {"2024-08-30"}  # as if fetched when published, not today
    missing = run_tracker("ingest", str(tmp_path / "nowhere"), "--config", str(config))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"feedparser corpus not found at {CORPUS} (../shared absent)")
def test_ingest_the_feedparser_corpus(tmp_path):
    result = run_tracker("ingest", str(CORPUS / "wellformed/atom10"), "--config", str(write_config(tmp_path, [])))
    assert result.returncode == 0, result.stderr
    assert " 0 files unreadable" in result.stdout and len(reports(tmp_path)) > 10


def _serve_many(server: FeedServer, feeds: int, items: int) -> list[dict]:
    sources = []
    for f in range(feeds):
        url = server.route(f"/feed{f}.xml", conditional(rss(items, prefix=f"f{f}", host=f"site{f}.example"), '"1"'))
        sources.append({"id": f"feed{f}", "kind": "feed", "url": url})
    return sources


def _start(config: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return subprocess.Popen(
        [str(TRACKER), "run", "--config", str(config)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _wait_for_reports(folder: Path, at_least: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            n = len(reports(folder))
        except sqlite3.Error:
            n = 0
        if n >= at_least:
            return n
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} reports after {timeout} s")


def test_a_crash_mid_run_loses_nothing_and_duplicates_nothing(tmp_path, server):
    """Kill -9 while polling; feeds answer 304 to a known ETag, so a validator kept without its reports
    would lose them for good. After a restart every item is there exactly once."""
    sources = _serve_many(server, feeds=60, items=30)
    config = write_config(tmp_path, sources)
    process = _start(config)
    try:
        partial = _wait_for_reports(tmp_path, 100)
    finally:
        process.kill()
        process.wait(10)
    assert partial < 60 * 30, "the run finished before the crash; make it longer"
    result = run_tracker("run", "--once", "--config", str(config))
    assert result.returncode == 0, result.stderr
    rows = reports(tmp_path)
    assert len(rows) == len(set(rows)) == 60 * 30
    with sqlite3.connect(tmp_path / "var/tracker.db") as db:
        stored = dict(db.execute("select id, reports_stored from source"))
    assert all(n == 30 for n in stored.values())


def test_sigterm_stops_cleanly(tmp_path, server):
    sources = _serve_many(server, feeds=30, items=20)
    config = write_config(tmp_path, sources)
    process = _start(config)
    _wait_for_reports(tmp_path, 20)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "SIGTERM: stopping" in stderr
    with sqlite3.connect(tmp_path / "var/tracker.db") as db:
        per_source = dict(db.execute("select source_id, count(*) from report group by source_id"))
        health = dict(db.execute("select id, reports_stored from source"))
    # every source polled before the stop is complete and its health agrees with what is stored
    assert all(per_source.get(s, 0) == health[s] and health[s] in (0, 20) for s in health)


def test_sigterm_stops_within_10_seconds_whatever_a_server_does(tmp_path, server):
    """A server trickling its headers (each read gets a byte; the deadline is a minute away) and one that
    never answers: SIGTERM still ends `tracker run` within 10 s, with the good source's reports stored and
    the cut-off sources not counted as failing."""
    good = server.route("/good.xml", send(rss(5)))
    slow, other = FeedServer().start(), FeedServer().start()  # other hosts: one host gets one request at a time
    trickle = slow.route("/trickle.xml", trickle_headers(every=0.5))
    silent = other.route("/silent.xml", stall(600))
    sources = [{"id": "good", "kind": "feed", "url": good}, {"id": "trickle", "kind": "feed", "url": trickle},
               {"id": "silent", "kind": "feed", "url": silent}]  # fmt: skip
    patient = {
        "host_gap_seconds": 0,
        "read_timeout_seconds": 300,
        "deadline_seconds": 600,
        "allowed_hosts": ["127.0.0.1"],
    }
    config = write_config(tmp_path, sources, fetch=patient)
    process = _start(config)
    _wait_for_reports(tmp_path, 5)
    for _ in range(600):
        if slow.hits["/trickle.xml"] and other.hits["/silent.xml"]:
            break
        time.sleep(0.05)
    time.sleep(1)
    began = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
        slow.stop()
        other.stop()
    assert time.monotonic() - began < 10 and process.returncode == 0, stderr
    with sqlite3.connect(tmp_path / "var/tracker.db") as db:
        failures = dict(db.execute("select id, consecutive_failures from source"))
    assert failures == {"good": 0, "trickle": 0, "silent": 0}


def _with_recipients(tmp_path: Path, sources: list[dict]) -> Path:
    """The shipped config (its placeholder recipients) with these sources and data in tmp_path."""
    config = yaml.safe_load((Path(__file__).resolve().parents[1] / "config.yaml").read_text())
    config.update(data_dir="var", sources=sources)
    config["fetch"].update(host_gap_seconds=0, allowed_hosts=["127.0.0.1"])
    config["web"]["port"] = free_port()
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def _maildir(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "var/mail/new").glob("*")) if (tmp_path / "var/mail/new").exists() else []


def test_run_once_polls_processes_and_delivers(tmp_path, server):
    url = server.route("/news.xml", send(coming_visit_rss()))
    config = _with_recipients(tmp_path, [{"id": "news", "kind": "feed", "url": url}])
    result = run_tracker("run", "--once", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert re.search(r"alert   putin → MN \(\d{4}-\d\d-\d\d\)", result.stdout), result.stdout
    assert "outbox: 2 message(s) delivered" in result.stdout
    assert len(_maildir(tmp_path)) == 2
    again = run_tracker("run", "--once", "--config", str(config))
    assert "outbox:" not in again.stdout and len(_maildir(tmp_path)) == 2  # nothing announced twice


def test_run_processes_and_delivers_on_its_own(tmp_path, server):
    url = server.route("/news.xml", send(coming_visit_rss()))
    config = _with_recipients(tmp_path, [{"id": "news", "kind": "feed", "url": url}])
    process = _start(config)
    try:
        deadline = time.monotonic() + 60
        while len(_maildir(tmp_path)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_maildir(tmp_path)) == 2
        port = yaml.safe_load(config.read_text())["web"]["port"]  # the web app runs beside the collectors
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=10).json()["database"] == "ok"
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0
