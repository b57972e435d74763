"""Maps of who must arrest a person on a day: a GeoJSON file for other tools, an SVG or PNG for people.

Everything is drawn offline with matplotlib (no tile server, no network), in plate carrée: longitude
and latitude map straight to x and y, so a pixel's position follows from `EXTENT` alone. Each state
is filled by the strength of its duty on the day; locations and routes are drawn over them.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from matplotlib import patheffects, rc_context
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from geo.borders import default_borders
from geo.geojson import geometry as geojson_geometry
from geo.obligations import Obligation, Strength, find_person, obligation
from geo.shapes import split_at_antimeridian

COLOURS = {
    Strength.BINDING: "#d7191c",
    Strength.CONTESTED: "#fd8d3c",
    Strength.URGED: "#ffff99",
    Strength.NONE: "#d9d9d9",
}
SEA = "#eaf3fa"
BORDER = "#808080"
ROUTE = "#1f3b73"

EXTENT = (-180.0, 180.0, -60.0, 84.0)  # west, east, south, north: Antarctica is cropped
WIDTH_PX = 1600
MAP_HEIGHT_PX = round(WIDTH_PX * (EXTENT[3] - EXTENT[2]) / (EXTENT[1] - EXTENT[0]))  # one scale for x and y
TITLE_PX = 50  # band above the map; the map fills the rest of the image, edge to edge
DPI = 100
DRAW_TOLERANCE = 0.05  # degrees: under a quarter of a pixel at WIDTH_PX, with a ninth of the vertices
GEOJSON_TOLERANCE = 0.02  # degrees (about 2 km): all states in about 2.4 MB, small islands still recognisable
SUFFIXES = (".geojson", ".svg", ".png")
DECIMALS = 5  # about a metre: finer than any tolerance used


@dataclass(frozen=True)
class MapPoint:
    """A place to mark on the map, such as the city a person is reported to visit."""

    lat: float
    lon: float
    label: str


Route = Sequence[tuple[float, float]]  # (lat, lon) points, drawn straight between them in plate carrée


def render_map(
    person: str, on: date, out: Path, locations: Sequence[MapPoint] = (), route_lines: Sequence[Route] = ()
) -> Path:
    """Write the map of every state's duty to arrest `person` on `on` to `out`; its suffix picks the format.

    The file is written to a temporary name and moved into place, so a reader never sees half a map.
    """
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot write a map to {out.name!r}: the suffix must be one of {', '.join(SUFFIXES)}")
    who = find_person(person)
    duties = [obligation(code, who, on) for code in default_borders().codes]
    title = f"Who must arrest {who.name} on {on.isoformat()}"
    partial = out.with_name(out.name + ".part")
    try:
        if suffix == ".geojson":
            _write_geojson(duties, title, locations, route_lines, partial)
        else:
            _draw(duties, title, locations, route_lines, partial, suffix.removeprefix("."))
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)  # only left behind if writing failed
    return out


@cache
def simplified_land(tolerance: float) -> np.ndarray:
    """Each state's land (aligned with `default_borders().codes`) simplified once per tolerance and reused."""
    return shapely.simplify(default_borders().land, tolerance, preserve_topology=True)


def split_route(line: Route) -> list[list[tuple[float, float]]]:
    """(lat, lon) points as (lon, lat) pieces cut where a leg crosses ±180°, so no line streaks across the map."""
    return [piece for piece in split_at_antimeridian([(lon, lat) for lat, lon in line]) if len(piece) > 1]


def rounded(geometry: shapely.Geometry, decimals: int = DECIMALS) -> dict:
    """RFC 7946 GeoJSON geometry with coordinates rounded to `decimals` (`geo.geojson`)."""
    return geojson_geometry(geometry, decimals)


def obligations_geojson(
    person: str,
    on: date,
    locations: Sequence[MapPoint] = (),
    routes: Sequence[Route] = (),
    tolerance: float = GEOJSON_TOLERANCE,
    decimals: int = DECIMALS,
) -> dict:
    """Every state with its duty to arrest `person` on `on` as a GeoJSON FeatureCollection (the shape of
    `/api/obligations`), plus the locations and routes given; coarser `tolerance` and `decimals` make it smaller."""
    who = find_person(person)
    duties = [obligation(code, who, on) for code in default_borders().codes]
    title = f"Who must arrest {who.name} on {on.isoformat()}"
    return _collection(duties, title, locations, routes, tolerance, decimals)


def _collection(
    duties: list[Obligation],
    title: str,
    locations: Sequence[MapPoint],
    routes: Sequence[Route],
    tolerance: float = GEOJSON_TOLERANCE,
    decimals: int = DECIMALS,
) -> dict:
    land = simplified_land(tolerance)
    features = [
        {"type": "Feature", "geometry": rounded(shape, decimals), "properties": duty.as_json()}
        for duty, shape in zip(duties, land, strict=True)
    ]
    features += [
        {
            "type": "Feature",
            "geometry": rounded(shapely.Point(p.lon, p.lat), decimals),
            "properties": {"kind": "location", "label": p.label},
        }
        for p in locations
    ]
    for route in routes:
        pieces = split_route(route)
        line = shapely.LineString(pieces[0]) if len(pieces) == 1 else shapely.MultiLineString(pieces)
        features.append({"type": "Feature", "geometry": rounded(line, decimals), "properties": {"kind": "route"}})
    return {"type": "FeatureCollection", "title": title, "features": features}


