"""The web app under load: p95 latency and requests/s of `/api/obligations` and `/api/route` with 50
concurrent clients on loopback, over a database of 10,000 stored episodes; and the map page's first
render in Chromium.

Run: .venv/bin/python bench/web_bench.py [--episodes 10000] [--clients 50] [--seconds 10]

`tracker serve` runs as its own process (one uvicorn worker, as shipped); the clients are threads in
this process, each with one keep-alive connection, asking for gzip as browsers do. Each endpoint is
loaded twice: "first asks" (every request a (person, day) or route never asked before, so nothing is
cached) and "repeated" (requests drawn from a working set of 200 questions, as a public map sees).
Targets: p95 ≤ 50 ms for obligations, ≤ 100 ms for routes, first render ≤ 1.5 s.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import requests
import yaml
from sqlmodel import Session

from geo.reference import default_reference
from tracker.models import Episode
from tracker.refdata import prepare
from tracker.storage import make_engine

ROOT = Path(__file__).resolve().parents[1]
TRACKER = Path(sys.executable).with_name("tracker")
TARGETS_MS = {"obligations": 50.0, "route": 100.0}
FIRST_RENDER_TARGET_S = 1.5
CITIES = ["Moscow", "Ulaanbaatar", "Beijing", "Dushanbe", "Budapest", "Washington", "Cairo", "Nairobi",
          "Pretoria", "Brasilia", "Tokyo", "Canberra", "Paris", "Berlin", "Ankara", "New Delhi", "Jakarta",
          "Ottawa", "Mexico City", "Buenos Aires", "Tehran", "Baku", "Minsk", "Astana"]  # fmt: skip


def store_episodes(database: str, count: int) -> None:
    engine = make_engine(database)
    prepare(engine)
    ref = default_reference()
    people, states = sorted(ref.people), sorted(ref.states)
    rng = random.Random(7)
    with Session(engine) as session:
        for i in range(count):
            start = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
            seen = datetime(start.year, start.month, start.day, tzinfo=UTC) - timedelta(days=rng.randrange(30))
            status = rng.choice(["rumoured", "announced", "over"])
            session.add(Episode(person_id=rng.choice(people), state=rng.choice(states), expected_start=start,
                                expected_end=start + timedelta(days=2), status=status, outlets=rng.randrange(1, 9),
                                first_seen=seen, last_seen=seen, history=[]))  # fmt: skip
            if i % 2000 == 1999:
                session.commit()
        session.commit()
    engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")},
           "TRACKER_CONFIG": str(folder / "config.yaml")}  # fmt: skip
    process = subprocess.Popen([str(TRACKER), "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(base + "/health", timeout=1)
            return process, base
        except requests.ConnectionError:
            time.sleep(0.1)
    sys.exit(f"tracker serve did not start: {process.stderr.read().decode()}")


def load(port: int, paths: list[str], clients: int, seconds: float) -> tuple[list[float], float]:
    """`clients` threads ask for `paths` in turn (shared iterator) for `seconds`; latencies in ms, and req/s."""
    queue = itertools.cycle(paths) if len(paths) < 10_000 else iter(paths)
    lock = threading.Lock()
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < stop:
            with lock:
                path = next(queue, None)
            if path is None:
                break
            began = time.perf_counter()
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
            mine.append((time.perf_counter() - began) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    took = together([threading.Thread(target=client) for _ in range(clients)])
    return latencies, len(latencies) / took


def together(threads: list[threading.Thread]) -> float:
    """Start the clients at once and wait for them all; the seconds they took, for a rate."""
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - began


def questions(kind: str, rng: random.Random, n: int) -> list[str]:
    """`n` distinct questions of one kind."""
    people = sorted(default_reference().people)
    out: set[str] = set()
    while len(out) < n:
        on = (date(2003, 1, 1) + timedelta(days=rng.randrange(8000))).isoformat()
        person = rng.choice(people)
        if kind == "obligations":
            out.add("/api/obligations?" + urlencode({"person": person, "date": on}))
        else:
            a, b = rng.sample(CITIES, 2)
            out.add("/api/route?" + urlencode({"from": a, "to": b, "person": person, "date": on}))
    return sorted(out, key=lambda _: rng.random())


def report(name: str, latencies: list[float], rate: float, target: float | None) -> None:
    p95 = statistics.quantiles(latencies, n=20)[-1]
    verdict = "" if target is None else f"  target p95 ≤ {target:.0f} ms: {'met' if p95 <= target else 'NOT met'}"
    print(f"{name:<34} n={len(latencies):>6}  p50 {statistics.median(latencies):7.1f} ms  p95 {p95:7.1f} ms  "
          f"{rate:7.0f} req/s{verdict}")  # fmt: skip


def first_render(base: str) -> list[float]:
    """Seconds from navigation to the map drawn and coloured (#map[data-ready]), a fresh browser context each."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]  # fmt: skip
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(5):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            began = time.perf_counter()
            page.goto(base + "/?person=putin&date=2024-09-03")
            page.wait_for_selector("#map[data-ready=true]", timeout=30_000)
            times.append(time.perf_counter() - began)
            context.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "config.yaml").write_text(yaml.safe_dump({"data_dir": str(folder / "var")}))
        began = time.perf_counter()
        store_episodes(f"sqlite:///{folder / 'var/tracker.db'}", args.episodes)
        print(f"{args.episodes} episodes stored in {time.perf_counter() - began:.1f} s; CPUs: {os.cpu_count()}")
        process, base = start_server(folder)
        port = int(base.rsplit(":", 1)[1])
        try:
            load(port, ["/api/route?from=Moscow&to=Beijing&person=putin", "/api/obligations?person=putin"], 2, 1)
            rng = random.Random(1)
            for kind in ("obligations", "route"):
                fresh = questions(kind, rng, 20_000)
                latencies, rate = load(port, fresh, args.clients, args.seconds)
                report(f"{kind}, first asks", latencies, rate, None)
                working = questions(kind, rng, 200)
                load(port, working, args.clients, 2)  # asked once each before the measurement
                latencies, rate = load(port, working, args.clients, args.seconds)
                report(f"{kind}, repeated (200 questions)", latencies, rate, TARGETS_MS[kind])
            times = first_render(base)
            verdict = "met" if max(times[1:]) <= FIRST_RENDER_TARGET_S else "NOT met"
            print(
                f"map first render in Chromium: first {times[0]:.2f} s, then "
                f"{', '.join(f'{t:.2f}' for t in times[1:])} s  target ≤ {FIRST_RENDER_TARGET_S} s: {verdict}"
            )
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
