"""Where a route starts or ends: a position given as `lat,lon`, or a place name the gazetteer knows.

A position needs no gazetteer, so the gazetteer is loaded only when a name is given.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geo.errors import UnknownPlaceError

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer

LAT_LON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def locate(text: str, gaz: Gazetteer | None = None) -> tuple[str, float, float]:
    """A route end: `lat,lon`, or a place name (the most populous place of that name with a position)."""
    match = LAT_LON.match(text)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UnknownPlaceError(f"{text!r}: latitude must be within ±90 and longitude within ±180")
        return text.strip(), lat, lon
    if gaz is None:
        from geo.gazetteer import default_gazetteer

        gaz = default_gazetteer()
    placed = [e for e in gaz.lookup(text) if e.lat is not None]
    if not placed:
        raise UnknownPlaceError(f"{text!r}: no place of that name is known; give it as lat,lon (e.g. 47.92,106.92)")
    best = max(placed, key=lambda e: (e.capital, e.population))
    return f"{best.name} ({best.country})", best.lat, best.lon
