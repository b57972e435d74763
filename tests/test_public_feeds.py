"""The public feeds as a monitor's reader sees them, from `tracker serve` on loopback, each format checked
by a parser or validator other than the code that writes it: Atom by RFC 4287's rules and feedparser,
JSON Feed 1.1 by its spec's members and feedparser-rs, iCalendar by the icalendar library, GeoJSON by
geojson-validator; every feed answers a conditional GET with a 304; the files of `tracker feeds --out`
are the bytes the server serves; the pages show subscribe links, webcal: included."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser
import feedparser_rs
import geojson_validator
import icalendar
import pytest
import requests
from loguru import logger

from tests.conftest import run_tracker
from tracker.config import load_config

logger.disable("geojson_validator")
A = "{http://www.w3.org/2005/Atom}"
FEED_CHILDREN = {
    "author",
    "category",
    "contributor",
    "generator",
    "icon",
    "id",
    "link",
    "logo",
    "rights",
    "subtitle",
    "title",
    "updated",
    "entry",
}  # fmt: skip  (RFC 4287 §4.1.1)
ENTRY_CHILDREN = {
    "author",
    "category",
    "content",
    "contributor",
    "id",
    "link",
    "published",
    "rights",
    "source",
    "summary",
    "title",
    "updated",
}  # fmt: skip  (§4.1.2)
ENGLISH = re.compile(r"^(One outlet reports|\d+ independent outlets report|Reports describe) an? ")
NARROWED = ["/feeds/people/putin", "/feeds/states/MN", "/feeds/states/TJ"]
EVERY_FEED = ["/feeds/episodes.atom", "/feeds/episodes.json", "/feeds/episodes.geojson", "/feeds/upcoming.ics",
              *(f"{stem}.{fmt}" for stem in NARROWED for fmt in ("atom", "json", "ics"))]  # fmt: skip


def get(web_app, path: str, **headers: str) -> requests.Response:
    response = requests.get(web_app.base + path, headers=headers, timeout=60, allow_redirects=False)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return response


@pytest.fixture(scope="module")
def public_url(web_app) -> str:
    return load_config(web_app.folder / "config.yaml").web.public_url


def local(web_app, public_url: str, url: str) -> str:
    """A link the feed gives (on `web.public_url`) as a path on the test server."""
    assert url.startswith(public_url + "/"), url
    return url.removeprefix(public_url)


class Links(HTMLParser):
    """The href of every <a> in an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def links_in(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def rfc3339(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    assert when.tzinfo is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text)
    return when


def only(element: ET.Element, name: str) -> ET.Element:
    found = element.findall(A + name)
    assert len(found) == 1, (name, len(found))
    return found[0]


def assert_atom_is_rfc_4287(body: bytes, url: str) -> ET.Element:
    """RFC 4287's MUSTs that a schema would check, and a few it cannot (one alternate per type, IRIs)."""
    feed = ET.fromstring(body)
    assert feed.tag == A + "feed"
    assert {child.tag.removeprefix(A) for child in feed} <= FEED_CHILDREN
    assert only(feed, "id").text == url and only(feed, "title").text
    rfc3339(only(feed, "updated").text)
    entries = feed.findall(A + "entry")
    assert feed.findall(A + "author") or all(e.findall(A + "author") for e in entries)  # §4.1.1
    links = [(link.get("rel", "alternate"), link.get("type"), link.get("hreflang")) for link in feed.iter(A + "link")]
    feed_links = [(link.get("rel", "alternate"), link.get("type")) for link in feed.findall(A + "link")]
    assert ("self", "application/atom+xml") in feed_links and len(set(feed_links)) == len(feed_links)
    assert all(link.get("href") for link in feed.iter(A + "link")) and links
    for entry in entries:
        assert {child.tag.removeprefix(A) for child in entry} <= ENTRY_CHILDREN
        ids = only(entry, "id").text
        assert urlsplit(ids).scheme in ("http", "https") and urlsplit(ids).netloc
        assert only(entry, "title").text
        assert rfc3339(only(entry, "published").text) <= rfc3339(only(entry, "updated").text)
        alternates = [link for link in entry.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
        assert len({(link.get("type"), link.get("hreflang")) for link in alternates}) == len(alternates) == 1
        summary, content = only(entry, "summary"), only(entry, "content")
        assert summary.get("type", "text") == "text" and ENGLISH.match(summary.text), summary.text
        assert content.get("type") == "html" and content.text
    return feed


def test_atom_feeds_obey_rfc_4287_and_each_entry_links_its_page_and_its_sources(web_app, public_url):
    for path in ("/feeds/episodes.atom", *(stem + ".atom" for stem in NARROWED)):
        body = get(web_app, path).content
        feed = assert_atom_is_rfc_4287(body, public_url + path)
        parsed = feedparser.parse(body)
        assert not parsed.bozo and parsed.version == "atom10" and parsed.feed.language == "en"
        assert len(parsed.entries) == len(feed.findall(A + "entry")) > 0, path
        for entry in parsed.entries:
            page = local(web_app, public_url, entry.link)
            assert re.fullmatch(r"/episodes/\d+", page)
            shown = get(web_app, f"/api{page}").json()["properties"]  # what the trip's public page shows
            assert entry.title == shown["title"]
            hrefs = links_in(entry.content[0].value)
            assert [s["url"] for s in shown["sources"] if s["url"]] == [h for h in hrefs if h != entry.link]
            assert entry.link in hrefs and shown["title"] in get(web_app, page).text
    mongolia = feedparser.parse(get(web_app, "/feeds/states/MN.atom").content).entries
    assert any(len(links_in(e.content[0].value)) > 10 for e in mongolia)  # the archived trip's many reports


def test_json_feeds_are_json_feed_1_1_with_urls_and_language(web_app, public_url):
    for path in ("/feeds/episodes.json", *(stem + ".json" for stem in NARROWED)):
        response = get(web_app, path)
        assert response.headers["Content-Type"].startswith("application/feed+json")
        feed = response.json()
        assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
        assert feed["feed_url"] == public_url + path and feed["language"] == "en"
        assert (
            get(web_app, local(web_app, public_url, feed["home_page_url"]))
            .headers["Content-Type"]
            .startswith("text/html")
        )
        assert all(isinstance(a, dict) and a for a in feed["authors"])
        ids = [item["id"] for item in feed["items"]]
        assert feed["items"] and len(set(ids)) == len(ids)
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["content_html"] and item["content_text"]
            assert item["language"] == "en" and ENGLISH.match(item["summary"])
            assert rfc3339(item["date_published"]) <= rfc3339(item["date_modified"])
            assert get(web_app, local(web_app, public_url, item["url"])).ok
            assert {k for k in item if k.startswith("_")} == {"_episode"}  # extensions start with "_" (spec §4)
        parsed = feedparser_rs.parse(response.content)  # a second reading, by a parser of JSON Feed
        assert not parsed.bozo and parsed.version == "json11" and parsed.feed.language == "en"
        assert [(e.id, e.link, e.language) for e in parsed.entries] == [
            (i["id"], i["url"], "en") for i in feed["items"]
        ]
        assert all(e.content[0].type == "text/html" and e.published for e in parsed.entries)


def test_calendars_name_themselves_and_place_each_visit(web_app, public_url):
    for path in ("/feeds/upcoming.ics", "/feeds/people/putin.ics", "/feeds/states/TJ.ics", "/feeds/states/MN.ics"):
        response = get(web_app, path)
        assert response.headers["Content-Type"].startswith("text/calendar")
        raw = response.content
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (RFC 5545 3.1)
        calendar = icalendar.Calendar.from_ical(raw)
        assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) and "tracker" in str(calendar["NAME"])
        assert get(web_app, local(web_app, public_url, str(calendar["URL"]))).ok
        assert str(calendar["SOURCE"]) == public_url + path
        events = list(calendar.walk("VEVENT"))
        # only trips not yet over: not the 2024 Mongolia trip (other tests add trips days from today)
        assert all(e["DTEND"].dt > date.today() for e in events), [str(e["SUMMARY"]) for e in events]
        if path.endswith("MN.ics"):
            continue
        [visit] = [e for e in events if "Tajikistan" in str(e["SUMMARY"])]
        assert str(visit["LOCATION"]) == "Tajikistan" and visit["STATUS"] == "TENTATIVE"
        assert visit["DTSTART"].dt >= date.today() and visit["DTEND"].dt > visit["DTSTART"].dt
        assert get(web_app, local(web_app, public_url, str(visit["URL"]))).ok
        assert str(visit["UID"]).startswith("episode-") and visit["DTSTAMP"].dt.tzinfo is not None
        assert "an announced trip by Vladimir Vladimirovich Putin to Tajikistan on " in str(visit["DESCRIPTION"])


def test_the_geojson_feed_is_rfc_7946_points_in_each_destination(web_app, public_url):
    body = get(web_app, "/feeds/episodes.geojson").json()
    assert geojson_validator.validate_structure(body, check_crs=True) == {}
    found = geojson_validator.validate_geometries(body, criteria_problematic=["outside_lat_lon_boundaries"])
    assert found["invalid"] == {} and found["problematic"] == {} and body["features"]
    for feature in body["features"]:
        assert feature["geometry"]["type"] == "Point"
        assert get(web_app, local(web_app, public_url, feature["properties"]["url"])).ok


@pytest.mark.parametrize("path", EVERY_FEED)
def test_every_feed_answers_a_conditional_get_with_304(web_app, path):
    first = get(web_app, path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}, {"If-None-Match": f'"x", {etag}'}):
        again = requests.get(web_app.base + path, headers=headers, timeout=60)
        assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag, headers
    for headers in ({"If-None-Match": '"another"'}, {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}):
        assert requests.get(web_app.base + path, headers=headers, timeout=60).content == first.content


