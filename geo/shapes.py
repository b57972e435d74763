"""Small geometry helpers shared by the border builder and the border index."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import shapely


def polygonal(geom: shapely.Geometry) -> shapely.MultiPolygon:
    """The polygons of a geometry as one MultiPolygon (clipping and make_valid can leave lines and points)."""
    polygons = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            polygons.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            polygons.extend(polygonal(part).geoms)
    return shapely.MultiPolygon(polygons)


def fold_antimeridian(geom: shapely.Geometry) -> shapely.MultiPolygon:
    """Fold the parts of a shape drawn beyond ±180° of longitude back into [-180, 180]."""
    parts = [shapely.intersection(geom, shapely.box(-180, -90, 180, 90))]
    for shift in (360.0, -360.0):
        beyond = shapely.intersection(geom, shapely.box(-180 - shift, -90, 180 - shift, 90))
        if not beyond.is_empty:
            parts.append(shapely.transform(beyond, lambda xy, s=shift: xy + np.array([s, 0.0])))
    return polygonal(shapely.union_all(parts))


def split_at_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Cut a (lon, lat) line where it crosses ±180°, ending one part on the meridian and starting the next there."""
    parts = [[points[0]]]
    for (lon0, lat0), (lon1, lat1) in pairwise(points):
        if abs(lon1 - lon0) > 180.0:
            side = math.copysign(180.0, lon0)
            lat = lat0 + (side - lon0) / (lon1 + 2 * side - lon0) * (lat1 - lat0)
            parts[-1].append((side, lat))
            parts.append([(-side, lat)])
        parts[-1].append((lon1, lat1))
    return parts
