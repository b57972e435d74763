"""From a new item in a feed to the alert accepted by an SMTP server, through the real scheduler.

Run: .venv/bin/python bench/alert_latency_bench.py [--samples 8] [--poll-seconds 60]

A real HTTP server on loopback serves one RSS feed; an aiosmtpd server on loopback takes the mail;
`tracker run` (the APScheduler jobs, as deployed) polls the feed every --poll-seconds (whole minutes,
the config's unit) with the shipped config's group wait. The samples are items reporting a planned
trip of Putin to a State Party a week ahead, one destination each, added at random moments spread
evenly over --samples half-intervals (so they fall at every phase of the poll cycle, some in flight at
once); each is timed until the server accepts the first alert about it: the latency a user sees,
against the target of the poll interval + 5 s (the median). It also prints the latency after the poll
that saw the item, which is what processing, the group wait and sending add. There is no baseline to
compare with in-process: the poll interval is the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DESTINATIONS = ("Brazil", "Mongolia", "South Africa", "Tajikistan", "Kenya", "Japan", "Argentina", "France")


def item(n: int, destination: str, day: date, published: datetime) -> str:
    when = f"{day.day} {day:%B}"
    return (f"<item><title>Putin will visit {destination} on {when}</title><link>https://news.example/{n}</link>"
            f"<guid>bench-{n}</guid><pubDate>{format_datetime(published)}</pubDate>"
            f"<description>The Kremlin said that President Vladimir Putin will visit {destination} on {when}."
            f"</description></item>")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=8, choices=range(1, len(DESTINATIONS) + 1))
    parser.add_argument("--poll-seconds", type=int, default=60, choices=[60, 120, 180])
    args = parser.parse_args()

    import yaml

    from tests.feedserver import FeedServer
    from tests.mailserver import Inbox

    items: list[str] = ["<item><title>Weather</title><link>https://news.example/w</link><guid>w</guid></item>"]
    polls: list[float] = []
    lock = threading.Lock()

    def serve(h) -> None:
        with lock:
            polls.append(time.time())
            body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
                    + "".join(items) + "</channel></rss>").encode()  # fmt: skip
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server = FeedServer().start()
    with tempfile.TemporaryDirectory() as folder, Inbox() as inbox:
        config = yaml.safe_load((ROOT / "config.yaml").read_text())
        config.update(data_dir=folder, log_level="WARNING")
        config["sources"] = [{"id": "local", "kind": "feed", "url": server.route("/feed.xml", serve),
                              "interval_minutes": args.poll_seconds // 60, "language": "en"}]  # fmt: skip
        config["fetch"]["host_gap_seconds"] = 0
        config["mail"].update(smtp_url=f"smtp://127.0.0.1:{inbox.port}")
        (Path(folder) / "config.yaml").write_text(yaml.safe_dump(config))
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env["TRACKER_CONFIG"] = str(Path(folder) / "config.yaml")
        tracker = Path(sys.executable).with_name("tracker")
        run = subprocess.Popen([str(tracker), "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        group_wait = config["alerts"]["group_wait_seconds"]
        print(f"tracker run polling every {args.poll_seconds} s, group wait {group_wait} s; {args.samples} samples")
        print(f"{'sample':>6} {'destination':>13} {'appeared→accepted s':>20} {'poll→accepted s':>16}")
        latencies, after_poll = [], []
        try:
            while not polls:
                time.sleep(0.5)
            began, step = time.time(), args.poll_seconds / 2
            moments = sorted(began + (k + random.random()) * step for k in range(args.samples))
            appeared: dict[str, float] = {}
            for n, moment in enumerate(moments):
                time.sleep(max(0.0, moment - time.time()))
                destination = DESTINATIONS[n % len(DESTINATIONS)]
                with lock:
                    appeared[destination] = time.time()
                    items.append(item(n, destination, date.today() + timedelta(days=7), datetime.now(UTC)))
            deadline = time.time() + 3 * args.poll_seconds
            while time.time() < deadline and len(_first_accepted(inbox, appeared)) < len(appeared):
                time.sleep(0.5)
            accepted = _first_accepted(inbox, appeared)
            for n, (destination, at) in enumerate(appeared.items(), 1):
                if destination not in accepted:
                    print(f"{n:>6} {destination:>13} {'no alert in time':>20}")
                    continue
                poll = min(t for t in polls if t >= at)
                latencies.append(accepted[destination] - at)
                after_poll.append(accepted[destination] - poll)
                print(f"{n:>6} {destination:>13} {latencies[-1]:>20.1f} {after_poll[-1]:>16.1f}")
        finally:
            run.terminate()
            run.wait(30)
            server.stop()
    if not latencies:
        sys.exit("no alert arrived: see `tracker run`'s log")
    median = statistics.median(latencies)
    target = args.poll_seconds + 5
    print(f"median latency {median:.1f} s (after the poll that saw the item: {statistics.median(after_poll):.1f} s);"
          f" target ≤ {target} s: {'met' if median <= target else 'MISSED'}")  # fmt: skip


def _first_accepted(inbox, appeared: dict[str, float]) -> dict[str, float]:
    """When the server first accepted an alert naming each destination."""
    first: dict[str, float] = {}
    for message, at in zip(list(inbox.messages), list(inbox.accepted_at), strict=False):
        for destination in appeared:
            if destination in message["Subject"] and destination not in first:
                first[destination] = at
    return first


if __name__ == "__main__":
    main()
