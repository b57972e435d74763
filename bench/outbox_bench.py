"""1,000 alerts through the outbox to a real SMTP server on loopback: messages per second, and
duplicates (there must be none).

Run: .venv/bin/python bench/outbox_bench.py [--alerts 1000] [--states 8] [--days 30]

Makes --alerts episodes of one person (a report and a claim each) spread over --states bound states
and --days expected days, raises their good-offices alerts through the same code as the pipeline (two
deliveries each: the President's team and the regional focal point), then drains the outbox into an
aiosmtpd server and counts what it accepted, by (Message-ID, recipient). The baseline in the same
process sends the same number of already-built messages to the same server, one SMTP connection each
as the sender does: the ratio says what the outbox adds (building each message with its map, the
bookkeeping of every delivery in its own transaction).
"""

from __future__ import annotations

import argparse
import smtplib
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATES = ("MN", "BR", "ZA", "TJ", "KE", "JO", "FR", "JP", "DE", "AR")  # States Parties in four regional groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, default=1000)
    parser.add_argument("--states", type=int, default=8, choices=range(1, len(STATES) + 1))
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()

    import json
    import logging

    import yaml
    from sqlmodel import Session, select

    from alerts.outbox import drain
    from alerts.raising import raise_alerts
    from alerts.rules import Decision
    from tests.mailserver import Inbox
    from tracker.collecting import ensure_source
    from tracker.config import parse_config
    from tracker.models import Delivery, Episode, Report, TravelClaim
    from tracker.refdata import prepare
    from tracker.storage import make_engine, session_scope

    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder, Inbox() as inbox:
        data = yaml.safe_load((ROOT / "config.yaml").read_text())
        data.update(data_dir=folder, sources=[])
        data["alerts"]["group_wait_seconds"] = 0
        data["mail"].update(smtp_url=f"smtp://127.0.0.1:{inbox.port}")
        config = parse_config(json.dumps(data), base_dir=Path(folder))
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        prepare(engine)
        start = date(2024, 9, 1)
        decision = Decision("alert", ("planned trip", "binding duty to arrest"), "binding", "state_party", 0.9)
        with session_scope(engine) as s:
            ensure_source(s, "news", "feed", "https://news.example/feed")
            episodes = []
            for i in range(args.alerts):
                day = start + timedelta(days=i % args.days)
                state = STATES[i % args.states]
                url = f"https://news.example/{i}"
                report = Report(source_id="news", url=url, canonical_url=url, host="news.example",
                                title=f"Putin to visit {state} on {day}", content_hash=url,
                                published_at=datetime(2024, 8, 25, tzinfo=UTC))  # fmt: skip
                episode = Episode(person_id="putin", state=state, expected_start=day, expected_end=day,
                                  status="announced", outlets=1, history=[])  # fmt: skip
                s.add_all([report, episode])
                s.flush()
                s.add(TravelClaim(report_id=report.id, person_id="putin", state=state, modality="planned",
                                  travel_start=day, confidence=0.9, episode_id=episode.id,
                                  evidence={"sentence": report.title, "rule": "bench"}))  # fmt: skip
                episodes.append((episode, decision))
            began = time.perf_counter()
            queued = raise_alerts(s, episodes, config)
        raise_seconds = time.perf_counter() - began
        with Session(engine) as s:
            deliveries = len(s.exec(select(Delivery)).all())
        print(f"{len(queued)} alerts raised with {deliveries} deliveries in {raise_seconds:.2f} s; SQLite in {folder}")

        began = time.perf_counter()
        drained = drain(engine, config)
        again = drain(engine, config, now=datetime.now(UTC) + timedelta(days=1))  # nothing left to send
        seconds = time.perf_counter() - began
        rate = drained.sent / seconds
        keys = Counter((m["Message-ID"], m["To"]) for m in inbox.messages)
        duplicates = sum(n - 1 for n in keys.values())

        sample = inbox.messages[: min(200, len(inbox.messages))]
        began = time.perf_counter()
        for message in sample:
            with smtplib.SMTP("127.0.0.1", inbox.port) as client:
                client.send_message(message)
        baseline = len(sample) / (time.perf_counter() - began)

    print(f"outbox: {drained.sent} messages sent, {drained.failed} failed, second drain sent {again.sent},"
          f" in {seconds:.1f} s = {rate:.1f} messages/s")  # fmt: skip
    print(f"accepted by the SMTP server: {len(keys)} distinct (Message-ID, recipient), {duplicates} duplicate(s)"
          f" — {'zero duplicates: met' if duplicates == 0 and len(keys) == deliveries else 'MISSED'}")  # fmt: skip
    print(f"baseline, prebuilt messages straight to the same server: {baseline:.1f} messages/s;"
          f" the outbox runs at {rate / baseline:.2f} × the baseline")  # fmt: skip


if __name__ == "__main__":
    main()
