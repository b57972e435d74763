"""The desk: the alerts for the President's team and the focal points, behind sign-in.

Open alerts (no outcome yet) come first. Each action calls the function the CLI calls: acknowledge
(`alerts.acks`), notes and outcomes (`alerts.handling`), silences (`alerts.silences`), the Bureau
notice (`alerts.bureau`). A focal point sees and acts on its own regional
group's alerts only, and its silences stay within its group; every form carries the session's CSRF token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from alerts.acks import acknowledge
from alerts.bureau import notify_bureau
from alerts.handling import OUTCOMES, add_note, record_outcome
from alerts.message import case, trip_line
from alerts.notices import BUREAU
from alerts.silences import add_silence, describe, expire_silence, silencing
from alerts.urgency import days_left, is_open, soonest_first
from geo.reference import default_reference
from tracker.claims import READER_RULE
from tracker.collecting import source_health
from tracker.errors import UsageError
from tracker.models import (
    Alert,
    AlertNote,
    AlertOutcome,
    Delivery,
    Episode,
    Notice,
    Report,
    SourceRecord,
    TravelClaim,
    utcnow,
)
from tracker.reports import shown_url
from tracker.storage import session_scope
from tracker.web.api import RowId
from tracker.web.auth import SignedIn, csrf_ok
from tracker.web.html import render
from tracker.web.login import desk_user

router = APIRouter(prefix="/desk", include_in_schema=False)
User = Annotated[SignedIn, Depends(desk_user)]


def _visible(who: SignedIn, episode: Episode) -> bool:
    return _in_group(who, episode.state)


def _in_group(who: SignedIn, iso2: str) -> bool:
    """The President's team sees every state; a focal point its own regional group's."""
    if who.user.role == "president":
        return True
    state = default_reference().states.get(iso2)
    return state is not None and state.un_regional_group == who.user.regional_group


def _group(who: SignedIn) -> str | None:
    """The regional group a user's silences are limited to: a focal point's; none for the President's team."""
    return None if who.user.role == "president" else who.user.regional_group


def _row(session: Session, alert: Alert, episode: Episode) -> dict:
    ref = default_reference()
    outcome = session.exec(
        select(AlertOutcome).where(AlertOutcome.alert_id == alert.id).order_by(col(AlertOutcome.id).desc())
    ).first()
    person, state = ref.people.get(episode.person_id), ref.states.get(episode.state)
    return {
        "alert": alert, "episode": episode, "outcome": OUTCOMES.get(outcome.outcome) if outcome else None,
        "person": person.name if person else episode.person_id, "state": state.name if state else episode.state,
    }  # fmt: skip


@router.get("", response_class=HTMLResponse)
def desk(request: Request, who: User) -> HTMLResponse:
    """Every alert this user may see: open ones (trip still to come or under way, no outcome recorded) first,
    soonest trip first, with the days left; then the rest, newest first."""
    with Session(request.app.state.engine) as session:
        pairs = session.exec(
            select(Alert, Episode).join(Episode, col(Episode.id) == Alert.episode_id).order_by(col(Alert.id).desc())
        ).all()
        rows = [_row(session, a, e) for a, e in pairs if _visible(who, e)]
    today = utcnow().date()
    open_, closed = [], []
    for r in rows:
        r["left"] = days_left(r["episode"], today)
        (open_ if not r["outcome"] and is_open(r["episode"]) else closed).append(r)
    open_.sort(key=lambda r: soonest_first(r["episode"], today))
    return render(request, "desk.html", who=who, open_alerts=open_, closed_alerts=closed)


UNREAD_DAYS = 60  # how far back the desk lists reports waiting for a reader


@router.get("/unread", response_class=HTMLResponse)
def unread(request: Request, who: User) -> HTMLResponse:
    """Reports in a language tracker has no words for, naming a watched person and a state bound to arrest
    (in this user's group): no alert was raised from them, because nobody has read what they say."""
    ref = default_reference()
    since = utcnow() - timedelta(days=UNREAD_DAYS)
    with Session(request.app.state.engine) as session:
        pairs = session.exec(
            select(TravelClaim, Report)
            .join(Report, col(Report.id) == TravelClaim.report_id)
            .where(col(Report.published_at) >= since)
            .order_by(col(Report.published_at).desc())
        ).all()
    rows = [
        {"report": r, "url": shown_url(r.url), "why": c.evidence.get("rule", ""),
         "person": ref.people[c.person_id].name if c.person_id in ref.people else c.person_id,
         "state": ref.states[c.state].name if c.state in ref.states else c.state}
        for c, r in pairs
        if str(c.evidence.get("rule", "")).startswith(READER_RULE) and c.state and _in_group(who, c.state)
    ]  # fmt: skip
    return render(request, "desk_unread.html", who=who, rows=rows, days=UNREAD_DAYS)


