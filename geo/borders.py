"""Which state's airspace a point lies in: land, or the 12-nautical-mile territorial sea, or none.

The shipped file (built by `geo.build_borders` from Natural Earth 1:10m) holds each state's land and
territorial sea, and a one-degree tile index: a tile wholly inside one state's land or sea answers
from a table; only tiles cut by a coast or a border test points against the clipped pieces, with
shapely's vectorised point-in-polygon. Where two states' territorial seas overlap, the nearer land wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import shapely

from geo.geodesy import distance_km, search_box
from geo.reference import DATA_DIR
from geo.shapes import polygonal

BORDERS_FILE = DATA_DIR / "borders.npz"
QUANTUM = 1e-5  # degrees: about a metre, far below the source's own precision
NONE, MIXED = -1, -2
TILE_MARGIN = 1e-4  # degrees: pieces overlap their tile's edges, so points on a whole degree are inside


def _pack(prefix: str, geoms: list[shapely.Geometry]) -> dict[str, np.ndarray]:
    """MultiPolygons as quantised, delta-encoded ragged arrays (compact and fast to read)."""
    multi = [polygonal(g) for g in geoms]
    _, coords, offsets = shapely.to_ragged_array(multi)
    quantised = np.round(coords / QUANTUM).astype(np.int64)
    deltas = np.diff(quantised, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).astype(np.int32)
    return {f"{prefix}_coords": deltas, **{f"{prefix}_offsets{i}": o for i, o in enumerate(offsets)}}


def _unpack(data, prefix: str) -> np.ndarray:
    coords = np.cumsum(data[f"{prefix}_coords"].astype(np.int64), axis=0) * QUANTUM
    offsets = tuple(data[f"{prefix}_offsets{i}"] for i in range(3))
    return shapely.from_ragged_array(shapely.GeometryType.MULTIPOLYGON, coords, offsets)


def _tiles(land: list[shapely.Geometry], sea: list[shapely.Geometry]) -> dict[str, np.ndarray]:
    """For each 1° tile: the one state covering it, none, or MIXED with the pieces that cut it."""
    lon0, lat0 = np.meshgrid(np.arange(-180, 180), np.arange(-90, 90))
    west, south = lon0.ravel() - TILE_MARGIN, lat0.ravel() - TILE_MARGIN
    boxes = shapely.box(west, south, west + 1 + 2 * TILE_MARGIN, south + 1 + 2 * TILE_MARGIN)
    zones = land + sea
    tree = shapely.STRtree(zones)
    tile_idx, zone_idx = tree.query(boxes, predicate="intersects")
    pieces = shapely.intersection(boxes[tile_idx], np.asarray(zones, dtype=object)[zone_idx])
    keep = ~shapely.is_empty(pieces) & (shapely.area(pieces) > 0)
    tile_idx, zone_idx, pieces = tile_idx[keep], zone_idx[keep], pieces[keep]
    n_states = len(land)
    state = zone_idx % n_states
    tile_state = np.full(len(boxes), NONE, dtype=np.int16)
    counts = np.bincount(tile_idx, minlength=len(boxes))
    full = np.isclose(shapely.area(pieces), shapely.area(boxes[tile_idx]), rtol=1e-7, atol=0)
    single = full & (counts[tile_idx] == 1)
    tile_state[tile_idx[single]] = state[single]
    mixed = (counts > 0) & (tile_state == NONE)
    tile_state[mixed] = MIXED
    cut = mixed[tile_idx]
    # per tile: land before sea, and the smaller piece first (the Vatican before Italy, whose hole is lost)
    order = np.lexsort((shapely.area(pieces[cut]), zone_idx[cut] >= n_states, tile_idx[cut]))
    cut_tiles = tile_idx[cut][order]
    starts = np.searchsorted(cut_tiles, np.arange(len(boxes) + 1))
    return {
        "tile_state": tile_state,
        "tile_starts": starts.astype(np.int32),
        "piece_state": state[cut][order].astype(np.int16),
        "piece_is_land": (zone_idx[cut][order] < n_states),
        **_pack("piece", list(pieces[cut][order])),
    }


def save_borders(path: Path, land: dict[str, shapely.Geometry], sea: dict[str, shapely.Geometry]) -> None:
    codes = sorted(land)
    land_geoms = [polygonal(shapely.make_valid(land[c])) for c in codes]
    sea_geoms = [polygonal(shapely.make_valid(sea.get(c, shapely.MultiPolygon()))) for c in codes]
    np.savez_compressed(
        path,
        codes=np.asarray(codes),
        **_pack("land", land_geoms),
        **_pack("sea", sea_geoms),
        **_tiles(land_geoms, sea_geoms),
    )


@dataclass
class Borders:
    codes: np.ndarray
    land: np.ndarray
    sea: np.ndarray
    tile_state: np.ndarray
    tile_starts: np.ndarray
    pieces: np.ndarray
    piece_state: np.ndarray
    piece_is_land: np.ndarray

    def __post_init__(self) -> None:
        shapely.prepare(self.pieces)
        self.index = {code: i for i, code in enumerate(self.codes)}
        self._near_cache: dict[tuple[int, int], shapely.Geometry] = {}

    def land_of(self, iso2: str) -> shapely.Geometry:
        return self.land[self.index[iso2]]

    def airspace_of(self, iso2: str) -> shapely.Geometry:
        return self.airspaces[self.index[iso2]]

    def states_at(self, lat, lon) -> np.ndarray:
        """ISO alpha-2 of the state whose airspace holds each point, or None (sea, or no state)."""
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lon = (lon + 180.0) % 360.0 - 180.0
        row = np.clip(np.floor(lat).astype(np.int64) + 90, 0, 179)
        col = np.clip(np.floor(lon).astype(np.int64) + 180, 0, 359)
        tile = row * 360 + col
        found = self.tile_state[tile].astype(np.int32)
        cut = np.flatnonzero(found == MIXED)
        if len(cut):
            cut = cut[np.argsort(tile[cut], kind="stable")]
            tiles, starts = np.unique(tile[cut], return_index=True)
            for t, at in zip(tiles, np.split(cut, starts[1:]), strict=True):
                found[at] = self._resolve(t, lon[at], lat[at])
        out = np.empty(len(found), dtype=object)
        hit = found >= 0
        out[hit] = self.codes[found[hit]]
        return out

    def _resolve(self, tile: int, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Test points of one cut tile against its pieces: land first, then territorial seas."""
        result = np.full(len(lon), NONE, dtype=np.int32)
        claims: list[tuple[int, np.ndarray]] = []
        for p in range(self.tile_starts[tile], self.tile_starts[tile + 1]):
            inside = shapely.intersects_xy(self.pieces[p], lon, lat)  # a tile's edge belongs to its pieces
            if self.piece_is_land[p]:
                result[inside & (result == NONE)] = self.piece_state[p]
            elif inside.any():
                claims.append((int(self.piece_state[p]), inside))
        open_ = result == NONE
        claims = [(state, inside & open_) for state, inside in claims if (inside & open_).any()]
        if len(claims) == 1:
            result[claims[0][1]] = claims[0][0]
        elif claims:  # overlapping territorial seas: the nearer land wins
            distance = np.full((len(claims), len(lon)), np.inf)
            for k, (state, inside) in enumerate(claims):
                land = self._land_near(state, tile)
                distance[k, inside] = shapely.distance(land, shapely.points(lon[inside], lat[inside]))
            claimed = np.isfinite(distance).any(axis=0)
            nearest = np.asarray([state for state, _ in claims])[np.argmin(distance, axis=0)]
            result[claimed] = nearest[claimed]
        return result

    def _land_near(self, state: int, tile: int) -> shapely.Geometry:
        """The state's land within a degree of a tile (all of it if none is that close), cached: measuring
        to the whole of Canada for every point in a strait is what made shared straits slow."""
        key = (state, tile)
        if key not in self._near_cache:
            lat0, lon0 = tile // 360 - 90, tile % 360 - 180
            near = shapely.clip_by_rect(self.land[state], lon0 - 1, lat0 - 1, lon0 + 2, lat0 + 2)
            self._near_cache[key] = self.land[state] if near.is_empty else near
        return self._near_cache[key]

    def state_at(self, lat: float, lon: float) -> str | None:
        return self.states_at([lat], [lon])[0]

    @cached_property
    def airspaces(self) -> np.ndarray:
        """Land and territorial sea per state, repaired first: quantisation leaves some rings invalid."""
        return shapely.union(shapely.make_valid(self.land), shapely.make_valid(self.sea))

    @cached_property
    def _airspace_tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.airspaces)

    def near(self, lat: float, lon: float, km: float) -> list[tuple[str, float]]:
        """States whose airspace comes within `km` of the point, nearest first, with the distance in km."""
        candidates = self._airspace_tree.query(search_box(lat, lon, km))
        found = [(str(self.codes[i]), distance_km(self.airspaces[i], lat, lon)) for i in candidates]
        return sorted(((code, d) for code, d in found if d <= km), key=lambda x: x[1])


def load_borders(path: Path = BORDERS_FILE) -> Borders:
    with np.load(path) as data:
        return Borders(
            codes=data["codes"].astype(object),
            land=_unpack(data, "land"),
            sea=_unpack(data, "sea"),
            tile_state=data["tile_state"],
            tile_starts=data["tile_starts"],
            pieces=_unpack(data, "piece"),
            piece_state=data["piece_state"],
            piece_is_land=data["piece_is_land"],
        )


@cache
def default_borders() -> Borders:
    return load_borders()
