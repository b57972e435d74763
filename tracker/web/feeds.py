"""The public feeds (Atom, JSON Feed, GeoJSON, iCalendar) of reported trips, built by `alerts.feeds`: all
trips, and the Atom and JSON feeds of one person's or one state's trips (the same files as `tracker feeds`)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from alerts.feeds import NARROWED, PublicEpisode, atom, geojson, icalendar, json_feed, narrowed_feed, public
from geo.obligations import find_person
from geo.reference import default_reference
from tracker.models import Episode
from tracker.web.api import person_id, state_code

router = APIRouter(prefix="/feeds")
FEEDS = {  # path: (media type, title): the pages link to each with an autodiscovery <link>
    "/feeds/episodes.atom": ("application/atom+xml", "Reported trips (Atom)"),
    "/feeds/episodes.json": ("application/feed+json", "Reported trips (JSON Feed)"),
    "/feeds/episodes.geojson": ("application/geo+json", "Reported trips (GeoJSON)"),
    "/feeds/upcoming.ics": ("text/calendar", "Expected visits (iCalendar)"),
}


def _episodes(request: Request) -> list[PublicEpisode]:
    with Session(request.app.state.engine) as session:
        return public(session.exec(select(Episode)).all())


def _base(request: Request) -> str:
    """`web.public_url`, never the request's Host header, which the client chooses."""
    return request.app.state.config.web.public_url


@router.get("/episodes.atom", response_class=Response)
def feed_atom(request: Request) -> Response:
    return Response(atom(_episodes(request), _base(request)), media_type="application/atom+xml")


@router.get("/episodes.json", response_class=Response)
def feed_json(request: Request) -> Response:
    return Response(json_feed(_episodes(request), _base(request)), media_type="application/feed+json")


@router.get("/episodes.geojson", response_class=Response)
def feed_geojson(request: Request) -> Response:
    return Response(geojson(_episodes(request)), media_type="application/geo+json")


@router.get("/upcoming.ics", response_class=Response)
def feed_ics(request: Request) -> Response:
    body = icalendar(_episodes(request), datetime.now(UTC).date(), urlsplit(_base(request)).hostname or "tracker")
    return Response(body, media_type="text/calendar")


def own_feeds(folder: str, value: str, name: str) -> dict[str, tuple[str, str]]:
    """The autodiscovery links of one person's or one state's page."""
    titles = {"atom": "Atom", "json": "JSON Feed"}
    return {
        f"/feeds/{folder}/{value}.{fmt}": (media_type, f"Reported trips: {name} ({titles[fmt]})")
        for fmt, media_type in NARROWED.items()
    }


def _person_feed(request: Request, person: str, fmt: str) -> Response:
    who = find_person(person_id(person))
    chosen = [e for e in _episodes(request) if e.person == who.id]
    return _narrowed(request, fmt, chosen, f"/feeds/people/{who.id}", who.name)


def _state_feed(request: Request, state: str, fmt: str) -> Response:
    code = state_code(state)
    chosen = [e for e in _episodes(request) if e.state == code]
    return _narrowed(request, fmt, chosen, f"/feeds/states/{code}", default_reference().states[code].name)


def _narrowed(request: Request, fmt: str, chosen: list[PublicEpisode], stem: str, about: str) -> Response:
    return Response(narrowed_feed(fmt, chosen, _base(request), stem, about), media_type=NARROWED[fmt])


@router.get("/people/{person}.atom", response_class=Response)
def person_atom(request: Request, person: str) -> Response:
    return _person_feed(request, person, "atom")


@router.get("/people/{person}.json", response_class=Response)
def person_json(request: Request, person: str) -> Response:
    return _person_feed(request, person, "json")


@router.get("/states/{state}.atom", response_class=Response)
def state_atom(request: Request, state: str) -> Response:
    return _state_feed(request, state, "atom")


@router.get("/states/{state}.json", response_class=Response)
def state_json(request: Request, state: str) -> Response:
    return _state_feed(request, state, "json")
