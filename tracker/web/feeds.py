"""The public feeds of reported trips (Atom, JSON Feed, GeoJSON, iCalendar), written by
`alerts.feedformats`: every trip, and one person's or one state's trips (the same bytes as `tracker feeds
--out`), each holding the `web.feed_items` most recent, built once per change and answered with a 304 to
a client that has it (`tracker.web.feedcache`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from alerts.feedformats import EVERY_TRIP, FORMATS, NARROWED, Feed, narrowed, render
from geo.obligations import find_person
from geo.reference import default_reference
from tracker.web.api import person_id, state_code
from tracker.web.feedcache import FeedCache

router = APIRouter(prefix="/feeds")


def _listed(path: str, what: str) -> tuple[str, str]:
    """A feed as the pages list it: (media type, title)."""
    media_type, name = FORMATS[Feed("", path).fmt]
    return media_type, f"{what} ({name})"


FEEDS = {  # path: (media type, title): every page links to each (autodiscovery <link>, subscribe links)
    path: _listed(path, "Expected visits" if path.endswith(".ics") else "Reported trips") for path in EVERY_TRIP
}


def _base(request: Request) -> str:
    """`web.public_url`, never the request's Host header, which the client chooses."""
    return request.app.state.config.web.public_url


async def _answer(request: Request, feed: Feed, **where: str) -> Response:
    """The feed of the episodes `where` says (all when empty), the calendar as of today."""
    cache: FeedCache = request.app.state.feed_cache
    today = date.today()
    return await cache.answer(
        request, feed.path, FORMATS[feed.fmt][0], lambda episodes: render(feed, episodes, today), **where
    )


def own_feeds(folder: str, value: str, name: str) -> dict[str, tuple[str, str]]:
    """The feeds of one person's or one state's page, like `FEEDS`."""
    return {(path := f"/feeds/{folder}/{value}.{fmt}"): _listed(path, f"{name}: reported trips") for fmt in NARROWED}


def _every_trip(path: str) -> Callable[[Request], Awaitable[Response]]:
    async def every_trip(request: Request) -> Response:
        return await _answer(request, Feed(_base(request), path))

    return every_trip


def _person_feed(fmt: str) -> Callable[[Request, str], Awaitable[Response]]:
    async def person_feed(request: Request, person: str) -> Response:
        who = find_person(person_id(person))
        return await _answer(request, narrowed(_base(request), "people", who.id, who.name, fmt), person_id=who.id)

    return person_feed


def _state_feed(fmt: str) -> Callable[[Request, str], Awaitable[Response]]:
    async def state_feed(request: Request, state: str) -> Response:
        code = state_code(state)
        name = default_reference().states[code].name
        return await _answer(request, narrowed(_base(request), "states", code, name, fmt), state=code)

    return state_feed


for _path in EVERY_TRIP:
    router.add_api_route(_path.removeprefix("/feeds"), _every_trip(_path), response_class=Response,
                         name=f"feed_{Feed('', _path).fmt}")  # fmt: skip
for _fmt in NARROWED:
    router.add_api_route(f"/people/{{person}}.{_fmt}", _person_feed(_fmt), response_class=Response,
                         name=f"person_feed_{_fmt}")  # fmt: skip
    router.add_api_route(f"/states/{{state}}.{_fmt}", _state_feed(_fmt), response_class=Response,
                         name=f"state_feed_{_fmt}")  # fmt: skip