def _alert_for(session: Session, who: SignedIn, alert_id: int) -> tuple[Alert, Episode]:
    alert = session.get(Alert, alert_id)
    episode = session.get(Episode, alert.episode_id) if alert else None
    if alert is None or episode is None or not _visible(who, episode):
        raise HTTPException(404, f"no alert {alert_id} on your desk")
    return alert, episode


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(request: Request, alert_id: RowId, who: User, error: str = "") -> HTMLResponse:
    with Session(request.app.state.engine) as session:
        alert, episode = _alert_for(session, who, alert_id)
        row = _row(session, alert, episode)
        deliveries = session.exec(select(Delivery).where(Delivery.alert_id == alert_id)).all()
        notes = session.exec(select(AlertNote).where(AlertNote.alert_id == alert_id).order_by(AlertNote.id)).all()
        outcomes = session.exec(
            select(AlertOutcome).where(AlertOutcome.alert_id == alert_id).order_by(AlertOutcome.id)
        ).all()
        notices = session.exec(select(Notice).where(Notice.alert_id == alert_id).order_by(Notice.id)).all()
        silence = silencing(session, episode)
        silenced = describe(silence) if silence else ""
        ref = default_reference()
        known = episode.person_id in ref.people and episode.state in ref.states
        facts = case(session, episode, ref) if known else None  # what the email says: law, evidence, sources
    return render(request, "desk_alert.html", who=who, row=row, deliveries=deliveries, notes=notes,
                  outcomes=outcomes, outcome_names=OUTCOMES, notices=notices, silenced=silenced, case=facts,
                  trip=trip_line(episode, facts, utcnow().date()) if facts else days_left(episode, utcnow().date()),
                  bureau_notified=any(n.reason == BUREAU for n in notices),
                  error=error)  # fmt: skip


def _act(request: Request, who: SignedIn, alert_id: int, csrf_token: str, action) -> Response:
    """Check the CSRF token and the user's right to the alert, run `action(session, by)` in one transaction,
    and go back to the alert's page (with the error, if the action refused)."""
    if not csrf_ok(who.csrf_token, csrf_token):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page")
    error = ""
    with session_scope(request.app.state.engine) as session:
        _alert_for(session, who, alert_id)
        try:
            action(session, who.user.name)
        except UsageError as e:
            error = str(e)
    if error:
        return alert_page(request, alert_id, who, error)
    return RedirectResponse(f"/desk/alerts/{alert_id}", status_code=303)


@router.post("/alerts/{alert_id}/ack")
def ack(request: Request, alert_id: RowId, who: User, csrf_token: str = Form("")) -> Response:
    return _act(request, who, alert_id, csrf_token, lambda s, by: acknowledge(s, alert_id, by))


@router.post("/alerts/{alert_id}/outcome")
def outcome(
    request: Request, alert_id: RowId, who: User, outcome: str = Form(""), csrf_token: str = Form("")
) -> Response:
    """Record what became of the trip; the form has no default, so nothing is recorded by a stray click."""

    def act(session: Session, by: str) -> None:
        if not outcome:
            raise UsageError("choose what became of the trip before recording the outcome")
        record_outcome(session, alert_id, by, outcome)

    return _act(request, who, alert_id, csrf_token, act)


@router.post("/alerts/{alert_id}/note")
def note(request: Request, alert_id: RowId, who: User, text: str = Form(""), csrf_token: str = Form("")) -> Response:
    return _act(request, who, alert_id, csrf_token, lambda s, by: add_note(s, alert_id, by, text))


SILENCE_SCOPES = ("episode", "person", "state")


@router.post("/alerts/{alert_id}/silence")
def silence(
    request: Request,
    alert_id: RowId,
    who: User,
    scope: str = Form("episode"),
    hours: Annotated[float, Form(gt=0, le=24 * 90)] = 24,
    reason: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    """Hold messages about this trip, this person or this destination for `hours` (`alerts.silences`)."""

    def act(session: Session, by: str) -> None:
        if scope not in SILENCE_SCOPES:
            raise UsageError(f"silence what? expected one of: {', '.join(SILENCE_SCOPES)}")
        episode = session.get(Episode, session.get(Alert, alert_id).episode_id)
        target = {"episode": {"episode": episode.id}, "person": {"person": episode.person_id},
                  "state": {"state": episode.state}}[scope]  # fmt: skip
        add_silence(session, until=utcnow() + timedelta(hours=hours), by=by, reason=reason, group=_group(who), **target)

    return _act(request, who, alert_id, csrf_token, act)


@router.post("/alerts/{alert_id}/unsilence")
def unsilence(request: Request, alert_id: RowId, who: User, csrf_token: str = Form("")) -> Response:
    """End the silence that holds this alert's messages now."""

    def act(session: Session, _by: str) -> None:
        held = silencing(session, session.get(Episode, session.get(Alert, alert_id).episode_id))
        if held is None:
            raise UsageError("no silence holds this alert's messages")
        expire_silence(session, held.id, group=_group(who))

    return _act(request, who, alert_id, csrf_token, act)


@router.get("/sources")
def sources(request: Request, who: User) -> JSONResponse:
    """Each source's health with its URL and last error: internal (a URL can hold an API key)."""
    config = request.app.state.config
    with Session(request.app.state.engine) as session:
        records = {r.id: r for r in session.exec(select(SourceRecord))}
    return JSONResponse([source_health(records.get(s.id), s.id, s.kind, s.url) for s in config.sources])


@router.post("/alerts/{alert_id}/notify-bureau")
def bureau(
    request: Request, alert_id: RowId, who: User, confirm: str = Form(""), csrf_token: str = Form("")
) -> Response:
    """Queue the President's notice to the Bureau members (`alerts.bureau`, scenario 7(b)). It goes to every
    Bureau member and cannot be called back, so the form asks to confirm (a box to tick: no script needed)."""
    config = request.app.state.config

    def act(session: Session, by: str) -> None:
        if who.user.role != "president":
            raise UsageError("the President notifies the Bureau: ask the President's team")
        if confirm != "yes":
            raise UsageError("tick the box to confirm that the Bureau members are to be notified")
        notify_bureau(session, alert_id, by, config)

    return _act(request, who, alert_id, csrf_token, act)
