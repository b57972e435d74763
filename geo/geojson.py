"""Shapes as RFC 7946 GeoJSON geometry, which strict readers take as it is.

RFC 7946 wants exterior rings counter-clockwise and holes clockwise (§3.1.6), and shapes that cross the
antimeridian cut there (§3.1.9: the borders are cut when they are built, `geo.shapes.fold_antimeridian`).
Rounding to a few decimals can collapse a small ring to a line or a point, or make two rings cross; so
polygons are snapped to the grid of the rounding by GEOS, which keeps them valid and drops what collapses,
and only then oriented.
"""

from __future__ import annotations

import numpy as np
import shapely

POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


def geometry(shape: shapely.Geometry, decimals: int) -> dict:
    """The GeoJSON geometry of `shape`, its coordinates rounded to `decimals` (which also prints them short)."""
    if shapely.get_type_id(shape) in POLYGONAL:
        shape = shapely.orient_polygons(shapely.set_precision(shape, 10.0**-decimals), exterior_cw=False)
    return shapely.geometry.mapping(shapely.transform(shape, lambda xy: np.round(xy, decimals)))
