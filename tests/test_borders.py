"""Which state's airspace a point is in, on the real shipped borders (Natural Earth 1:10m + 12 nm seas).

Coordinates are GeoNames positions (rounded), or points computed here with pyproj's Geod: offshore
points are measured from the coast as the shipped data draws it, so they test the 12-nautical-mile
rule rather than the source's coastline.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.borders import Borders, default_borders

GEOD = Geod(ellps="WGS84")
TERRITORIAL_SEA_KM = 12 * 1.852


@pytest.fixture(scope="module")
def borders() -> Borders:
    return default_borders()


def fwd(lat: float, lon: float, azimuth: float, km: float) -> tuple[float, float]:
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, km * 1000.0)
    return lat2, lon2


def coast(borders: Borders, iso2: str, lat: float, lon: float, azimuth: float) -> tuple[float, float]:
    """Walk from a point on the state's land along `azimuth` until the land (as drawn) ends."""
    land = borders.land_of(iso2)
    assert shapely.contains_xy(land, lon, lat), f"start point is not on {iso2}'s land"
    for step in range(1, 20_000):  # 25 m steps, up to 500 km
        at = fwd(lat, lon, azimuth, step * 0.025)
        if not shapely.contains_xy(land, at[1], at[0]):
            return at
    raise AssertionError("no coast within 500 km")


def offshore(borders: Borders, iso2: str, start: tuple[float, float], azimuth: float, km: float):
    return fwd(*coast(borders, iso2, *start, azimuth), azimuth, km)


# ---------------------------------------------------------------------------------------------------------
# Capitals and towns, enclaves and small island States Parties

PLACES = [
    ("Moscow", 55.7558, 37.6173, "RU"),
    ("Ulaanbaatar", 47.9184, 106.9177, "MN"),
    ("Budapest", 47.4979, 19.0402, "HU"),
    ("Dushanbe", 38.5598, 68.7870, "TJ"),
    ("Johannesburg", -26.2041, 28.0473, "ZA"),
    ("N'Djamena", 12.1348, 15.0557, "TD"),
    ("Kousseri, across the Chari from N'Djamena", 12.0769, 15.0306, "CM"),
    ("Amman", 31.9454, 35.9284, "JO"),
    ("Kinshasa", -4.4419, 15.2663, "CD"),
    ("Brazzaville, across the Congo from Kinshasa", -4.2634, 15.2429, "CG"),
    ("Khartoum", 15.5007, 32.5599, "SD"),
    ("Juba", 4.8594, 31.5713, "SS"),
    ("Niamey", 13.5116, 2.1254, "NE"),
    ("Abuja", 9.0765, 7.3986, "NG"),
    ("Tbilisi", 41.7151, 44.8271, "GE"),
    ("St Peter's Basilica", 41.9022, 12.4539, "VA"),
    ("Vatican Gardens", 41.9039, 12.4510, "VA"),
    ("Colosseum, Rome", 41.8902, 12.4922, "IT"),
    ("San Marino", 43.9356, 12.4473, "SM"),
    ("Rimini, next to San Marino", 44.0594, 12.5683, "IT"),
    ("Maseru", -29.3151, 27.4869, "LS"),
    ("Ladybrand, across the Caledon from Maseru", -29.1946, 27.4594, "ZA"),
    ("Ramallah", 31.9038, 35.2034, "PS"),
    ("Gaza City", 31.5017, 34.4668, "PS"),
    ("Pristina", 42.6629, 21.1655, "XK"),
    ("Yaren, Nauru", -0.5477, 166.9209, "NR"),
    ("Avarua, Cook Islands", -21.2075, -159.7750, "CK"),
    ("Apia, Samoa", -13.8333, -171.7667, "WS"),
    ("Port Vila, Vanuatu", -17.7334, 168.3273, "VU"),
    ("Funafuti, Tuvalu", -8.5243, 179.1942, "TV"),
    ("Bairiki, South Tarawa", 1.3291, 172.9752, "KI"),
]


@pytest.mark.parametrize(("name", "lat", "lon", "iso2"), PLACES, ids=[p[0] for p in PLACES])
def test_place_is_in_its_state(borders, name, lat, lon, iso2):
    assert borders.state_at(lat, lon) == iso2


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(30.5, -40.5), (0.5, -140.5), (-40.5, 80.5), (-48.88, -123.39)],
    ids=["mid-atlantic", "mid-pacific", "south-indian-ocean", "point-nemo"],
)
def test_open_sea_is_no_state(borders, lat, lon):
    assert borders.state_at(lat, lon) is None