def test_the_published_files_are_the_bytes_the_server_serves(web_app, tmp_path):
    written = run_tracker("feeds", "--out", str(tmp_path), "--on", date.today().isoformat(), env=web_app.env)
    assert written.returncode == 0, written.stderr
    files = {p.relative_to(tmp_path).as_posix(): p for p in (tmp_path / "feeds").rglob("*") if p.is_file()}
    assert {path.removeprefix("/") for path in EVERY_FEED} <= set(files)
    for name, path in files.items():
        assert get(web_app, "/" + name).content == path.read_bytes(), name


@pytest.mark.parametrize(
    ("page", "own"),
    [("/feeds", None), ("/people/putin", "/feeds/people/putin"), ("/states/MN", "/feeds/states/MN")],
)
def test_pages_show_subscribe_links_with_webcal(web_app, public_url, page, own):
    html = get(web_app, page).text
    section = re.search(r'<section class="subscribe".*?</section>', html, re.S)
    assert section, page
    hrefs = links_in(section.group(0))
    expected = ["/feeds/episodes.atom", "/feeds/episodes.json", "/feeds/episodes.geojson", "/feeds/upcoming.ics"]
    if own:
        expected = [own + ".atom", own + ".json", own + ".ics", *expected]
    assert [h for h in hrefs if not h.startswith("webcal:")] == expected
    host_path = public_url.split("://", 1)[1]
    assert [h for h in hrefs if h.startswith("webcal:")] == [f"webcal://{host_path}{p}" for p in expected
                                                             if p.endswith(".ics")]  # fmt: skip
    for href in hrefs:
        if not href.startswith("webcal:"):
            get(web_app, href)
