"""The small map in an alert: the person's capital, the destination and the great circle between them,
the states in view coloured by their duty to arrest on the expected day. Drawn offline; one drawing
per trip and day is kept, since every recipient of every message about it gets the same picture."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from geo.gazetteer import default_gazetteer
from geo.maps import MapPoint, small_route_png
from geo.reference import default_reference
from geo.routes import line_points


@lru_cache(maxsize=256)
def route_map(person: str, state: str, on: date) -> bytes | None:
    """PNG bytes, or None when a place is not in the gazetteer or the person is at home."""
    home = default_reference().people[person].nationality
    gaz = default_gazetteer()
    origin, destination = gaz.capital(home), gaz.capital(state)
    if home == state or None in (origin, destination) or None in (origin.lat, destination.lat):
        return None
    points = [
        MapPoint(origin.lat, origin.lon, origin.name),
        MapPoint(destination.lat, destination.lon, destination.name),
    ]
    return small_route_png(
        person, on, points, line_points((origin.lat, origin.lon), (destination.lat, destination.lon))
    )
