"""The web app's encoded-once answers say exactly what the geo library says."""

from __future__ import annotations

import gzip
import itertools
import json
import zlib
from datetime import date

import geojson_validator
import pytest
import shapely
from loguru import logger

from geo.geojson import geometry as geojson_geometry
from geo.maps import obligations_geojson
from tracker.web import geometry
from tracker.web.encoded import Body, Piece

logger.disable("geojson_validator")  # it logs every result at INFO


def test_obligations_are_the_geo_librarys_geojson_at_the_webs_tolerance():
    fast = json.loads(geometry.obligations("putin", date(2024, 9, 3)).plain)
    slow = obligations_geojson("putin", date(2024, 9, 3), tolerance=geometry.TOLERANCE, decimals=geometry.DECIMALS)
    assert fast == json.loads(json.dumps(slow))  # tuples become lists, as on the wire


def test_the_world_outline_carries_only_codes_and_names():
    world = json.loads(geometry.world().plain)
    assert {tuple(sorted(f["properties"])) for f in world["features"]} == {("name", "state")}
    assert len(world["features"]) > 190


def test_the_gzip_assembled_from_pieces_compressed_apart_is_the_plain_answer():
    for body in (geometry.obligations("netanyahu", date(2025, 4, 3)), geometry.world()):
        assert gzip.decompress(body.gzipped) == body.plain
        assert len(body.gzipped) < len(body.plain) / 2
    joined = Body.joined([b"head ", Piece.of(b"x" * 5000), b" tail " * 3, Piece.of("ünïcode".encode())])
    assert (
        zlib.decompress(joined.gzipped, 31)
        == joined.plain
        == b"head " + b"x" * 5000 + b" tail " * 3 + "ünïcode".encode()
    )


def _rings(collection: dict):
    """(state, ring index within its polygon, ring) of every polygon ring in the collection."""
    for feature in collection["features"]:
        g = feature["geometry"]
        polygons = {"Polygon": [g["coordinates"]], "MultiPolygon": g["coordinates"]}.get(g["type"], [])
        for polygon in polygons:
            for i, ring in enumerate(polygon):
                yield feature["properties"].get("state"), i, ring


@pytest.mark.parametrize(
    "collection",
    [lambda: json.loads(geometry.world().plain),
     lambda: json.loads(geometry.obligations("putin", date(2024, 9, 3)).plain),
     lambda: json.loads(json.dumps(obligations_geojson("putin", date(2024, 9, 3))))],
    ids=["api-world", "api-obligations", "tracker-map-geojson"],
)  # fmt: skip
def test_state_shapes_obey_rfc_7946_by_an_independent_validator(collection):
    """Exterior rings counter-clockwise, holes clockwise, no ring of fewer than three distinct points, valid
    shapes (geojson-validator and shapely), and no edge across the antimeridian (RFC 7946 §3.1.6, §3.1.9)."""
    body = collection()
    assert geojson_validator.validate_structure(body) == {}
    problems = ["self_intersection", "outside_lat_lon_boundaries"]
    found = geojson_validator.validate_geometries(body, criteria_problematic=problems)
    assert found["invalid"] == {} and found["problematic"] == {} and not found["skipped_validation"]
    assert all(shapely.geometry.shape(f["geometry"]).is_valid for f in body["features"])
    rings = list(_rings(body))
    assert len(rings) > 3000 and any(i > 0 for _, i, _ in rings)  # holes too (e.g. South Africa's)
    assert all(shapely.LinearRing(ring).is_ccw == (i == 0) for _, i, ring in rings)
    # The validator's own antimeridian check mistakes an edge ending on +180° for a crossing; no edge of a
    # cut shape spans more than 180° of longitude, and the states across it touch both sides.
    assert all(abs(b[0] - a[0]) <= 180 for _, _, ring in rings for a, b in itertools.pairwise(ring))
    for state in ("RU", "FJ"):
        longitudes = {p[0] for s, _, ring in rings if s == state for p in ring}
        assert {180.0, -180.0} <= longitudes, state


def test_rounding_never_leaves_a_collapsed_or_clockwise_ring():
    """A sliver thinner than the rounding grid disappears rather than become a degenerate ring; a clockwise
    square comes out counter-clockwise with its hole clockwise."""
    square = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)], [[(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8)]])
    sliver = shapely.Polygon([(5, 5), (6, 5), (6, 5.0001), (5, 5.0001)])
    shape = geojson_geometry(shapely.MultiPolygon([square, sliver]), decimals=3)
    assert shape["type"] == "MultiPolygon" and len(shape["coordinates"]) == 1  # the sliver is gone
    [(exterior, hole)] = shape["coordinates"]
    assert shapely.LinearRing(exterior).is_ccw and not shapely.LinearRing(hole).is_ccw
    assert geojson_geometry(shapely.Point(1.23456, 2.0), decimals=2) == {"type": "Point", "coordinates": (1.23, 2.0)}
