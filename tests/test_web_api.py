"""The public JSON API and pages of `tracker serve` on loopback: episodes, people, states, the world outline,
security headers on every answer, and report text escaped wherever it is shown."""

from __future__ import annotations

import gzip
import re

import pytest
import requests
import shapely
from sqlmodel import Session, select

from tracker.models import Report, TravelClaim
from tracker.storage import make_engine

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def get(web_app, path: str, **params) -> requests.Response:
    response = requests.get(web_app.base + path, params=params, timeout=60)
    assert response.status_code == 200, (path, response.text[:300])
    return response


def test_episodes_filter_and_carry_sources_and_history(web_app):
    body = get(web_app, "/api/episodes", person="putin", state="MN").json()
    assert body["type"] == "FeatureCollection" and body["features"]
    mongolia = next(f for f in body["features"] if f["properties"]["expected_start"] == "2024-09-03")
    assert shapely.geometry.shape(mongolia["geometry"]).within(shapely.box(87, 41, 120, 52))  # in Mongolia
    props = mongolia["properties"]
    assert props["state"] == "MN" and props["strength"] == "binding"
    assert len(props["sources"]) > 10 and all(s["url"].startswith("http") for s in props["sources"])
    assert [h["to"] for h in props["history"]][-1] == props["status"]
    assert get(web_app, "/api/episodes", status="cancelled", state="MN").json()["features"] == []
    dated = get(web_app, "/api/episodes", since="2024-09-01", until="2024-09-05").json()["features"]
    assert {f["properties"]["expected_start"] for f in dated} == {"2024-09-03"}
    one = get(web_app, f"/api/episodes/{props['episode']}").json()
    assert one["type"] == "Feature" and one["properties"]["sources"] == props["sources"]


def test_people_and_states(web_app):
    people = {p["id"]: p for p in get(web_app, "/api/people").json()}
    assert people["putin"]["warrant_in_force"] is True and people["putin"]["situation"]["id"] == "ICC-01/22"
    putin = get(web_app, "/api/people/putin").json()
    assert putin["warrants"][0]["case_number"] and putin["episodes"]
    states = {s["state"]: s for s in get(web_app, "/api/states", person="putin", date="2024-09-03").json()}
    assert states["MN"]["strength"] == "binding" and states["RU"]["home_state"] is True
    before = {s["state"]: s for s in get(web_app, "/api/states", person="putin", date="2002-06-01").json()}
    assert before["MN"]["strength"] == "none"
    south_africa = get(web_app, "/api/states/ZA").json()
    assert any("revoked" in t["event"] for t in south_africa["timeline"]) and south_africa["findings"]
    ukraine = get(web_app, "/api/states/UA").json()
    assert any("12(3)" in t["event"] for t in ukraine["timeline"])


@pytest.mark.parametrize(
    ("path", "code"),
    [("/api/states/XX", 404), ("/api/people/nobody", 404), ("/api/episodes?status=lost", 422),
     ("/api/episodes?since=yesterday", 400), ("/api/episodes/999999", 404)],
)  # fmt: skip
def test_bad_queries_say_what_is_wrong(web_app, path, code):
    response = requests.get(web_app.base + path, timeout=30)
    assert response.status_code == code and response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "code", "says"),
    [("/states/XX", 404, "unknown state"), ("/people/nobody", 404, "unknown person"),
     ("/episodes?status=lost", 422, "status"), ("/?date=someday", 400, "is not YYYY-MM-DD")],
)  # fmt: skip
def test_a_page_that_cannot_be_shown_is_a_page_saying_why(web_app, path, code, says):
    response = requests.get(web_app.base + path, timeout=30)
    assert response.status_code == code and response.headers["Content-Type"].startswith("text/html")
    assert says in response.text and "<h1>" in response.text


def test_world_and_obligations_are_small_and_gzipped(web_app):
    for path in ("/api/world", "/api/obligations?person=putin&date=2024-09-03"):
        raw = requests.get(web_app.base + path, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=60).raw
        assert raw.headers["Content-Encoding"] == "gzip"
        wire = raw.read()
        assert len(wire) < 300_000, (path, len(wire))
        assert gzip.decompress(wire).startswith(b'{"type":"FeatureCollection"')


def test_every_answer_carries_the_security_headers(web_app):
    for path in ("/", "/episodes", "/api/people", "/static/map.js", "/feeds/episodes.atom", "/login", "/desk"):
        headers = requests.get(web_app.base + path, timeout=30, allow_redirects=False).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style_and_link_every_feed(web_app):
    for path in ("/", "/episodes", "/people", "/people/putin", "/states", "/states/MN", "/feeds", "/login"):
        html = get(web_app, path).text
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html
        for feed in ("/feeds/episodes.atom", "/feeds/episodes.json", "/feeds/episodes.geojson", "/feeds/upcoming.ics"):
            assert re.search(f'<link rel="alternate" type="[^"]+" title="[^"]+" href="{feed}">', html), (path, feed)


def test_report_text_is_escaped_everywhere(web_app):
    engine = make_engine(web_app.database)
    with Session(engine) as s:
        source = s.exec(select(Report.source_id)).first()
        report = Report(source_id=source, url="https://example.org/hostile", canonical_url="https://example.org/hostile",
                        title=HOSTILE, content_hash="h" * 64)  # fmt: skip
        s.add(report)
        s.flush()
        episode = get(web_app, "/api/episodes", state="MN").json()["features"][0]["properties"]["episode"]
        s.add(TravelClaim(report_id=report.id, person_id="putin", state="MN", modality="planned", episode_id=episode))
        s.commit()
    engine.dispose()
    for path in ("/episodes?state=MN", f"/episodes/{episode}", "/people/putin", "/states/MN"):
        html = get(web_app, path).text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "<script>alert" not in html
        assert "<img src=x" not in html
    assert HOSTILE in [s["title"] for s in get(web_app, f"/api/episodes/{episode}").json()["properties"]["sources"]]


def test_a_person_and_a_state_have_their_own_feeds_linked_from_their_pages(web_app):
    import feedparser

    for page, feed, trip in (
        ("/people/putin", "/feeds/people/putin", "Putin"),
        ("/states/MN", "/feeds/states/MN", "Mongolia"),
    ):
        html = get(web_app, page).text
        for suffix in (".atom", ".json"):
            assert re.search(f'<link rel="alternate" type="[^"]+" title="[^"]+" href="{feed}{suffix}">', html), page
        parsed = feedparser.parse(get(web_app, feed + ".atom").content)
        assert not parsed.bozo and parsed.entries and all(trip in e.title for e in parsed.entries)
        items = get(web_app, feed + ".json").json()["items"]
        assert len(items) == len(parsed.entries)
    others = feedparser.parse(get(web_app, "/feeds/states/HU.atom").content)
    assert all("Mongolia" not in e.title for e in others.entries)
    assert requests.get(web_app.base + "/feeds/people/nobody.atom", timeout=60).status_code == 404
    assert requests.get(web_app.base + "/feeds/states/XX.json", timeout=60).status_code == 404
