"""Exactly once: two senders on one database, and a sender killed in the middle of the SMTP exchange, never
send a delivery twice (a real SMTP server on loopback, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import yaml
from sqlmodel import Session, select

from alerts.outbox import drain
from tests.conftest import ROOT, TRACKER, run_tracker
from tests.feedserver import send
from tests.mailserver import Inbox
from tests.pgserver import free_port
from tests.test_alerts import alert_once, config_for, store_coming
from tracker.models import Delivery
from tracker.refdata import prepare
from tracker.storage import make_engine

COPIES = 30  # deliveries of one notice, each to its own recipient


class SlowInbox(Inbox):
    """An SMTP server that takes its time: a pause after each RCPT widens the window two senders race in,
    and `hold_after_data` holds the final answer after it has taken the message (as a busy server does)."""

    def __init__(self, port: int, rcpt_pause: float = 0.0, hold_after_data: float = 0.0) -> None:
        super().__init__(port)
        self.rcpt_pause, self.hold_after_data = rcpt_pause, hold_after_data
        self.taken = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(self.rcpt_pause)
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        self.taken.set()
        await asyncio.sleep(self.hold_after_data)
        return answer


def many_deliveries(engine, config) -> None:
    """One alert about a trip still to come, its notice copied to COPIES recipients."""
    store_coming(engine)
    alert_once(engine, config)
    with Session(engine) as s:
        first = s.exec(select(Delivery)).first()
        for i in range(COPIES - 2):
            s.add(Delivery(alert_id=first.alert_id, notice_id=first.notice_id, recipient=f"copy{i}@example.org"))
        s.commit()


def test_two_senders_on_one_database_send_each_delivery_once(engine, db_url, tmp_path):
    prepare(engine)
    port = free_port()
    config = config_for(tmp_path, f"smtp://127.0.0.1:{port}")
    many_deliveries(engine, config)
    results = []

    def sender() -> None:
        own = make_engine(db_url)  # as a second process would: its own connections
        results.append(drain(own, config))
        own.dispose()

    with SlowInbox(port, rcpt_pause=0.01) as inbox:
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    recipients = [m["To"] for m in inbox.messages]
    assert len(recipients) == COPIES and len(set(recipients)) == COPIES
    assert sum(r.sent for r in results) == COPIES
    with Session(engine) as s:
        assert {(d.status, d.attempts) for d in s.exec(select(Delivery))} == {("sent", 1)}


def _config_file(tmp_path, port: int, db_url: str) -> dict:
    data = yaml.safe_load((ROOT / "config.yaml").read_text())
    data.update(data_dir=str(tmp_path / "var"), sources=[])
    data["alerts"].update(group_wait_seconds=0)
    data["mail"].update(smtp_url=f"smtp://127.0.0.1:{port}", timeout_seconds=30)
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(data))
    return {"TRACKER_CONFIG": str(tmp_path / "config.yaml"), "TRACKER_DATABASE_URL": db_url}


SENDER = """
from alerts.outbox import drain
from tracker.config import load_config
from tracker.storage import make_engine
config = load_config(None)
drain(make_engine(config.database_url), config)
"""


@pytest.mark.parametrize("killed", ["after the server took the message", "before the message was handed over"])
def test_a_sender_killed_during_the_smtp_exchange_never_sends_twice(engine, db_url, tmp_path, killed):
    """Killed while the server holds its answer to the message it took: the restart counts it sent and keeps
    its Message-ID. Killed before the message's end went out: the server dropped it, the restart sends it."""
    prepare(engine)
    port = free_port()
    config = config_for(tmp_path, f"smtp://127.0.0.1:{port}")
    store_coming(engine)
    alert_once(engine, config)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")},
        **_config_file(tmp_path, port, db_url),
    }
    taken = killed.startswith("after")
    with SlowInbox(port, rcpt_pause=0 if taken else 30, hold_after_data=30 if taken else 0) as inbox:
        process = subprocess.Popen([sys.executable, "-c", SENDER], env=env, cwd=tmp_path)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with Session(engine) as s:
                claimed = s.exec(select(Delivery).where(Delivery.status == "sending")).first()
            if (inbox.taken.is_set() if taken else claimed is not None) and process.poll() is None:
                break
            time.sleep(0.05)
        time.sleep(0.3)  # well inside the exchange
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        inbox.rcpt_pause, inbox.hold_after_data = 0, 0
        before = len(inbox.messages)
        assert before == (1 if taken else 0)
        resumed = drain(engine, config)
    assert len(inbox.messages) == 2, [m["To"] for m in inbox.messages]
    assert len({m["To"] for m in inbox.messages}) == 2  # each recipient once
    assert resumed.sent == (1 if taken else 2)
    with Session(engine) as s:
        deliveries = list(s.exec(select(Delivery)))
    assert {d.status for d in deliveries} == {"sent"}
    assert len({m["Message-ID"] for m in inbox.messages}) == 1


def test_a_second_tracker_run_on_the_same_database_refuses_with_one_line(tmp_path, server):
    server.route("/feed.xml", send(b"<rss version='2.0'><channel><title>t</title></channel></rss>"))
    data = yaml.safe_load((ROOT / "config.yaml").read_text())
    data.update(
        data_dir=str(tmp_path / "var"), sources=[{"id": "local", "kind": "feed", "url": server.url("/feed.xml")}]
    )
    data["web"].update(enabled=False)
    data["fetch"].update(allowed_hosts=["127.0.0.1"])
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(data))
    env = {"TRACKER_CONFIG": str(tmp_path / "config.yaml")}
    assert run_tracker("init", env=env).returncode == 0
    base = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    first = subprocess.Popen([str(TRACKER), "run"], env={**base, **env}, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            if first.poll() is not None or server.hits["/feed.xml"]:
                break
            time.sleep(0.1)
        second = run_tracker("run", "--once", env=env)
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)
    lines = second.stderr.strip().splitlines()
    assert second.returncode == 1 and len(lines) == 1 and "another `tracker run`" in lines[0], second.stderr
    assert run_tracker("run", "--once", env=env).returncode == 0  # the lock went with the first run
