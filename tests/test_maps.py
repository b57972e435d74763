"""Maps of who must arrest whom, rendered from the real reference data and borders (no mocks)."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.image import imread

from geo.borders import default_borders
from geo.maps import (
    COLOURS,
    EXTENT,
    MAP_HEIGHT_PX,
    TITLE_PX,
    WIDTH_PX,
    MapPoint,
    render_map,
    split_route,
)
from geo.obligations import Strength

ULAANBAATAR = MapPoint(47.92, 106.92, "Ulaanbaatar")
MOSCOW_TO_ULAANBAATAR = [(55.76, 37.62), (47.92, 106.92)]
TOKYO_TO_ANCHORAGE = [(35.55, 139.78), (52.0, 170.0), (55.0, -170.0), (61.17, -149.99)]
MONGOLIA_VISIT = date(2024, 9, 3)
TITLE = "Who must arrest Vladimir Vladimirovich Putin on 2024-09-03"


@pytest.fixture(scope="module")
def maps_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("maps")


@pytest.fixture(scope="module")
def putin_geojson(maps_dir: Path) -> dict:
    routes = [MOSCOW_TO_ULAANBAATAR, TOKYO_TO_ANCHORAGE]
    out = render_map("putin", MONGOLIA_VISIT, maps_dir / "putin.geojson", [ULAANBAATAR], routes)
    return json.loads(out.read_text(encoding="utf-8"))


def _by_state(collection: dict) -> dict[str, dict]:
    return {f["properties"]["state"]: f for f in collection["features"] if "state" in f["properties"]}


def _of_kind(collection: dict, kind: str) -> list[dict]:
    return [f for f in collection["features"] if f["properties"].get("kind") == kind]


def test_geojson_has_every_state_with_its_duty_on_the_day(putin_geojson: dict) -> None:
    states = _by_state(putin_geojson)
    assert len(states) == len(default_borders().codes)
    mongolia = states["MN"]
    assert mongolia["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert mongolia["properties"]["strength"] == "binding"
    assert mongolia["properties"]["basis"] == "state_party"
    assert "Art. 86" in mongolia["properties"]["articles"]
    assert mongolia["properties"]["explanation"]
    assert states["CN"]["properties"]["strength"] == "none"


def test_geojson_has_the_location_and_the_routes(putin_geojson: dict) -> None:
    (location,) = _of_kind(putin_geojson, "location")
    assert location["geometry"] == {"type": "Point", "coordinates": [106.92, 47.92]}
    assert location["properties"]["label"] == "Ulaanbaatar"
    to_mongolia, to_alaska = [f["geometry"] for f in _of_kind(putin_geojson, "route")]
    assert to_mongolia == {"type": "LineString", "coordinates": [[37.62, 55.76], [106.92, 47.92]]}
    assert to_alaska["type"] == "MultiLineString"
    assert [piece[-1][0] for piece in to_alaska["coordinates"]] == [180.0, -149.99]


def test_geojson_coordinates_are_rounded_to_five_decimals(putin_geojson: dict) -> None:
    coordinates = np.asarray(_by_state(putin_geojson)["RU"]["geometry"]["coordinates"][0][0])
    assert np.array_equal(coordinates, np.round(coordinates, 5))


def test_hungary_is_bound_after_its_withdrawal_took_effect(tmp_path: Path) -> None:
    """Art. 127(2): Hungary stays bound in the Palestine situation, opened before its withdrawal."""
    out = render_map("netanyahu", date(2026, 7, 1), tmp_path / "netanyahu.geojson")
    assert _by_state(json.loads(out.read_text(encoding="utf-8")))["HU"]["properties"]["strength"] == "binding"


def test_svg_is_xml_with_the_title_as_text(maps_dir: Path) -> None:
    out = render_map("putin", MONGOLIA_VISIT, maps_dir / "putin.svg", [ULAANBAATAR], [MOSCOW_TO_ULAANBAATAR])
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert any(TITLE in "".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.fixture(scope="module")
def putin_png(maps_dir: Path) -> Path:
    return render_map("putin", MONGOLIA_VISIT, maps_dir / "putin.png")


def test_png_is_a_png_of_the_promised_size(putin_png: Path) -> None:
    header = putin_png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert header[12:16] == b"IHDR"
    assert struct.unpack(">II", header[16:24]) == (WIDTH_PX, MAP_HEIGHT_PX + TITLE_PX)
    assert not list(putin_png.parent.glob("*.part"))


def _pixel(lat: float, lon: float) -> tuple[int, int]:
    """Row and column of a point in the PNG: plate carrée below a title band of TITLE_PX."""
    west, east, south, north = EXTENT
    column = (lon - west) / (east - west) * WIDTH_PX
    row = TITLE_PX + (north - lat) / (north - south) * MAP_HEIGHT_PX
    return int(row), int(column)


@pytest.mark.parametrize(("state", "strength"), [("MN", Strength.BINDING), ("CN", Strength.NONE)])
def test_png_fills_each_state_by_its_duty(putin_png: Path, state: str, strength: Strength) -> None:
    centre = default_borders().land_of(state).centroid
    assert default_borders().land_of(state).contains(centre)
    row, column = _pixel(centre.y, centre.x)
    assert np.allclose(imread(putin_png)[row, column, :3], to_rgb(COLOURS[strength]), atol=2 / 255)


def test_a_route_across_the_antimeridian_is_cut_there() -> None:
    assert split_route(TOKYO_TO_ANCHORAGE) == [
        [(139.78, 35.55), (170.0, 52.0), (180.0, 53.5)],
        [(-180.0, 53.5), (-170.0, 55.0), (-149.99, 61.17)],
    ]


def test_an_unknown_format_is_refused_with_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.geojson, \.svg, \.png"):
        render_map("putin", MONGOLIA_VISIT, tmp_path / "map.jpg")
    assert not list(tmp_path.iterdir())
