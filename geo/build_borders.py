"""Builds geo/data/borders.npz from Natural Earth (the npm package world-atlas@2.0.2, countries-10m.json).

Run once when the source changes, not at run time:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m geo.build_borders package/countries-10m.json

Each feature is assigned to a state by geo/data/territories.csv (Natural Earth's sovereignty, with
the overrides noted there); occupied territory drawn inside the occupier goes back to its state by
geo/data/occupied.csv. A state's airspace is its land plus the 12-nautical-mile territorial sea,
buffered in a local azimuthal equidistant projection per island so that the distance is true.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyproj
import shapely

from geo.borders import BORDERS_FILE, save_borders
from geo.reference import DATA_DIR
from geo.shapes import fold_antimeridian, polygonal
from geo.topojson import features

TERRITORIAL_SEA_M = 12 * 1852.0


def _unwrap(lon: np.ndarray, center: float) -> np.ndarray:
    """Longitudes continuous around `center`, so that a ring crossing 180° does not jump."""
    return center + ((lon - center + 180.0) % 360.0 - 180.0)


def territorial_sea(part: shapely.Polygon) -> shapely.Geometry:
    """One island or mainland buffered by 12 nautical miles, measured on the ground."""
    center = part.representative_point()
    local = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={center.y} +lon_0={center.x} +datum=WGS84 +units=m")
    forward = pyproj.Transformer.from_crs(4326, local, always_xy=True)
    back = pyproj.Transformer.from_crs(local, 4326, always_xy=True)
    projected = shapely.transform(part, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))
    buffered = projected.buffer(TERRITORIAL_SEA_M, quad_segs=4).simplify(100)

    def to_lonlat(xy: np.ndarray) -> np.ndarray:
        lon, lat = back.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([_unwrap(np.asarray(lon), center.x), lat])

    return fold_antimeridian(shapely.make_valid(shapely.transform(buffered, to_lonlat)))


def assign(topology: dict, territories: Path) -> dict[str, shapely.MultiPolygon]:
    """Land per state: every feature whose row in territories.csv names a state."""
    with territories.open(encoding="utf-8") as handle:
        state_of = {int(r["index"]): r["state"] for r in csv.DictReader(handle)}
    land: dict[str, list] = defaultdict(list)
    for feature in features(topology, "countries"):
        if state_of.get(feature.index):
            land[state_of[feature.index]].extend(feature.geometry.geoms)
    for row in _occupied():
        box = shapely.box(*(float(row[k]) for k in ("west", "south", "east", "north")))
        moved = [p for p in land[row["drawn_as"]] if box.contains(p.representative_point())]
        land[row["drawn_as"]] = [p for p in land[row["drawn_as"]] if not box.contains(p.representative_point())]
        land[row["state"]].extend(moved)
        print(f"{row['territory']}: {len(moved)} polygon(s) from {row['drawn_as']} to {row['state']}")
    return {iso2: polygonal(shapely.union_all(parts)) for iso2, parts in land.items()}


def _occupied() -> list[dict]:
    """Territory the source draws inside the occupying state, given back to the state the Court recognises."""
    with (DATA_DIR / "occupied.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build(source: Path, out: Path = BORDERS_FILE) -> None:
    started = time.time()
    topology = json.loads(source.read_text(encoding="utf-8"))
    land = assign(topology, DATA_DIR / "territories.csv")
    print(f"land for {len(land)} states ({time.time() - started:.0f} s)")
    everything = list(land.values())
    all_land = shapely.STRtree(everything)
    sea = {}
    for n, (iso2, geom) in enumerate(sorted(land.items()), 1):
        zone = shapely.union_all([territorial_sea(p) for p in geom.geoms])
        water = shapely.difference(zone, geom)
        for i in all_land.query(water, predicate="intersects"):  # a neighbour's land is never our sea
            water = shapely.difference(water, everything[i])
        sea[iso2] = polygonal(water)
        if n % 25 == 0:
            print(f"  territorial sea: {n}/{len(land)} states ({time.time() - started:.0f} s)")
    save_borders(out, land, sea)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m geo.build_borders PATH/TO/countries-10m.json")
    build(Path(sys.argv[1]))
