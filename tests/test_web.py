"""`tracker serve` as a real server on loopback: health, the map questions, the public feeds."""

from __future__ import annotations

import json
from datetime import date

import feedparser
import icalendar
import pytest
import requests
import shapely

from tests.conftest import ROOT

ARCHIVE = ROOT / "tests/data/archive/putin-mongolia-2024.xml"
INTERNAL = ("asp-president@", "focal-", "recipient", "acknowledged", "deliver", "message_id", "silence")


@pytest.fixture
def app_url(web_app):
    return web_app.base


def test_health_says_ok_and_counts_only(app_url):
    """Source URLs can hold API keys and their errors say too much: they are for the desk."""
    body = requests.get(app_url + "/health", timeout=10).json()
    assert body["database"] == "ok" and body["status"] in ("ok", "degraded")
    assert set(body) == {"status", "database", "sources", "failing"} and body["sources"] >= 2
    assert "http" not in json.dumps(body)
    assert "bbc" not in requests.get(app_url + "/desk/sources", timeout=10, allow_redirects=False).text  # sign in first


def test_feed_ids_and_links_come_from_the_public_url_not_the_host_header(app_url):
    """A client's Host header never becomes a feed's id or links (a cache would serve them to everyone)."""
    for path in ("/feeds/episodes.atom", "/feeds/episodes.json", "/feeds/upcoming.ics"):
        body = requests.get(app_url + path, headers={"Host": "evil.example"}, timeout=10).text
        assert "evil.example" not in body, path


def test_obligations_as_geojson(app_url):
    response = requests.get(app_url + "/api/obligations", params={"person": "putin", "date": "2024-09-03"}, timeout=60)
    body = response.json()
    assert body["type"] == "FeatureCollection"
    by_state = {f["properties"]["state"]: f for f in body["features"] if "state" in f["properties"]}
    assert by_state["MN"]["properties"]["strength"] == "binding"
    assert by_state["RU"]["properties"]["home_state"] is True
    assert shapely.geometry.shape(by_state["MN"]["geometry"]).is_valid


def test_route_with_duties(app_url):
    params = {"from": "Moscow", "to": "Ulaanbaatar", "person": "putin", "date": "2024-09-02"}
    body = requests.get(app_url + "/api/route", params=params, timeout=60).json()
    states = [s["state"] for s in body["states"]]
    assert states[0] == "RU" and states[-1] == "MN"
    assert body["states"][-1]["strength"] == "binding"
    assert shapely.geometry.shape(body["geometry"]).length > 10


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/obligations?person=nobody&date=2024-09-03", 404),
        ("/api/obligations?person=putin&date=September", 400),
        ("/api/route?from=Nowhereville-xyz&to=Moscow", 400),
    ],
)
def test_bad_requests_say_what_is_wrong(app_url, path, code):
    response = requests.get(app_url + path, timeout=30)
    assert response.status_code == code and response.json()["detail"]


def test_public_feeds_parse_and_hold_nothing_internal(app_url):
    atom = requests.get(app_url + "/feeds/episodes.atom", timeout=30)
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo and any("Mongolia" in e.title for e in parsed.entries)
    feed = requests.get(app_url + "/feeds/episodes.json", timeout=30).json()
    assert feed["version"].startswith("https://jsonfeed.org/") and feed["items"]
    points = requests.get(app_url + "/feeds/episodes.geojson", timeout=30).json()
    assert all(shapely.geometry.shape(f["geometry"]).is_valid for f in points["features"])
    assert {f["properties"]["state"] for f in points["features"]} >= {"MN", "TJ"}
    calendar = icalendar.Calendar.from_ical(requests.get(app_url + "/feeds/upcoming.ics", timeout=30).text)
    events = [c for c in calendar.walk("VEVENT")]
    # the trips not yet over (other tests add some days from today): the Tajikistan one, not 2024's Mongolia
    assert all(e["DTEND"].dt > date.today() for e in events)
    assert [str(e["SUMMARY"]) for e in events if "Tajikistan" in str(e["SUMMARY"])]
    for body in (atom.text, json.dumps(feed), json.dumps(points), calendar.to_ical().decode()):
        lowered = body.lower()
        assert not any(word in lowered for word in INTERNAL)
