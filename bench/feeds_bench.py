"""Public feeds under load: 50 feed clients over 4,000 stored episodes, and whether they slow the API.

Run: .venv/bin/python bench/feeds_bench.py [--episodes 4000] [--clients 50] [--api-clients 5] [--seconds 10]
                                          [--interval 1] [--no-conditional]

`tracker serve` runs as its own process (one uvicorn worker, as shipped) over a fresh SQLite database of
--episodes random episodes (the same as bench/web_bench.py stores). The baseline in the same process is
`/api/episodes?limit=20` asked by --api-clients threads alone; then the same API clients run while
--clients threads ask for the four public feeds in turn, each every `--interval` seconds (a feed reader
polls every few minutes; 0: without pause, the server's saturation): each keeps the ETag it was given and
sends it back (conditional GET); with `--no-conditional` each asks for the whole feed every time. Prints
p50 and p95 of each and the API's p95 under feed traffic over its p95 alone. Targets: feed p95 ≤ 200 ms,
API p95 under feed traffic within 1.5 times its p95 alone. The clients share the server's 2 CPUs, so part
of any slowdown is theirs.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import yaml
from web_bench import load, report, start_server, store_episodes, together

FEEDS = ["/feeds/episodes.atom", "/feeds/episodes.json", "/feeds/episodes.geojson", "/feeds/upcoming.ics"]
API = ["/api/episodes?limit=20"]
FEED_TARGET_MS, API_RATIO_TARGET = 200.0, 1.5


def readers(port: int, clients: int, seconds: float, conditional: bool, interval: float) -> tuple[list[float], float]:
    """`clients` feed readers asking for the feeds in turn, one every `interval` seconds, for `seconds`;
    latencies in ms, and req/s."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def reader(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        etags: dict[str, str] = {}
        mine = []
        time.sleep(interval * offset / clients)  # spread out, as readers are
        for path in itertools.islice(itertools.cycle(FEEDS), offset, None):
            if time.monotonic() >= stop:
                break
            headers = {"Accept-Encoding": "gzip", **({"If-None-Match": etags[path]} if path in etags else {})}
            began = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status not in (200, 304):
                raise RuntimeError(f"{path}: {response.status}")
            mine.append((time.perf_counter() - began) * 1000)
            if conditional and response.getheader("ETag"):
                etags[path] = response.getheader("ETag")
            time.sleep(interval)
        conn.close()
        with lock:
            latencies.extend(mine)

    took = together([threading.Thread(target=reader, args=(i,)) for i in range(clients)])
    return latencies, len(latencies) / took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--api-clients", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--no-conditional", action="store_true", help="Readers never send the ETag back.")
    parser.add_argument("--interval", type=float, default=1.0, help="Seconds between one reader's requests.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "config.yaml").write_text(yaml.safe_dump({"data_dir": str(folder / "var")}))
        store_episodes(f"sqlite:///{folder / 'var/tracker.db'}", args.episodes)
        print(f"{args.episodes} episodes stored; CPUs: {os.cpu_count()}")
        process, base = start_server(folder)
        port = int(base.rsplit(":", 1)[1])
        try:
            load(port, FEEDS + API, 2, 1)  # warm: imports, first build
            alone, rate = load(port, API, args.api_clients, args.seconds)
            report("API alone", alone, rate, None)
            feeds: list = []

            def feed_traffic() -> None:
                feeds.extend(readers(port, args.clients, args.seconds, not args.no_conditional, args.interval))

            thread = threading.Thread(target=feed_traffic)
            thread.start()
            time.sleep(0.5)  # the feed clients are connected
            busy, rate = load(port, API, args.api_clients, args.seconds - 1)
            thread.join()
            how = "whole feeds" if args.no_conditional else "conditional GET"
            report(
                f"feeds, {args.clients} readers every {args.interval:g} s, {how}", feeds[0], feeds[1], FEED_TARGET_MS
            )
            report("API under feed traffic", busy, rate, None)
            ratio = statistics.quantiles(busy, n=20)[-1] / statistics.quantiles(alone, n=20)[-1]
            verdict = "met" if ratio <= API_RATIO_TARGET else "NOT met"
            print(f"API p95 under feed traffic / alone: {ratio:.2f}  target ≤ {API_RATIO_TARGET}: {verdict}")
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
