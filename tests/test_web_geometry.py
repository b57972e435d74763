"""The web app's encoded-once answers say exactly what the geo library says."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import date

from geo.maps import obligations_geojson
from tracker.web import geometry
from tracker.web.encoded import Body, Piece


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
