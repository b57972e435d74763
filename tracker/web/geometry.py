"""The map's geometry for browsers, and the answers built on it, encoded once and kept in memory.

States are simplified to about 0.1° (a third of the size of the `tracker map` GeoJSON); each state's
geometry is encoded and compressed once (`tracker.web.encoded`), so an `/api/obligations` answer for a
new (person, day) only encodes the duties, and a repeated one is served as ready bytes, plain or
gzipped. Routes are cached by their two ends, and their answers by (ends, person, day).
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache

from geo.borders import default_borders
from geo.maps import rounded, simplified_land
from geo.obligations import find_person, obligation
from geo.places import locate
from geo.reference import default_reference
from geo.routes import Route
from geo.routes import route as great_circle
from tracker.web.encoded import Body, Piece, as_json

TOLERANCE = 0.1  # degrees (about 11 km): plenty for a world map a browser draws
DECIMALS = 3  # about 100 m, far below the tolerance


@cache
def _features() -> list[Piece]:
    """Each state's feature up to its properties (its simplified land), encoded and compressed once, in
    `default_borders().codes` order."""
    return [
        Piece.of(b'{"type":"Feature","geometry":' + as_json(rounded(shape, DECIMALS)) + b',"properties":')
        for shape in simplified_land(TOLERANCE)
    ]


def _collection(properties: list[dict], title: str | None = None) -> Body:
    """A FeatureCollection of every state, with these properties (in `default_borders().codes` order)."""
    head = b'{"type":"FeatureCollection",' + (b'"title":' + as_json(title) + b"," if title else b"")
    pieces: list[Piece | bytes] = [head + b'"features":[']
    last = len(properties) - 1
    for i, (feature, props) in enumerate(zip(_features(), properties, strict=True)):
        pieces += [feature, as_json(props) + (b"}," if i < last else b"}]}")]
    return Body.joined(pieces)


@cache
def world() -> Body:
    """Every state's land with its code and name, and nothing else: the map's base layer."""
    states = default_reference().states
    return _collection([{"state": c, "name": states[c].name if c in states else c} for c in default_borders().codes])


@lru_cache(maxsize=1024)
def obligations(person: str, on: date) -> Body:
    """`/api/obligations`: the shape of `geo.maps.obligations_geojson(person, on)` at this tolerance."""
    who = find_person(person)
    duties = [obligation(code, who, on).as_json() for code in default_borders().codes]
    return _collection(duties, f"Who must arrest {who.name} on {on.isoformat()}")


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
    return Body.of(as_json({"from": a, "to": b, "on": on.isoformat(), "person": person, **flown.as_json(duties)}))
