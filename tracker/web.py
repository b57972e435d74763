"""The web app (`tracker serve`): health, the map questions as JSON, and the public feeds.

Public only: obligations, routes and episodes. Nothing internal (recipients, deliveries,
acknowledgements) is served. Each request opens its own database session; the app only reads, but
for `/ack/{token}`, the signed acknowledgement link in an alert email.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from alerts.acks import ack_page
from alerts.feeds import atom, geojson, icalendar, json_feed, public
from geo.maps import obligations_geojson
from geo.obligations import UnknownPersonError, find_person, obligation
from geo.routes import route as great_circle
from tracker.cli.collect import source_health
from tracker.cli.places import locate
from tracker.config import Config
from tracker.errors import UsageError
from tracker.models import Episode, SourceRecord


def create_app(config: Config, engine: Engine) -> FastAPI:
    app = FastAPI(title="tracker", docs_url=None, redoc_url=None)

    def day(value: str | None) -> date:
        if not value:
            return date.today()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise HTTPException(400, f"date {value!r} is not YYYY-MM-DD") from None

    def person_or_404(person: str):
        try:
            return find_person(person.lower())
        except UnknownPersonError as e:
            raise HTTPException(404, e.args[0]) from None

    def episodes() -> list:
        with Session(engine) as session:
            return public(session.exec(select(Episode)).all())

    @app.get("/health")
    def health() -> JSONResponse:
        try:
            with Session(engine) as session:
                session.exec(text("SELECT 1"))
                records = {r.id: r for r in session.exec(select(SourceRecord))}
        except Exception as e:  # the database is the one thing health must report on
            return JSONResponse({"status": "error", "database": str(e)}, status_code=503)
        sources = [source_health(records.get(s.id), s.id, s.kind, s.url) for s in config.sources]
        failing = [s["id"] for s in sources if s["consecutive_failures"]]
        return JSONResponse({"status": "degraded" if failing else "ok", "database": "ok", "failing": failing,
                             "sources": sources})  # fmt: skip

    @app.get("/api/obligations")
    def obligations(person: str = Query(...), date: str | None = Query(None)) -> Response:
        who = person_or_404(person)
        body = obligations_geojson(who.id, day(date))
        return JSONResponse(body, media_type="application/geo+json")

    @app.get("/api/route")
    def route(
        request: Request,
        from_: str = Query(..., alias="from"),
        to: str = Query(...),
        person: str | None = None,
        date: str | None = None,
    ) -> JSONResponse:
        try:
            (a, a_lat, a_lon), (b, b_lat, b_lon) = locate(from_), locate(to)
        except UsageError as e:
            raise HTTPException(400, str(e)) from None
        on = day(date)
        trip = great_circle((a_lat, a_lon), (b_lat, b_lon))
        duties = None
        if person:
            who = person_or_404(person)
            duties = {c.state: obligation(c.state, who, on) for c in trip.crossings}
        return JSONResponse({"from": a, "to": b, "on": on.isoformat(), "person": person, **trip.as_json(duties)})

    @app.get("/feeds/episodes.atom")
    def feed_atom(request: Request) -> Response:
        return Response(atom(episodes(), _base(request)), media_type="application/atom+xml")

    @app.get("/feeds/episodes.json")
    def feed_json(request: Request) -> Response:
        return Response(json_feed(episodes(), _base(request)), media_type="application/feed+json")

    @app.get("/feeds/episodes.geojson")
    def feed_geojson() -> Response:
        return Response(geojson(episodes()), media_type="application/geo+json")

    @app.get("/feeds/upcoming.ics")
    def feed_ics(request: Request) -> Response:
        body = icalendar(episodes(), datetime.now(UTC).date(), request.url.hostname or "tracker")
        return Response(body, media_type="text/calendar")

    @app.api_route("/ack/{token}", methods=["GET", "POST"], include_in_schema=False)
    def ack(token: str, request: Request) -> HTMLResponse:  # the signed link in an alert email
        status, page = ack_page(engine, config, token, confirm=request.method == "POST")
        return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})

    return app


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")