def _write_geojson(
    duties: list[Obligation], title: str, locations: Sequence[MapPoint], routes: Sequence[Route], out: Path
) -> None:
    collection = _collection(duties, title, locations, routes)
    out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _path(geometry: shapely.Geometry) -> MplPath:
    """A state's (multi)polygon as one matplotlib path, its holes included."""
    rings = [ring for polygon in shapely.get_parts(geometry) for ring in (polygon.exterior, *polygon.interiors)]
    return MplPath.make_compound_path(*(MplPath(np.asarray(ring.coords), closed=True) for ring in rings))


@cache
def _land_path(index: int) -> MplPath:
    """One state's drawn outline, made once: small maps of the same region reuse it."""
    return _path(simplified_land(DRAW_TOLERANCE)[index])


def _draw(
    duties: list[Obligation],
    title: str,
    locations: Sequence[MapPoint],
    routes: Sequence[Route],
    out: Path,
    fmt: str,
) -> None:
    """Draw the map with matplotlib's own Figure (no pyplot state, Agg for PNG) and save it as `fmt`."""
    height_px = MAP_HEIGHT_PX + TITLE_PX
    fig = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, 0, 1, MAP_HEIGHT_PX / height_px), facecolor=SEA)  # fills the image below the title
    _paint(ax, EXTENT, [_path(shape) for shape in simplified_land(DRAW_TOLERANCE)], duties, locations, routes)
    legend = [Patch(facecolor=colour, edgecolor=BORDER, label=str(strength)) for strength, colour in COLOURS.items()]
    ax.legend(handles=legend, title="Duty to arrest", loc="lower left", framealpha=0.9)
    fig.text(0.5, 1 - TITLE_PX / 2 / height_px, title, ha="center", va="center", fontsize=16)
    with rc_context({"svg.fonttype": "none"}):  # SVG text stays text: searchable and readable by screen readers
        fig.savefig(out, format=fmt, metadata={"Title": title})


def small_route_png(
    person: str, on: date, locations: Sequence[MapPoint], route: Route, size_px: tuple[int, int] = (480, 300)
) -> bytes:
    """A small PNG of the route and its places, the states around it coloured by their duty on `on`
    (for an email: a few tens of kB, only the states in view are drawn)."""
    who = find_person(person)
    extent = _extent_around([*route, *((p.lat, p.lon) for p in locations)], size_px[0] / size_px[1])
    land = simplified_land(DRAW_TOLERANCE)
    codes = default_borders().codes
    view = np.flatnonzero(shapely.intersects(land, shapely.box(extent[0], extent[2], extent[1], extent[3])))
    duties = [obligation(codes[i], who, on) for i in view]
    fig = Figure(figsize=(size_px[0] / DPI, size_px[1] / DPI), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1), facecolor=SEA)
    _paint(ax, extent, [_land_path(int(i)) for i in view], duties, locations, [route])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _extent_around(points: Sequence[tuple[float, float]], aspect: float) -> tuple[float, float, float, float]:
    """West, east, south, north around (lat, lon) points with a margin, widened to `aspect` (width/height);
    the whole world when the points straddle ±180°."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        return EXTENT
    margin = max(4.0, 0.25 * max(max(lons) - min(lons), max(lats) - min(lats)))  # room for the labels
    west, east, south, north = min(lons) - margin, max(lons) + margin, min(lats) - margin, max(lats) + margin
    width, height = east - west, north - south
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        west, east = west - grow, east + grow
    else:
        grow = (width / aspect - height) / 2
        south, north = south - grow, north + grow
    return west, east, south, north


def _paint(
    ax,
    extent: tuple[float, float, float, float],
    paths: list[MplPath],
    duties: list[Obligation],
    locations: Sequence[MapPoint],
    routes: Sequence[Route],
) -> None:
    """States filled by duty, then routes, then labelled places, on bare axes spanning `extent`."""
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    patches = [PathPatch(path) for path in paths]
    colours = [COLOURS[duty.strength] for duty in duties]
    ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolors=BORDER, linewidths=0.3, zorder=1))
    for route in routes:
        for piece in split_route(route):
            lons, lats = zip(*piece, strict=True)
            ax.plot(lons, lats, color=ROUTE, linewidth=1.8, zorder=2)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for p in locations:
        ax.plot(p.lon, p.lat, marker="o", markersize=7, color="black", markeredgecolor="white", zorder=3)
        ax.annotate(p.label, (p.lon, p.lat), xytext=(6, 4), textcoords="offset points", path_effects=halo, zorder=4)