@pytest.mark.parametrize(("lat", "lon"), [(44.95, 34.10), (44.6167, 33.5254)], ids=["simferopol", "sevastopol"])
def test_crimea_is_ukraine(borders, lat, lon):
    assert borders.state_at(lat, lon) == "UA"


# ---------------------------------------------------------------------------------------------------------
# Territorial sea: 12 nautical miles (22.2 km) from the coast

OFFSHORE = [  # state, a point on its land, azimuth out to sea
    ("GB", (51.1500, 1.2800), 135.0),  # Dover, towards the Strait
    ("NR", (-0.5228, 166.9315), 90.0),
    ("NR", (-0.5228, 166.9315), 270.0),
    ("PT", (38.7800, -9.4500), 270.0),  # Cabo da Roca
    ("ZA", (-34.3000, 18.4500), 180.0),  # Cape Point
    ("WS", (-13.8333, -171.7667), 0.0),  # Apia
]
OPEN_OFFSHORE = [case for case in OFFSHORE if case[0] != "GB"]  # France is 33 km from Dover


@pytest.mark.parametrize(("iso2", "start", "azimuth"), OFFSHORE, ids=[f"{c[0]}-{c[2]:.0f}" for c in OFFSHORE])
def test_ten_km_off_the_coast_is_territorial_sea(borders, iso2, start, azimuth):
    assert borders.state_at(*offshore(borders, iso2, start, azimuth, 10.0)) == iso2


@pytest.mark.parametrize(("iso2", "start", "azimuth"), OPEN_OFFSHORE, ids=[f"{c[0]}-{c[2]:.0f}" for c in OPEN_OFFSHORE])
def test_forty_km_off_the_coast_is_open_sea(borders, iso2, start, azimuth):
    assert borders.state_at(*offshore(borders, iso2, start, azimuth, 40.0)) is None


@pytest.mark.parametrize(("iso2", "start", "azimuth"), OPEN_OFFSHORE, ids=[f"{c[0]}-{c[2]:.0f}" for c in OPEN_OFFSHORE])
def test_territorial_sea_ends_at_twelve_nautical_miles(borders, iso2, start, azimuth):
    """Within ~1.2 km of 22.2 km (the builder buffers with 4 segments a quarter and simplifies by 100 m)."""
    assert borders.state_at(*offshore(borders, iso2, start, azimuth, TERRITORIAL_SEA_KM - 1.2)) == iso2
    assert borders.state_at(*offshore(borders, iso2, start, azimuth, TERRITORIAL_SEA_KM + 1.2)) is None


def test_land_and_airspace_of_a_small_island_state(borders):
    yaren = (-0.5477, 166.9209)
    near_sea = offshore(borders, "NR", (-0.5228, 166.9315), 90.0, 10.0)
    far_sea = offshore(borders, "NR", (-0.5228, 166.9315), 90.0, 40.0)
    land, airspace = borders.land_of("NR"), borders.airspace_of("NR")
    assert shapely.contains_xy(land, yaren[1], yaren[0])
    assert not shapely.contains_xy(land, near_sea[1], near_sea[0])
    assert shapely.contains_xy(airspace, near_sea[1], near_sea[0])
    assert not shapely.contains_xy(airspace, far_sea[1], far_sea[0])


# ---------------------------------------------------------------------------------------------------------
# Land borders: 1 km either side of a crossing

CROSSINGS = [  # name, point on the border, azimuth into the first state, first, second
    ("Strasbourg/Kehl, Pont de l'Europe", (48.5736, 7.8006), 270.0, "FR", "DE"),
    ("Frankfurt (Oder)/Słubice", (52.3436, 14.5560), 270.0, "DE", "PL"),
    ("Görlitz/Zgorzelec", (51.1560, 14.9950), 270.0, "DE", "PL"),
    ("Tornio/Haparanda", (65.8400, 24.1450), 90.0, "FI", "SE"),
    ("Ruse/Giurgiu, Friendship Bridge", (43.8900, 25.9600), 180.0, "BG", "RO"),
    ("El Paso/Ciudad Juárez", (31.7495, -106.4865), 0.0, "US", "MX"),
]


