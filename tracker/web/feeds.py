"""The public feeds (Atom, JSON Feed, GeoJSON, iCalendar) of reported trips, built by `alerts.feeds`: all
trips, and the Atom and JSON feeds of one person's or one state's trips (the same files as `tracker feeds`),
each the `web.feed_items` most recent, built once per change (`tracker.web.feedcache`)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response

from alerts.feeds import NARROWED, PublicEpisode, atom, geojson, icalendar, json_feed, narrowed_feed
from geo.obligations import find_person
from geo.reference import default_reference
from tracker.web.api import person_id, state_code
from tracker.web.feedcache import Build, FeedCache

router = APIRouter(prefix="/feeds")
FEEDS = {  # path: (media type, title): the pages link to each with an autodiscovery <link>
    "/feeds/episodes.atom": ("application/atom+xml", "Reported trips (Atom)"),
    "/feeds/episodes.json": ("application/feed+json", "Reported trips (JSON Feed)"),
    "/feeds/episodes.geojson": ("application/geo+json", "Reported trips (GeoJSON)"),
    "/feeds/upcoming.ics": ("text/calendar", "Expected visits (iCalendar)"),
}


def _base(request: Request) -> str:
    """`web.public_url`, never the request's Host header, which the client chooses."""
    return request.app.state.config.web.public_url


async def _feed(request: Request, media_type: str, build: Build, **where: str) -> Response:
    cache: FeedCache = request.app.state.feed_cache
    return await cache.answer(request, request.url.path, media_type, build, **where)


@router.get("/episodes.atom", response_class=Response)
async def feed_atom(request: Request) -> Response:
    return await _feed(request, "application/atom+xml", lambda episodes: atom(episodes, _base(request)))


@router.get("/episodes.json", response_class=Response)
async def feed_json(request: Request) -> Response:
    return await _feed(request, "application/feed+json", lambda episodes: json_feed(episodes, _base(request)).encode())


@router.get("/episodes.geojson", response_class=Response)
async def feed_geojson(request: Request) -> Response:
    return await _feed(request, "application/geo+json", lambda episodes: geojson(episodes).encode())


@router.get("/upcoming.ics", response_class=Response)
async def feed_ics(request: Request) -> Response:
    host = urlsplit(_base(request)).hostname or "tracker"
    return await _feed(
        request, "text/calendar", lambda episodes: icalendar(episodes, datetime.now(UTC).date(), host).encode()
    )


def own_feeds(folder: str, value: str, name: str) -> dict[str, tuple[str, str]]:
    """The autodiscovery links of one person's or one state's page."""
    titles = {"atom": "Atom", "json": "JSON Feed"}
    return {
        f"/feeds/{folder}/{value}.{fmt}": (media_type, f"Reported trips: {name} ({titles[fmt]})")
        for fmt, media_type in NARROWED.items()
    }


async def _person_feed(request: Request, person: str, fmt: str) -> Response:
    who = find_person(person_id(person))
    return await _narrowed(request, fmt, f"/feeds/people/{who.id}", who.name, person_id=who.id)


async def _state_feed(request: Request, state: str, fmt: str) -> Response:
    code = state_code(state)
    return await _narrowed(request, fmt, f"/feeds/states/{code}", default_reference().states[code].name, state=code)


async def _narrowed(request: Request, fmt: str, stem: str, about: str, **where: str) -> Response:
    def build(episodes: list[PublicEpisode]) -> bytes:
        return narrowed_feed(fmt, episodes, _base(request), stem, about)

    return await _feed(request, NARROWED[fmt], build, **where)


@router.get("/people/{person}.atom", response_class=Response)
async def person_atom(request: Request, person: str) -> Response:
    return await _person_feed(request, person, "atom")


@router.get("/people/{person}.json", response_class=Response)
async def person_json(request: Request, person: str) -> Response:
    return await _person_feed(request, person, "json")


@router.get("/states/{state}.atom", response_class=Response)
async def state_atom(request: Request, state: str) -> Response:
    return await _state_feed(request, state, "atom")


@router.get("/states/{state}.json", response_class=Response)
async def state_json(request: Request, state: str) -> Response:
    return await _state_feed(request, state, "json")
