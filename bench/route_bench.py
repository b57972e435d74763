"""How long one great-circle route takes to classify, warm, between pairs of world capitals.

Run: .venv/bin/python bench/route_bench.py

Prints the median and p95 per route against the 10 ms target, the points per second of the
underlying `Borders.states_at` on the points the routes sampled, and the ratio against a baseline run
in the same process: dense sampling every 50 m, the spacing the refinement reaches only at borders.
"""

from __future__ import annotations

import statistics
import time
from itertools import combinations

from geo.borders import default_borders
from geo.routes import route

TARGET_MS = 10.0
BASELINE_STEP_KM = 0.05
BASELINE_PAIRS = 10

# Capitals (lat, lon) from GeoNames (geonames.org), rounded to 0.01°.
CAPITALS = {
    "London": (51.51, -0.13),
    "Paris": (48.85, 2.35),
    "Berlin": (52.52, 13.41),
    "Moscow": (55.75, 37.62),
    "Ankara": (39.92, 32.85),
    "Cairo": (30.06, 31.25),
    "Nairobi": (-1.28, 36.82),
    "Pretoria": (-25.74, 28.19),
    "Abuja": (9.06, 7.50),
    "New Delhi": (28.64, 77.22),
    "Beijing": (39.91, 116.40),
    "Tokyo": (35.69, 139.69),
    "Canberra": (-35.28, 149.13),
    "Jakarta": (-6.21, 106.85),
    "Ulaanbaatar": (47.91, 106.88),
    "Washington": (38.90, -77.04),
    "Ottawa": (45.41, -75.70),
    "Mexico City": (19.43, -99.13),
    "Brasília": (-15.78, -47.93),
    "Buenos Aires": (-34.61, -58.38),
}
PAIRS = list(combinations(CAPITALS.values(), 2))  # 190 routes


def time_routes(pairs: list, step_km: float | None = None) -> list[float]:
    """Milliseconds per route, each timed alone."""
    kwargs = {} if step_km is None else {"step_km": step_km}
    times = []
    for start, end in pairs:
        began = time.perf_counter()
        route(start, end, **kwargs)
        times.append((time.perf_counter() - began) * 1000.0)
    return times


def count_states_at(pairs: list) -> tuple[int, float, float]:
    """Points the routes hand to states_at, seconds spent there, and seconds for the whole routes."""
    borders = default_borders()
    original = borders.states_at
    points, seconds = 0, 0.0

    def counted(lat, lon):
        nonlocal points, seconds
        began = time.perf_counter()
        result = original(lat, lon)
        seconds += time.perf_counter() - began
        points += len(lat)
        return result

    borders.states_at = counted
    try:
        total = sum(time_routes(pairs)) / 1000.0
    finally:
        del borders.states_at
    return points, seconds, total


def main() -> None:
    began = time.perf_counter()
    default_borders()
    print(f"borders loaded in {time.perf_counter() - began:.2f} s")
    time_routes(PAIRS[:20])  # warm up: caches, prepared geometries, first pyproj calls

    times = time_routes(PAIRS)
    median, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    verdict = "met" if median <= TARGET_MS else "MISSED"
    print(f"{len(times)} routes: median {median:.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms")
    print(f"target: median <= {TARGET_MS:.0f} ms warm ({verdict})")

    points, in_states_at, total = count_states_at(PAIRS)
    print(
        f"states_at: {points / len(PAIRS):.0f} points per route, {points / in_states_at / 1e6:.2f} M points/s, "
        f"{in_states_at / total:.0%} of route time"
    )

    pairs = PAIRS[:BASELINE_PAIRS]
    refined = sum(time_routes(pairs))
    dense = sum(time_routes(pairs, step_km=BASELINE_STEP_KM))
    print(f"baseline (every {BASELINE_STEP_KM * 1000:.0f} m, {len(pairs)} routes): {dense / refined:.1f}x slower")


if __name__ == "__main__":
    main()
