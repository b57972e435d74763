"""How fast `Borders.states_at` tells the state under a point, warm, on one core, against a plain R-tree.

Run: .venv/bin/python bench/borders_bench.py [--points N] [--baseline-points N]

Times `states_at` on 1,000,000 points drawn uniformly on the sphere (vectorised, one call, best of
--repeat) against the 500,000 points/s target, and a baseline in the same process on 100,000 of the same
points: shapely's STRtree over each state's raw airspace (land + 12 nm sea, `Borders.airspaces`) queried
with `predicate="within"`. Prints both rates, their ratio, how often they agree, and the resident memory
after loading the borders. The process is pinned to one CPU where the OS allows it.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import resource
import time

import numpy as np
import shapely

TARGET_POINTS_PER_SECOND = 500_000


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kilobytes


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def uniform_on_sphere(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))
    lon = rng.uniform(-180.0, 180.0, n)
    return lat, lon


def best_of(repeat: int, fn, *args):
    best, result = None, None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn(*args)
        seconds = time.perf_counter() - began
        best = seconds if best is None else min(best, seconds)
    return best, result


def airspaces(borders) -> tuple[np.ndarray, str]:
    """`Borders.airspaces`, or, where its union fails on invalid input, the same union of repaired shapes."""
    try:
        return borders.airspaces, "Borders.airspaces"
    except shapely.errors.GEOSException as e:
        repaired = shapely.union(shapely.make_valid(borders.land), shapely.make_valid(borders.sea))
        return repaired, f"make_valid(land) ∪ make_valid(sea), since Borders.airspaces fails: {e}"


def strtree_states(tree: shapely.STRtree, codes: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The baseline: every point against the R-tree of airspaces; a point in two seas takes the first."""
    point_idx, zone_idx = tree.query(shapely.points(lon, lat), predicate="within")
    out = np.full(len(lat), None, dtype=object)
    order = np.argsort(point_idx, kind="stable")[::-1]  # reversed: the first hit is written last
    out[point_idx[order]] = codes[zone_idx[order]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--baseline-points", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(pin_to_one_core())
    from geo.borders import default_borders

    before = rss_mb()
    began = time.perf_counter()
    borders = default_borders()
    print(
        f"borders loaded in {time.perf_counter() - began:.2f} s ({len(borders.codes)} states);"
        f" max RSS {before:.0f} MB before, {rss_mb():.0f} MB after loading"
    )

    lat, lon = uniform_on_sphere(args.points)
    borders.states_at(lat, lon)  # warm: prepared pieces, the nearest-land cache of shared seas
    seconds, states = best_of(args.repeat, borders.states_at, lat, lon)
    rate = args.points / seconds
    in_airspace = np.mean([s is not None for s in states])
    verdict = "met" if rate >= TARGET_POINTS_PER_SECOND else "MISSED"
    print(
        f"states_at: {args.points:,} points in {seconds * 1000:.0f} ms = {rate:,.0f} points/s"
        f" ({in_airspace:.1%} in some state's airspace); target {TARGET_POINTS_PER_SECOND:,}/s ({verdict})"
    )

    began = time.perf_counter()
    zones, source = airspaces(borders)
    tree = shapely.STRtree(zones)
    shapely.prepare(zones)
    print(f"baseline geometries: {source}; built with the R-tree in {time.perf_counter() - began:.1f} s")
    n = args.baseline_points
    strtree_states(tree, borders.codes, lat[:1000], lon[:1000])  # warm
    base_seconds, base_states = best_of(args.repeat, strtree_states, tree, borders.codes, lat[:n], lon[:n])
    base_rate = n / base_seconds
    agree = np.mean(base_states == states[:n])
    print(
        f"baseline STRtree.query(points, predicate='within'): {n:,} points in {base_seconds * 1000:.0f} ms"
        f" = {base_rate:,.0f} points/s; agrees with states_at on {agree:.3%} of them"
    )
    print(f"states_at / baseline: {rate / base_rate:.1f}x faster")
    print(f"max RSS at the end: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
