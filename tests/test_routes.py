"""Great-circle routes over the real borders: which airspaces a flight crosses, in order, and where."""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise

import pytest

from geo.borders import default_borders
from geo.geodesy import GEOD
from geo.obligations import obligation
from geo.routes import Route, route

MOSCOW = (55.7558, 37.6173)
ULAANBAATAR = (47.9184, 106.9177)
TEL_AVIV = (32.0853, 34.7818)
WASHINGTON = (38.9072, -77.0369)
SUVA = (-18.1416, 178.4419)
APIA = (-13.8333, -171.7667)
MID_ATLANTIC = ((30.0, -40.0), (31.0, -38.0))
EU_STATES_PARTIES = {"GR", "IT", "FR", "ES", "PT", "GB", "IE"}


@pytest.fixture(scope="module")
def moscow_ulaanbaatar() -> Route:
    return route(MOSCOW, ULAANBAATAR)


@pytest.fixture(scope="module")
def tel_aviv_washington() -> Route:
    return route(TEL_AVIV, WASHINGTON)


def geodesic_km(start: tuple[float, float], end: tuple[float, float]) -> float:
    return GEOD.inv(start[1], start[0], end[1], end[0])[2] / 1000.0


def along(r: Route, km: float) -> tuple[float, float]:
    """The point `km` along the route from its start."""
    azimuth = GEOD.inv(r.start[1], r.start[0], r.end[1], r.end[0])[0]
    lon, lat, _ = GEOD.fwd(r.start[1], r.start[0], azimuth, km * 1000.0)
    return lat, lon


def states(r: Route) -> list[str]:
    return [c.state for c in r.crossings]


def test_overland_route_starts_and_ends_in_the_right_states(moscow_ulaanbaatar):
    r = moscow_ulaanbaatar
    total = geodesic_km(MOSCOW, ULAANBAATAR)
    assert states(r)[0] == "RU"
    assert states(r)[-1] == "MN"
    assert r.total_km == pytest.approx(total, rel=1e-3)
    inside = sum(c.km for c in r.crossings)
    assert 0.95 * r.total_km <= inside <= r.total_km + 1e-6


def test_transatlantic_route_crosses_european_states_parties_and_ends_in_the_us(tel_aviv_washington):
    crossed = states(tel_aviv_washington)
    assert crossed[0] == "IL"
    assert crossed[-1] == "US"
    assert len(EU_STATES_PARTIES & set(crossed)) >= 3, crossed


def test_crossings_are_in_order_and_open_sea_is_not_a_crossing(tel_aviv_washington):
    crossings = tel_aviv_washington.crossings
    assert all(c.state for c in crossings)
    gaps = [after.entry_km - (before.entry_km + before.km) for before, after in pairwise(crossings)]
    assert min(gaps) >= -1e-9
    assert max(gaps) > 2000  # the open Atlantic between Europe and North America


def test_a_state_left_and_entered_again_appears_twice(tel_aviv_washington):
    crossed = states(tel_aviv_washington)
    assert crossed.count("GR") >= 2
    assert crossed.count("TR") >= 2


def test_the_first_crossing_starts_at_the_start_and_the_last_ends_at_the_end(moscow_ulaanbaatar):
    first, last = moscow_ulaanbaatar.crossings[0], moscow_ulaanbaatar.crossings[-1]
    assert first.entry_km == 0.0
    assert first.entry == pytest.approx(MOSCOW)
    assert last.exit == pytest.approx(ULAANBAATAR)
    assert last.entry_km + last.km == pytest.approx(moscow_ulaanbaatar.total_km)


@pytest.mark.parametrize("km", [0.5, 0.1])
@pytest.mark.parametrize("trip", [(MOSCOW, ULAANBAATAR), (TEL_AVIV, WASHINGTON), (SUVA, APIA)])
def test_entries_and_exits_lie_on_the_border(trip, km):
    """A point `km` before an entry is outside the state and `km` after it inside; the reverse at an exit."""
    borders = default_borders()
    r = route(*trip)
    checked = 0
    for c in r.crossings:
        if c.km <= 2 * km:
            continue
        exit_km = c.entry_km + c.km
        if c.entry_km > 0:
            assert borders.state_at(*along(r, c.entry_km - km)) != c.state
            assert borders.state_at(*along(r, c.entry_km + km)) == c.state
            checked += 1
        if exit_km < r.total_km:
            assert borders.state_at(*along(r, exit_km - km)) == c.state
            assert borders.state_at(*along(r, exit_km + km)) != c.state
            checked += 1
    assert checked >= 2


