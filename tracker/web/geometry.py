"""The map's geometry for browsers: every state simplified to about 0.1° (a tenth of the file the
`tracker map` GeoJSON is) and each answer cached as ready bytes, plain and gzipped.

A state's shape never changes while the app runs, and a duty depends only on (person, day), so the
answer to `/api/obligations` for one (person, day) is computed once and then served from memory.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from geo.borders import default_borders
from geo.maps import obligations_geojson, rounded, simplified_land
from geo.reference import default_reference

TOLERANCE = 0.1  # degrees (about 11 km): plenty for a world map a browser draws
DECIMALS = 3  # about 100 m, far below the tolerance


@dataclass(frozen=True)
class Body:
    """A JSON answer encoded once, with its gzipped form for clients that accept it."""

    plain: bytes
    gzipped: bytes

    @classmethod
    def of(cls, data: object) -> Body:
        plain = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(plain, gzip.compress(plain, 6))


@cache
def world() -> Body:
    """Every state's land with its code and name, and nothing else: the map's base layer."""
    ref = default_reference()
    codes = default_borders().codes
    features = [
        {"type": "Feature", "geometry": rounded(shape, DECIMALS),
         "properties": {"state": code, "name": ref.states[code].name if code in ref.states else code}}
        for code, shape in zip(codes, simplified_land(TOLERANCE), strict=True)
    ]  # fmt: skip
    return Body.of({"type": "FeatureCollection", "features": features})


@lru_cache(maxsize=512)
def obligations(person: str, on: date) -> Body:
    """`/api/obligations` for one person and day (the person id already checked)."""
    return Body.of(obligations_geojson(person, on, tolerance=TOLERANCE, decimals=DECIMALS))
