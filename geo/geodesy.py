"""Distances on the WGS84 ellipsoid, for points against shapes drawn in longitude/latitude."""

from __future__ import annotations

import numpy as np
import pyproj
import shapely

KM_PER_DEGREE = 111.32
GEOD = pyproj.Geod(ellps="WGS84")


def distance_km(geom: shapely.Geometry, lat: float, lon: float) -> float:
    """Shortest ground distance from the point to the shape, in km (0 inside).

    The shape is projected to an azimuthal equidistant projection centred on the point, where every
    distance from the centre is true, so the planar distance to the origin is the answer.
    """
    if shapely.contains_xy(geom, lon, lat):
        return 0.0
    local = pyproj.Transformer.from_crs(
        4326, pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"), always_xy=True
    )

    def to_local(xy: np.ndarray) -> np.ndarray:
        lons = lon + ((xy[:, 0] - lon + 180.0) % 360.0 - 180.0)
        return np.column_stack(local.transform(lons, xy[:, 1]))

    projected = shapely.make_valid(shapely.transform(geom, to_local))
    return float(shapely.distance(projected, shapely.Point(0, 0))) / 1000.0


def search_box(lat: float, lon: float, km: float) -> shapely.Geometry:
    """A longitude/latitude box sure to hold everything within `km` of the point (whole bands near the poles)."""
    dlat = km / KM_PER_DEGREE
    south, north = max(lat - dlat, -90.0), min(lat + dlat, 90.0)
    widest = np.cos(np.radians(max(abs(south), abs(north))))
    if widest < 1e-3 or km / (KM_PER_DEGREE * widest) >= 180:
        return shapely.box(-180, south, 180, north)
    dlon = km / (KM_PER_DEGREE * widest)
    west, east = lon - dlon, lon + dlon
    boxes = [shapely.box(max(west, -180), south, min(east, 180), north)]
    if west < -180:
        boxes.append(shapely.box(west + 360, south, 180, north))
    if east > 180:
        boxes.append(shapely.box(-180, south, east - 360, north))
    return shapely.union_all(boxes)