def test_entry_and_exit_points_are_where_their_distances_say(tel_aviv_washington):
    for c in tel_aviv_washington.crossings:
        assert geodesic_km(along(tel_aviv_washington, c.entry_km), c.entry) < 1e-3
        assert geodesic_km(c.entry, c.exit) == pytest.approx(c.km, abs=1e-3)


def test_route_across_the_antimeridian():
    r = route(SUVA, APIA)
    assert states(r)[0] == "FJ"
    assert states(r)[-1] == "WS"
    geometry = r.geometry()
    assert geometry["type"] == "MultiLineString"
    first, second = geometry["coordinates"]
    assert abs(first[-1][0]) == 180.0
    assert second[0][0] == -first[-1][0]
    assert second[0][1] == first[-1][1]
    for line in geometry["coordinates"]:
        assert all(abs(b[0] - a[0]) <= 180.0 for a, b in pairwise(line))


def test_geometry_is_one_line_from_start_to_end_when_it_does_not_cross_the_antimeridian(moscow_ulaanbaatar):
    geometry = moscow_ulaanbaatar.geometry()
    assert geometry["type"] == "LineString"
    assert geometry["coordinates"][0] == pytest.approx([MOSCOW[1], MOSCOW[0]], abs=1e-5)
    assert geometry["coordinates"][-1] == pytest.approx([ULAANBAATAR[1], ULAANBAATAR[0]], abs=1e-5)


def test_route_entirely_at_sea_crosses_nothing():
    r = route(*MID_ATLANTIC)
    assert r.total_km == pytest.approx(geodesic_km(*MID_ATLANTIC), rel=1e-3)
    assert r.crossings == []


@pytest.mark.parametrize(("point", "expected"), [(MOSCOW, ["RU"]), (MID_ATLANTIC[0], [])])
def test_route_from_a_point_to_itself(point, expected):
    r = route(point, point)
    assert r.total_km == 0.0
    assert states(r) == expected
    assert all(c.km == 0.0 for c in r.crossings)
    assert r.geometry()["type"] == "LineString"


def test_as_json_carries_each_states_obligation(moscow_ulaanbaatar):
    on = date(2024, 9, 3)  # Putin in Ulaanbaatar
    duties = {c.state: obligation(c.state, "putin", on) for c in moscow_ulaanbaatar.crossings}
    data = json.loads(json.dumps(moscow_ulaanbaatar.as_json(duties)))
    mongolia = data["states"][-1]
    assert mongolia["state"] == "MN"
    assert (mongolia["strength"], mongolia["basis"]) == ("binding", "state_party")
    assert mongolia["km"] > 0
    assert data["geometry"]["type"] == "LineString"


def test_as_json_without_obligations_lists_states_and_km(tel_aviv_washington):
    data = tel_aviv_washington.as_json()
    assert [s["state"] for s in data["states"]] == states(tel_aviv_washington)
    assert all(set(s) == {"state", "km", "entry_km", "entry", "exit"} for s in data["states"])
    assert data["total_km"] == pytest.approx(tel_aviv_washington.total_km, abs=1e-3)


@pytest.mark.parametrize(
    ("start", "end", "step_km"), [((100.0, 0.0), (0.0, 0.0), 2.0), ((0.0, 0.0), (0.0, 200.0), 2.0), (MOSCOW, MOSCOW, 0)]
)
def test_bad_input_is_refused(start, end, step_km):
    with pytest.raises(ValueError):
        route(start, end, step_km)


@pytest.mark.parametrize(
    ("start", "end", "state"),
    [
        ((59.33, 18.07), (67.86, 20.23), "SE"),  # Stockholm to Kiruna
        ((64.14, -21.90), (65.68, -18.09), "IS"),  # Reykjavik to Akureyri
        ((-15.78, -47.93), (-19.92, -43.94), "BR"),  # Brasília to Belo Horizonte
    ],
)
def test_domestic_flights_stay_in_their_state(start, end, state):
    assert set(states(route(start, end))) == {state}
