"""The states whose airspace a flight's great circle crosses, in order, with where it enters and leaves each.

The flight plan is unknown, so the shortest path on the WGS84 ellipsoid (the geodesic) stands for it.
The path is sampled every few km and classified in one vectorised call; only the gaps where the state
changes are sampled again, finely, so entries and exits land within tens of metres of the border at
about the cost of the coarse sampling.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from geo.borders import default_borders
from geo.geodesy import GEOD
from geo.obligations import Obligation
from geo.shapes import split_at_antimeridian

LatLon = tuple[float, float]
REFINE_POINTS = 40  # per gap where the state changes: 2 km / 41 ≈ 50 m apart, so a border is placed within 25 m
GEOMETRY_STEP_KM = 25.0  # vertex spacing of the drawn line: smooth on a world map, small in JSON


@dataclass(frozen=True)
class Crossing:
    """One passage through one state's airspace (land plus territorial sea); distances in km along the route."""

    state: str
    entry: LatLon
    exit: LatLon
    km: float
    entry_km: float

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "km": round(self.km, 3),
            "entry_km": round(self.entry_km, 3),
            "entry": _latlon_json(self.entry),
            "exit": _latlon_json(self.exit),
        }


@dataclass(frozen=True)
class Route:
    """A great-circle route and the airspaces it crosses, in the order flown."""

    start: LatLon
    end: LatLon
    total_km: float
    crossings: list[Crossing]

    def geometry(self) -> dict[str, object]:
        """The route as GeoJSON, cut at ±180° so that no segment jumps across the map."""
        parts = split_at_antimeridian(_vertices(self.start, self.end, self.total_km))
        lines = [[[round(lon, 5), round(lat, 5)] for lon, lat in part] for part in parts]
        if len(lines) == 1:
            return {"type": "LineString", "coordinates": lines[0]}
        return {"type": "MultiLineString", "coordinates": lines}

    def as_json(self, obligations: Mapping[str, Obligation] | None = None) -> dict[str, object]:
        """What `tracker route --json` and the web API show; given obligations by state, each state's duty too."""
        states = [c.as_json() for c in self.crossings]
        if obligations is not None:
            states = [{**obligations[s["state"]].as_json(), **s} for s in states]
        return {
            "start": _latlon_json(self.start),
            "end": _latlon_json(self.end),
            "total_km": round(self.total_km, 3),
            "states": states,
            "geometry": self.geometry(),
        }


class _Line(NamedTuple):
    """A geodesic as a start point and an azimuth, so any point on it is one forward computation away."""

    lat: float
    lon: float
    azimuth: float
    km: float


def route(start: LatLon, end: LatLon, step_km: float = 2.0) -> Route:
    """The airspaces crossed on the geodesic from `start` to `end`, each (lat, lon) in degrees."""
    if not step_km > 0:
        raise ValueError(f"step_km must be positive, not {step_km}")
    start, end = _checked(start), _checked(end)
    line = _line(start, end)
    n = max(1, math.ceil(line.km / step_km)) + 1
    km = np.linspace(0.0, line.km, n)
    states = default_borders().states_at(*_evenly(start, end, n))
    km, states = _refine(line, km, states)
    return Route(start, end, line.km, _crossings(line, km, states))


def _checked(point: LatLon) -> LatLon:
    """pyproj answers silently for a latitude beyond the pole, so a swapped pair must be caught here."""
    lat, lon = point
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"({lat}, {lon}) is not a (latitude, longitude) pair in degrees")
    return float(lat), float(lon)


def _line(start: LatLon, end: LatLon) -> _Line:
    azimuth, _, metres = GEOD.inv(start[1], start[0], end[1], end[0])
    return _Line(start[0], start[1], azimuth, metres / 1000.0)


def _evenly(start: LatLon, end: LatLon, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of n evenly spaced points from start to end, both included (twice as fast as fwd)."""
    line = GEOD.inv_intermediate(
        start[1], start[0], end[1], end[0], npts=n, initial_idx=0, terminus_idx=0, return_back_azimuth=True
    )
    return np.asarray(line.lats), np.asarray(line.lons)


def _points(line: _Line, km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of the points `km` along the line."""
    n = len(km)
    lon, lat, _ = GEOD.fwd(np.full(n, line.lon), np.full(n, line.lat), np.full(n, line.azimuth), km * 1000.0)
    return lat, lon


def _refine(line: _Line, km: np.ndarray, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sample every gap where the state changes finely, in one call, and merge those samples in order."""
    gaps = np.flatnonzero(states[1:] != states[:-1])
    if len(gaps) == 0:
        return km, states
    fraction = np.arange(1, REFINE_POINTS + 1) / (REFINE_POINTS + 1)
    fine = (km[gaps, None] + (km[gaps + 1] - km[gaps])[:, None] * fraction).ravel()
    order = np.argsort(np.concatenate([km, fine]), kind="stable")
    merged_states = np.concatenate([states, default_borders().states_at(*_points(line, fine))])
    return np.concatenate([km, fine])[order], merged_states[order]


def _crossings(line: _Line, km: np.ndarray, states: np.ndarray) -> list[Crossing]:
    """Each run of samples in one state is a crossing; a border lies halfway between the samples either side."""
    change = np.flatnonzero(states[1:] != states[:-1])
    borders_km = (km[change] + km[change + 1]) / 2
    begin = np.concatenate([[0.0], borders_km])
    finish = np.concatenate([borders_km, [line.km]])
    run_states = states[np.concatenate([[0], change + 1])]
    runs = [i for i, state in enumerate(run_states) if state is not None]
    lat, lon = _points(line, np.concatenate([begin[runs], finish[runs]]))
    n = len(runs)
    return [
        Crossing(
            state=str(run_states[i]),
            entry=(float(lat[k]), float(lon[k])),
            exit=(float(lat[n + k]), float(lon[n + k])),
            km=float(finish[i] - begin[i]),
            entry_km=float(begin[i]),
        )
        for k, i in enumerate(runs)
    ]


def _vertices(start: LatLon, end: LatLon, total_km: float) -> list[tuple[float, float]]:
    """(lon, lat) points along the geodesic, GEOMETRY_STEP_KM apart, both ends included."""
    lat, lon = _evenly(start, end, max(2, math.ceil(total_km / GEOMETRY_STEP_KM) + 1))
    return list(zip(lon.tolist(), lat.tolist(), strict=True))


def _latlon_json(point: LatLon) -> dict[str, float]:
    return {"lat": round(point[0], 6), "lon": round(point[1], 6)}


def line_points(start: LatLon, end: LatLon) -> list[LatLon]:
    """(lat, lon) points along the geodesic, for drawing it (no airspace is looked up)."""
    start, end = _checked(start), _checked(end)
    return [(lat, lon) for lon, lat in _vertices(start, end, _line(start, end).km)]
