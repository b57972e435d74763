"""The public JSON API: health, obligations and routes (the map questions), episodes, people, states.

Every answer is public: it is built from `tracker.web.public` and the geo library, which never read
alerts, deliveries, notes or desk users. Geometry comes as GeoJSON.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text
from sqlmodel import Session, select

from alerts.feeds import state_point
from geo.errors import UnknownPersonError, UnknownPlaceError
from geo.obligations import find_person
from geo.reference import default_reference
from tracker.models import SourceRecord
from tracker.web import geometry, public
from tracker.web.encoded import Body
from tracker.web.public import Status

log = logging.getLogger(__name__)
router = APIRouter()
GEOJSON = "application/geo+json"
RowId = Annotated[int, PathParam(ge=1, le=2**62)]  # a database row id: larger numbers overflow the database's integers


def day(value: str | None) -> date:
    """A YYYY-MM-DD parameter; none means today."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"date {value!r} is not YYYY-MM-DD") from None


def person_id(person: str) -> str:
    try:
        return find_person(person.lower()).id
    except UnknownPersonError as e:
        raise HTTPException(404, e.args[0]) from None


def state_code(state: str) -> str:
    code = state.upper()
    if code not in default_reference().states:
        raise HTTPException(404, f"unknown state {state!r} (expected an ISO 3166-1 alpha-2 code such as MN)")
    return code


def cached(request: Request, body: Body, media_type: str, max_age: int = 300) -> Response:
    """A precomputed answer, gzipped when the client accepts it."""
    headers = {"Vary": "Accept-Encoding", "Cache-Control": f"public, max-age={max_age}"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(body.gzipped, media_type=media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body.plain, media_type=media_type, headers=headers)


@router.get("/health")
def health(request: Request) -> JSONResponse:
    """ "ok" and counts only: source URLs (which can hold API keys) and their errors are for the desk
    (`/desk/sources`)."""
    config, engine = request.app.state.config, request.app.state.engine
    try:
        with Session(engine) as session:
            session.exec(text("SELECT 1"))
            records = {r.id: r for r in session.exec(select(SourceRecord))}
    except Exception:  # the database is the one thing health must report on (its error stays in the log)
        log.exception("health: the database does not answer")
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    failing = sum(1 for s in config.sources if (r := records.get(s.id)) and r.consecutive_failures)
    return JSONResponse({"status": "degraded" if failing else "ok", "database": "ok",
                         "sources": len(config.sources), "failing": failing})  # fmt: skip


@router.get("/api/obligations", response_class=Response, responses={200: {"content": {GEOJSON: {}}}})
async def obligations(request: Request, person: str = Query(...), date: str | None = Query(None)) -> Response:
    """Every state's duty to arrest the person on the day (default today): a GeoJSON FeatureCollection."""
    return cached(request, geometry.obligations(person_id(person), day(date)), GEOJSON)


@router.get("/api/world", response_class=Response, responses={200: {"content": {GEOJSON: {}}}})
async def world(request: Request) -> Response:
    """Every state's outline (simplified to about 0.1°) with its code and name: the map's base layer."""
    return cached(request, geometry.world(), GEOJSON, max_age=86400)


@router.get("/api/route", response_class=Response, responses={200: {"content": {"application/json": {}}}})
def route(
    request: Request,
    from_: str = Query(..., alias="from"),
    to: str = Query(...),
    person: str | None = None,
    date: str | None = None,
) -> Response:
    """The great circle from A to B (place names or lat,lon): the states it crosses, in order, with
    each one's duty to arrest the person on the day when a person is given; GeoJSON `geometry`."""
    who, on = (person_id(person) if person else None), day(date)
    try:
        body = geometry.route(from_, to, who, on)
    except UnknownPlaceError as e:
        raise HTTPException(400, str(e)) from None
    return cached(request, body, "application/json")


@router.get("/api/episodes", response_class=Response, responses={200: {"content": {GEOJSON: {}}}})
def episodes(
    request: Request,
    person: str | None = None,
    state: str | None = None,
    status: Status | None = None,
    since: str | None = Query(None, description="expected start on or after YYYY-MM-DD"),
    until: str | None = Query(None, description="expected start on or before YYYY-MM-DD"),
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Reported trips, newest first, each with its sources and history: a GeoJSON FeatureCollection of points."""
    f = public.EpisodeFilter(
        person=person_id(person) if person else None, state=state_code(state) if state else None, status=status,
        since=day(since) if since else None, until=day(until) if until else None, limit=limit, offset=offset,
    )  # fmt: skip
    with Session(request.app.state.engine) as session:
        rows = public.episodes(session, f)
    features = [_feature(e) for e in rows]
    return JSONResponse({"type": "FeatureCollection", "features": features}, media_type=GEOJSON)


@router.get("/api/episodes/{episode_id}", response_class=Response, responses={200: {"content": {GEOJSON: {}}}})
def episode(request: Request, episode_id: RowId) -> Response:
    """One reported trip with its sources and history, as a GeoJSON Feature."""
    with Session(request.app.state.engine) as session:
        found = public.episode(session, episode_id)
    if found is None:
        raise HTTPException(404, f"no episode {episode_id}")
    return JSONResponse(_feature(found), media_type=GEOJSON)


def _feature(e: dict) -> dict:
    return {"type": "Feature", "geometry": state_point(e["state"]), "properties": e}


@router.get("/api/people")
def people() -> list[dict]:
    """Everyone with a public ICC warrant on record, with the warrant's status today."""
    return [public.person_summary(p) for p in sorted(default_reference().people)]


@router.get("/api/people/{person}")
def person(request: Request, person: str) -> dict:
    """One person: warrants (case numbers), situation, status and the latest reported trips."""
    with Session(request.app.state.engine) as session:
        return public.person_detail(person_id(person), session)


@router.get("/api/states")
def states(person: str | None = None, date: str | None = None) -> list[dict]:
    """Every state; with `person`, each one's duty to arrest that person on `date` (default today)."""
    who, on = (person_id(person) if person else None), day(date)
    ref = default_reference()
    return [public.state_summary(code, ref, who, on) for code in sorted(ref.states)]


@router.get("/api/states/{state}")
def state(state: str) -> dict:
    """One state: its status over time (Rome Statute, withdrawals, Art. 12(3), referrals) and the Court's
    findings of non-compliance."""
    return public.state_detail(state_code(state))
