"""The public feeds (Atom, JSON Feed, GeoJSON, iCalendar) of reported trips, built by `alerts.feeds`."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from alerts.feeds import PublicEpisode, atom, geojson, icalendar, json_feed, public
from tracker.models import Episode

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
    return str(request.base_url).rstrip("/")


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
    body = icalendar(_episodes(request), datetime.now(UTC).date(), request.url.hostname or "tracker")
    return Response(body, media_type="text/calendar")
