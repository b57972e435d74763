"""The web app's encoded-once answers say exactly what the geo library says."""

from __future__ import annotations

import json
from datetime import date

from geo.maps import obligations_geojson
from tracker.web import geometry


def test_obligations_are_the_geo_librarys_geojson_at_the_webs_tolerance():
    fast = json.loads(geometry.obligations("putin", date(2024, 9, 3)).plain)
    slow = obligations_geojson("putin", date(2024, 9, 3), tolerance=geometry.TOLERANCE, decimals=geometry.DECIMALS)
    assert fast == json.loads(json.dumps(slow))  # tuples become lists, as on the wire


def test_the_world_outline_carries_only_codes_and_names():
    world = json.loads(geometry.world().plain)
    assert {tuple(sorted(f["properties"])) for f in world["features"]} == {("name", "state")}
    assert len(world["features"]) > 190
