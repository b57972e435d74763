"""Fetch + parse + store throughput of the collectors, and memory over repeated cycles.

Run: .venv/bin/python bench/collect_bench.py [--feeds 500] [--items 50] [--cycles 10] [--fresh 10]

A real HTTP server on loopback serves --feeds RSS feeds of --items items each (titles and summaries of
news length, every feed on its own site name). Cycle 1 polls all of them into an empty SQLite database
through the same code as `tracker run --once` (Collectors.run_once: the shared Fetcher, the report store
with its dedupe and story linking, the health records) and reports items per second end to end. Each
later cycle every feed has rolled on by --fresh new items (the rest already stored), like a real feed,
and the resident memory after each cycle shows whether it stays flat. The baseline in the same process
is feedparser alone reading the same bodies from memory: the ratio says what fetching and storing add.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_ITEMS_PER_SECOND = 200


def feed(n: int, items: int, start: int) -> bytes:
    entries = "".join(
        f"<item><title>Minister {i} of feed {n} to visit a neighbouring capital next week for talks</title>"
        f"<link>https://site{n}.example/news/{i}</link><guid>site{n}-{i}</guid>"
        f"<pubDate>Mon, 23 Nov 2026 {i % 24:02d}:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;The visit, announced on Monday by the foreign ministry of state {n}, will include"
        f" talks on trade, energy and security, officials said in item {i}.&lt;/p&gt;</description></item>"
        for i in range(start, start + items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {n}</title>'
        f"<link>https://site{n}.example/</link>{entries}</channel></rss>"
    ).encode()


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--fresh", type=int, default=10, help="new items per feed in each later cycle")
    args = parser.parse_args()

    import io
    import logging

    import feedparser

    from tests.feedserver import FeedServer, send
    from tracker.config import parse_config
    from tracker.scheduler import Collectors
    from tracker.storage import make_engine, migrate

    logging.disable(logging.INFO)
    server = FeedServer().start()
    bodies = {n: feed(n, args.items, 0) for n in range(args.feeds)}
    for n, body in bodies.items():
        server.route(f"/feed{n}.xml", send(body))

    began = time.perf_counter()
    for body in bodies.values():
        feedparser.parse(io.BytesIO(body))
    parse_rate = args.feeds * args.items / (time.perf_counter() - began)

    with tempfile.TemporaryDirectory() as folder:
        sources = [{"id": f"feed{n}", "kind": "feed", "url": server.url(f"/feed{n}.xml")} for n in range(args.feeds)]
        config = parse_config(json.dumps({"sources": sources, "fetch": {"host_gap_seconds": 0}}))
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        migrate(engine)
        collectors = Collectors(config, engine)
        print(f"{args.feeds} feeds × {args.items} items on a loopback server; SQLite in {folder}")
        print(f"{'cycle':>5} {'items':>7} {'new':>7} {'seconds':>8} {'items/s':>8} {'RSS MB':>7}")
        first_rate, memory = 0.0, []
        for cycle in range(1, args.cycles + 1):
            if cycle > 1:
                for n in range(args.feeds):
                    server.route(f"/feed{n}.xml", send(feed(n, args.items, (cycle - 1) * args.fresh)))
            began = time.perf_counter()
            results = collectors.run_once()
            seconds = time.perf_counter() - began
            new = sum(r.stored.new for r in results)
            seen = sum(r.stored.new + r.stored.duplicates for r in results)
            errors = sum(1 for r in results if r.errors)
            rate = seen / seconds
            first_rate = first_rate or rate
            memory.append(rss_mb())
            print(f"{cycle:>5} {seen:>7} {new:>7} {seconds:>8.2f} {rate:>8.0f} {memory[-1]:>7.0f}" + (
                f"  ({errors} sources failed)" if errors else ""))  # fmt: skip
        collectors.fetcher.close()
    server.stop()

    print(f"\nbaseline, feedparser alone on the same bodies in memory: {parse_rate:,.0f} items/s")
    print(f"end to end (fetch + parse + dedupe + store + health), cycle 1: {first_rate:,.0f} items/s"
          f" = {first_rate / parse_rate:.2f} × the parse-only baseline")  # fmt: skip
    verdict = "met" if first_rate >= TARGET_ITEMS_PER_SECOND else "MISSED"
    print(f"target ≥ {TARGET_ITEMS_PER_SECOND} items/s end to end: {verdict}")
    if len(memory) > 2:
        growth = memory[-1] - memory[1]
        print(f"RSS after cycle 2: {memory[1]:.0f} MB, after cycle {len(memory)}: {memory[-1]:.0f} MB"
              f" ({growth:+.0f} MB over {len(memory) - 2} cycles)")  # fmt: skip


if __name__ == "__main__":
    main()
