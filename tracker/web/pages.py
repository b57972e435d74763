"""The public pages: the map, the reported trips with filters, a page per person and per state, the feeds.

Each page shows what the JSON API answers (`tracker.web.public`); the map draws itself in the browser
from `/api/world`, `/api/states`, `/api/episodes` and `/api/route` (static/map.js).
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from geo.reference import default_reference
from tracker.web import public
from tracker.web.api import RowId, day, person_id, state_code
from tracker.web.feeds import own_feeds
from tracker.web.html import render
from tracker.web.public import Status

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)
FIRST_DAY = dt.date(1998, 7, 17)  # the Rome Statute's adoption: the slider starts here
AHEAD = dt.timedelta(days=366)  # the slider and the date reach a year past today: trips are announced ahead
DEFAULT_PERSON = "putin"


def _people() -> dict[str, str]:
    return {p.id: p.name for p in sorted(default_reference().people.values(), key=lambda p: p.name)}


@router.get("/")
def map_page(request: Request, person: str = DEFAULT_PERSON, date: str | None = None) -> HTMLResponse:
    """The map: every state coloured by its duty to arrest the person on the day, the person's reported
    trips, and a great-circle route query."""
    who, on = person_id(person), day(date)
    last = max(on, dt.date.today()) + AHEAD
    return render(
        request, "map.html", people=_people(), person=who, day=on.isoformat(), first_day=FIRST_DAY.isoformat(),
        last_day=last.isoformat(), slider_max=(last - FIRST_DAY).days, slider_value=max(0, (on - FIRST_DAY).days),
        route_from="Moscow", route_to="Ulaanbaatar",
    )  # fmt: skip


@router.get("/episodes")
def episodes_page(
    request: Request,
    person: str | None = None,
    state: str | None = None,
    status: Status | None = None,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    """Reported trips, filtered by person, state, status and expected dates; each with sources and history."""
    f = public.EpisodeFilter(
        person=person_id(person) if person else None, state=state_code(state) if state else None, status=status,
        since=day(since) if since else None, until=day(until) if until else None, limit=200,
    )  # fmt: skip
    with Session(request.app.state.engine) as session:
        rows = public.episodes(session, f)
    states = {code: s.name for code, s in sorted(default_reference().states.items(), key=lambda i: i[1].name)}
    return render(request, "episodes.html", episodes=rows, filters=f, people=_people(), states=states,
                  statuses=public.STATUSES)  # fmt: skip


@router.get("/episodes/{episode_id}")
def episode_page(request: Request, episode_id: RowId) -> HTMLResponse:
    with Session(request.app.state.engine) as session:
        found = public.episode(session, episode_id)
    if found is None:
        raise HTTPException(404, f"no episode {episode_id}")
    return render(request, "episode.html", e=found)


@router.get("/people")
def people_page(request: Request) -> HTMLResponse:
    return render(request, "people.html", people=[public.person_summary(p) for p in _people()])


@router.get("/people/{person}")
def person_page(request: Request, person: str) -> HTMLResponse:
    who = person_id(person)
    with Session(request.app.state.engine) as session:
        detail = public.person_detail(who, session)
    return render(request, "person.html", own_feeds=own_feeds("people", who, detail["name"]), p=detail)


@router.get("/states")
def states_page(request: Request) -> HTMLResponse:
    ref = default_reference()
    rows = sorted((public.state_summary(code, ref) for code in ref.states), key=lambda s: s["name"])
    return render(request, "states.html", states=rows)


@router.get("/states/{state}")
def state_page(request: Request, state: str) -> HTMLResponse:
    code = state_code(state)
    with Session(request.app.state.engine) as session:
        trips = public.episodes(session, public.EpisodeFilter(state=code, limit=50))
    detail = public.state_detail(code)
    return render(request, "state.html", own_feeds=own_feeds("states", code, detail["name"]), s=detail, episodes=trips)


@router.get("/feeds")
def feeds_page(request: Request) -> HTMLResponse:
    return render(request, "feeds.html")
