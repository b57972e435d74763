"""Decodes TopoJSON (the format of Natural Earth's `world-atlas` package) into shapely geometries.

Only what `world-atlas` uses: quantized, delta-encoded arcs; Polygon and MultiPolygon objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.shapes import fold_antimeridian, polygonal


@dataclass(frozen=True)
class Feature:
    index: int  # position in the object's geometry list (features whose shapes collapse are skipped)
    id: str | None
    name: str
    geometry: BaseGeometry


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    scale = np.asarray(topology["transform"]["scale"], dtype=float)
    translate = np.asarray(topology["transform"]["translate"], dtype=float)
    return [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]


def _ring(indexes: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Join arcs into one ring; a negative index ~i means arc i reversed. Shared end points are dropped.

    Rings that cross the antimeridian (Chukotka, Fiji) jump from 180 to -180: their longitudes are
    unwrapped so the ring stays continuous, and the polygon is folded back into [-180, 180] later."""
    parts = []
    for i, index in enumerate(indexes):
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        parts.append(arc if i == 0 else arc[1:])
    ring = np.concatenate(parts)
    ring[:, 0] = np.unwrap(ring[:, 0], period=360)
    return ring


def _polygon(rings: list[list[int]], arcs: list[np.ndarray], grid: float) -> shapely.Polygon:
    """A polygon; a shell that quantization collapsed (the Vatican is smaller than the grid) becomes
    a small disc around its points, so that no state disappears."""
    shell, *holes = (_ring(r, arcs) for r in rings)
    if len(np.unique(shell, axis=0)) < 3:
        return shapely.MultiPoint(shell).convex_hull.buffer(grid, quad_segs=2)
    return shapely.Polygon(shell, [h for h in holes if len(np.unique(h, axis=0)) >= 3])


def features(topology: dict, name: str) -> Iterator[Feature]:
    """Every geometry of one object of the topology, as a valid shapely (Multi)Polygon."""
    arcs = _decode_arcs(topology)
    grid = max(topology["transform"]["scale"])
    for index, g in enumerate(topology["objects"][name]["geometries"]):
        if g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        rings = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        geom = shapely.make_valid(shapely.MultiPolygon([_polygon(r, arcs, grid) for r in rings]))
        if geom.bounds[0] < -180 or geom.bounds[2] > 180:
            geom = fold_antimeridian(geom)
        yield Feature(index, g.get("id"), g.get("properties", {}).get("name", ""), polygonal(geom))
