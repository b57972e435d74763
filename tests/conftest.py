"""Shared fixtures: databases of both kinds, the reference data, and a way to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests
import time_machine
from sqlalchemy import Engine, text

from geo.reference import Reference, default_reference
from tests.feedserver import FeedServer
from tests.pgserver import PgServer, start_server
from tracker.storage import make_engine

ROOT = Path(__file__).resolve().parent.parent
TRACKER = Path(sys.executable).with_name("tracker")


@pytest.fixture
def story_time() -> Iterator[None]:
    """The clock at noon on 29 August 2024, when the archived reports announced Putin's visit to Mongolia:
    tests of the messages about that trip run in its days, as a live run did then (the outbox asks, at
    delivery, whether the trip is still to come). The clock ticks on from there."""
    with time_machine.travel(datetime(2024, 8, 29, 12, tzinfo=UTC), tick=True):
        yield


def coming_visit_rss() -> bytes:
    """A feed with one report published now of Putin's visit to Mongolia next week: a trip still to come,
    for the tests of commands run in subprocesses on today's clock (the outbox sends only what still matters)."""
    now = format_datetime(datetime.now(UTC))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>news</title><item>'
        "<title>Putin to visit Mongolia next week despite ICC warrant</title><link>https://news.example/p1</link>"
        "<description>MOSCOW (Reuters) - The Kremlin said that President Vladimir Putin will visit Mongolia next"
        f" week.</description><pubDate>{now}</pubDate></item></channel></rss>"
    ).encode()


@pytest.fixture(scope="session")
def ref() -> Reference:
    return default_reference()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A real HTTP server on loopback; each test scripts what its paths answer."""
    s = FeedServer().start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One real PostgreSQL server for the session; CI must have it, elsewhere its tests skip."""
    try:
        server = start_server()
    except FileNotFoundError as e:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL tests skipped: {e}")
    yield server
    server.stop()


def _fresh_pg_database(server: PgServer) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server.url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An empty database of each kind: every storage test runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return _fresh_pg_database(request.getfixturevalue("pg_server"))


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def run_tracker(
    *args: str, cwd: Path | None = None, env: dict | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    """Run the installed `tracker` command as a user would, with no TRACKER_ variables but those given."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return subprocess.run(
        [str(TRACKER), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        input=stdin,
        timeout=120,
    )


@contextmanager
def serving(env: dict, port: int) -> Iterator[str]:
    """`tracker serve` as a user starts it, on loopback; yields its base URL."""
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    command = [str(TRACKER), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        command, env={**base_env, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(base + "/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail(f"tracker serve did not start: {process.stderr.read() if process.stderr else ''}")
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def web_app(tmp_path_factory):
    """One `tracker serve` process for the web tests, over the data in tests/webapp.py."""
    from tests.pgserver import free_port
    from tests.webapp import prepare_web_app

    app = prepare_web_app(tmp_path_factory.mktemp("web"))
    with serving(app.env, free_port()) as base:
        app.base = base
        yield app
