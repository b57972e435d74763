"""The map's geometry for browsers, and the answers built on it, encoded once and kept in memory.

States are simplified to about 0.1° (a third of the size of the `tracker map` GeoJSON); each state's
geometry is encoded to JSON once, so an `/api/obligations` answer for a new (person, day) only encodes
the duties (a few milliseconds), and a repeated one is served as ready bytes, plain or gzipped. Routes
are cached by their two ends, and their answers by (ends, person, day).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from geo.borders import default_borders
from geo.maps import rounded, simplified_land
from geo.obligations import find_person, obligation
from geo.reference import default_reference
from geo.routes import Route
from geo.routes import route as great_circle
from tracker.cli.places import locate

TOLERANCE = 0.1  # degrees (about 11 km): plenty for a world map a browser draws
DECIMALS = 3  # about 100 m, far below the tolerance


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Body:
    """A JSON answer encoded once, with its gzipped form for clients that accept it."""

    plain: bytes
    gzipped: bytes

    @classmethod
    def of(cls, plain: bytes) -> Body:
        return cls(plain, gzip.compress(plain, 1))  # level 1: a third of the size at a tenth of level 6's time


@cache
def _shapes() -> list[bytes]:
    """Each state's simplified land as encoded GeoJSON geometry, in `default_borders().codes` order."""
    return [_json(rounded(shape, DECIMALS)) for shape in simplified_land(TOLERANCE)]


def _collection(features: list[bytes], title: str | None = None) -> bytes:
    head = b'{"type":"FeatureCollection",' + (b'"title":' + _json(title) + b"," if title else b"")
    return head + b'"features":[' + b",".join(features) + b"]}"


def _feature(geometry: bytes, properties: dict) -> bytes:
    return b'{"type":"Feature","geometry":' + geometry + b',"properties":' + _json(properties) + b"}"


@cache
def world() -> Body:
    """Every state's land with its code and name, and nothing else: the map's base layer."""
    states = default_reference().states
    names = [{"state": c, "name": states[c].name if c in states else c} for c in default_borders().codes]
    return Body.of(_collection([_feature(g, p) for g, p in zip(_shapes(), names, strict=True)]))


@lru_cache(maxsize=1024)
def obligations(person: str, on: date) -> Body:
    """`/api/obligations`: the shape of `geo.maps.obligations_geojson(person, on)` at this tolerance."""
    who = find_person(person)
    duties = [obligation(code, who, on).as_json() for code in default_borders().codes]
    features = [_feature(g, d) for g, d in zip(_shapes(), duties, strict=True)]
    return Body.of(_collection(features, f"Who must arrest {who.name} on {on.isoformat()}"))


@lru_cache(maxsize=4096)
def trip(start: str, end: str) -> tuple[str, str, Route]:
    """The great circle between two places (names or lat,lon), with the names they resolved to."""
    (a, a_lat, a_lon), (b, b_lat, b_lon) = locate(start), locate(end)
    return a, b, great_circle((a_lat, a_lon), (b_lat, b_lon))


@lru_cache(maxsize=4096)
def route(start: str, end: str, person: str | None, on: date) -> Body:
    """`/api/route`: the route JSON, with each crossed state's duty to arrest `person` on `on` if given."""
    a, b, flown = trip(start, end)
    duties = None
    if person:
        who = find_person(person)
        duties = {c.state: obligation(c.state, who, on) for c in flown.crossings}
    return Body.of(_json({"from": a, "to": b, "on": on.isoformat(), "person": person, **flown.as_json(duties)}))
