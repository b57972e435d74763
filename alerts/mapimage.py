"""The small map in an alert: the person's capital, the destination and the great circle between them,
the states in view coloured by their duty to arrest on the expected day, with the legend the HTML part
shows under it. Drawn offline; one drawing per trip and day is kept, since every recipient of every
message about it gets the same picture. matplotlib loads only when a map is drawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from alerts.letter import Legend
from geo.gazetteer import default_gazetteer
from geo.reference import default_reference
from geo.routes import line_points

DUTY_WORDS = {"binding": "bound to arrest", "contested": "duty contested", "urged": "urged to cooperate",
              "none": "no duty to arrest"}  # fmt: skip


@dataclass(frozen=True)
class RouteMap:
    png: bytes
    legend: Legend


@lru_cache(maxsize=256)
def route_map(person: str, state: str, on: date) -> RouteMap | None:
    """The picture and its legend, or None when a place is not in the gazetteer or the person is at home."""
    home = default_reference().people[person].nationality
    gaz = default_gazetteer()
    origin, destination = gaz.capital(home), gaz.capital(state)
    if home == state or None in (origin, destination) or None in (origin.lat, destination.lat):
        return None
    from geo.maps import COLOURS, ROUTE, MapPoint, small_route_png  # matplotlib: only for a message with a map

    points = [
        MapPoint(origin.lat, origin.lon, origin.name),
        MapPoint(destination.lat, destination.lon, destination.name),
    ]
    png = small_route_png(person, on, points, line_points((origin.lat, origin.lon), (destination.lat, destination.lon)))
    entries = [(colour, DUTY_WORDS[str(strength)]) for strength, colour in COLOURS.items()]
    return RouteMap(png, Legend([*entries, (ROUTE, f"route from {origin.name} (great circle)")]))