@pytest.mark.parametrize(("name", "point", "azimuth", "first", "second"), CROSSINGS, ids=[c[0] for c in CROSSINGS])
def test_both_sides_of_a_border_crossing(borders, name, point, azimuth, first, second):
    assert borders.state_at(*fwd(*point, azimuth, 1.0)) == first
    assert borders.state_at(*fwd(*point, azimuth + 180.0, 1.0)) == second


# ---------------------------------------------------------------------------------------------------------
# The antimeridian, and shapes that once wrapped round the world

ANTIMERIDIAN = [
    ("Taveuni, Fiji (west of 180°)", -16.85, 179.97, "FJ"),
    ("Lau Islands, Fiji (east of 180°)", -17.2, -178.8, "FJ"),
    ("Lau Islands, longitude beyond 180", -17.2, 181.2, "FJ"),
    ("Taveuni, longitude below -180", -16.85, 179.97 - 360.0, "FJ"),
    ("Bairiki, Tarawa (west of 180°)", 1.3291, 172.9752, "KI"),
    ("Kiritimati (east of 180°)", 1.87, -157.4, "KI"),
    ("Anadyr (west of 180°)", 64.73, 177.5, "RU"),
    ("Uelen (east of 180°)", 66.16, -169.8, "RU"),
    ("Fairbanks, Alaska", 64.84, -147.72, "US"),
    ("Swedish Lapland", 67.86, 20.23, "SE"),
    ("North Iceland", 65.68, -18.09, "IS"),
]


@pytest.mark.parametrize(("name", "lat", "lon", "iso2"), ANTIMERIDIAN, ids=[a[0] for a in ANTIMERIDIAN])
def test_antimeridian(borders, name, lat, lon, iso2):
    assert borders.state_at(lat, lon) == iso2


@pytest.mark.parametrize(
    ("lat", "lon", "iso2"),
    [(1.35, 173.0, "KI"), (51.4779, 0.0, "GB"), (52.0, 5.0, "NL"), (45.0, 7.68, "IT")],
    ids=["tarawa-173E", "greenwich-0E", "utrecht-52N-5E", "turin-45N"],
)
def test_points_on_whole_degree_lines(borders, lat, lon, iso2):
    assert borders.state_at(lat, lon) == iso2


# ---------------------------------------------------------------------------------------------------------
# The vectorised call


def random_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))
    lon = rng.uniform(-180.0, 180.0, n)
    return lat, lon


def test_vectorised_agrees_with_scalar_on_random_points(borders):
    lat, lon = random_points(1_000, seed=7)
    europe_lat, europe_lon = np.random.default_rng(8).uniform((35.0, -10.0), (60.0, 30.0), (1_000, 2)).T
    lat, lon = np.concatenate([lat, europe_lat]), np.concatenate([lon, europe_lon])
    vectorised = borders.states_at(lat, lon)
    assert len(vectorised) == len(lat)
    assert list(vectorised) == [borders.state_at(a, o) for a, o in zip(lat, lon, strict=True)]
    assert sum(s is not None for s in vectorised[:1_000]) > 200, "about a third of the sphere is some airspace"


def test_no_point_near_any_coast(borders):
    """No tile is cut by a coast or a border: answered from the tile table alone."""
    assert list(borders.states_at([56.5, 30.5], [-100.5, -40.5])) == ["CA", None]


def test_empty_input(borders):
    assert len(borders.states_at([], [])) == 0


# ---------------------------------------------------------------------------------------------------------
# near()


def test_near_lists_nauru_off_its_coast(borders):
    inside = offshore(borders, "NR", (-0.5228, 166.9315), 90.0, 10.0)
    outside = offshore(borders, "NR", (-0.5228, 166.9315), 90.0, 30.0)
    near_inside = dict(borders.near(*inside, 50.0))
    assert near_inside["NR"] < TERRITORIAL_SEA_KM
    assert near_inside["NR"] == pytest.approx(0.0, abs=0.1)
    found = borders.near(*outside, 50.0)
    assert found[0][0] == "NR"
    assert found[0][1] == pytest.approx(30.0 - TERRITORIAL_SEA_KM, abs=1.5)
