"""Small geometry helpers shared by the border builder and the border index."""

from __future__ import annotations

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
