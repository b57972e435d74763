"""The desk's formal procedure: the Court's outputs proposed as reference changes, and the case files a
confirmed finding opens, with their checklist, clock and an iCalendar feed of the deadlines.

Behind sign-in like the rest of the desk; every form carries the session's CSRF token. A focal point sees
the cases about its regional group's states; the President's team sees all. Each action calls the function
`tracker cases` calls (`tracker.cases`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from geo.reference import default_reference
from tracker.cases import STEPS, add_step_note, case_of, mark_done, open_steps_due, settle, steps_of
from tracker.errors import UsageError
from tracker.models import Alert, CaseFile, CourtProposal, Episode, Report, utcnow
from tracker.proposals import ACT_NAMES, PROPOSED
from tracker.storage import session_scope
from tracker.web.api import RowId
from tracker.web.auth import SignedIn, csrf_ok
from tracker.web.html import render
from tracker.web.login import desk_user

router = APIRouter(prefix="/desk", include_in_schema=False)
User = Annotated[SignedIn, Depends(desk_user)]


def _sees(who: SignedIn, state: str) -> bool:
    if who.user.role == "president":
        return True
    known = default_reference().states.get(state)
    return known is not None and known.un_regional_group == who.user.regional_group


def _names(person: str, state: str) -> tuple[str, str]:
    ref = default_reference()
    return (ref.people[person].name if person in ref.people else person or "(no watched person named)",
            ref.states[state].name if state in ref.states else state or "(no state named)")  # fmt: skip


def _refusal(request: Request, who: SignedIn, csrf_token: str, action) -> str:
    """Check the form's CSRF token and run `action(session, by)` all or nothing: what it refused, or ""."""
    if not csrf_ok(who.csrf_token, csrf_token):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page")
    try:
        with session_scope(request.app.state.engine) as session:
            action(session, who.user.name)
    except UsageError as e:
        return str(e)
    return ""


@router.get("/proposals", response_class=HTMLResponse)
def proposals(request: Request, who: User, error: str = "") -> HTMLResponse:
    """The Court's acts waiting for a decision first, then those decided, newest first."""
    with Session(request.app.state.engine) as session:
        pairs = session.exec(
            select(CourtProposal, Report)
            .join(Report, col(Report.id) == CourtProposal.report_id)
            .order_by(col(CourtProposal.id).desc())
        ).all()
    rows = [{"p": p, "report": r, "act": ACT_NAMES[p.act], "names": _names(p.person_id, p.state)}
            for p, r in pairs if not p.state or _sees(who, p.state)]  # fmt: skip
    waiting = [r for r in rows if r["p"].status == PROPOSED]
    decided = [r for r in rows if r["p"].status != PROPOSED]
    return render(request, "proposals.html", who=who, waiting=waiting, decided=decided, error=error)


@router.post("/proposals/{proposal_id}/{decision}")
def decide(request: Request, proposal_id: RowId, decision: str, who: User, csrf_token: str = Form("")) -> Response:
    """Confirm or reject; a confirmed finding referred to the Assembly opens its case, shown next."""
    if decision not in ("confirm", "reject"):
        raise HTTPException(404, "confirm or reject")
    opened: list[int] = []

    def act(session: Session, by: str) -> None:
        proposal = session.get(CourtProposal, proposal_id)
        if proposal is None or (proposal.state and not _sees(who, proposal.state)):
            raise HTTPException(404, f"no proposal {proposal_id} on your desk")
        case = settle(session, proposal_id, by, decision == "confirm", request.app.state.config)
        opened.extend([case.id] if case else [])

    error = _refusal(request, who, csrf_token, act)
    if error:
        return proposals(request, who, error)
    return RedirectResponse(f"/desk/cases/{opened[0]}" if opened else "/desk/proposals", status_code=303)


@router.get("/cases", response_class=HTMLResponse)
def cases(request: Request, who: User) -> HTMLResponse:
    """Every case this user may see, each with its next deadline."""
    with Session(request.app.state.engine) as session:
        files = [c for c in session.exec(select(CaseFile).order_by(col(CaseFile.id).desc())) if _sees(who, c.state)]
        next_due = {}
        for case, step in open_steps_due(session):
            next_due.setdefault(case.id, step)
    rows = [{"case": c, "names": _names(c.person_id, c.state), "next": next_due.get(c.id)} for c in files]
    return render(request, "cases.html", who=who, rows=rows, steps=STEPS, today=utcnow().date())


def _case_for(session: Session, who: SignedIn, case_id: int) -> CaseFile:
    try:
        case = case_of(session, case_id)
    except UsageError:
        case = None
    if case is None or not _sees(who, case.state):
        raise HTTPException(404, f"no case {case_id} on your desk")
    return case


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: RowId, who: User, error: str = "") -> HTMLResponse:
    with Session(request.app.state.engine) as session:
        case = _case_for(session, who, case_id)
        proposal = session.get(CourtProposal, case.proposal_id)
        report = session.get(Report, proposal.report_id)
        alert = session.get(Alert, case.alert_id) if case.alert_id else None
        episode = session.get(Episode, alert.episode_id) if alert else None
        steps = steps_of(session, case_id)
    names = _names(case.person_id, case.state)
    return render(request, "case.html", who=who, case=case, names=names, report=report, alert=alert,
                  episode=episode, steps=steps, plans=STEPS, today=utcnow().date(), error=error)  # fmt: skip


def _on_case(request: Request, who: SignedIn, case_id: int, csrf_token: str, action) -> Response:
    """Run `action` on a case this user may see, and go back to the case's page (with what it refused)."""

    def checked(session: Session, by: str) -> None:
        _case_for(session, who, case_id)
        action(session, by)

    error = _refusal(request, who, csrf_token, checked)
    return case_page(request, case_id, who, error) if error else RedirectResponse(f"/desk/cases/{case_id}", 303)


def _day(value: str, what: str) -> date | None:
    try:
        return date.fromisoformat(value) if value.strip() else None
    except ValueError:
        raise UsageError(f"{what}: expected a date as YYYY-MM-DD, got {value!r}") from None


@router.post("/cases/{case_id}/steps/{step}/done")
def done(
    request: Request,
    case_id: RowId,
    step: str,
    who: User,
    on: str = Form(""),
    reply_by: str = Form(""),
    note: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    return _on_case(request, who, case_id, csrf_token, lambda s, by: mark_done(
        s, case_id, step, by, _day(on, "done on"), note, _day(reply_by, "reply by")))  # fmt: skip


@router.post("/cases/{case_id}/steps/{step}/note")
def note(request: Request, case_id: RowId, step: str, who: User, text: str = Form(""), csrf_token: str = Form("")):
    return _on_case(request, who, case_id, csrf_token, lambda s, by: add_step_note(s, case_id, step, by, text))


@router.get("/cases.ics")
def deadlines(request: Request, who: User) -> Response:
    """The open steps' due dates as an iCalendar feed, for the calendars of the people who keep them."""
    calendar = Calendar()
    calendar.add("prodid", "-//tracker//case deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "tracker: deadlines of the formal procedure")
    with Session(request.app.state.engine) as session:
        due = [(c, s) for c, s in open_steps_due(session) if _sees(who, c.state)]
    stamp = datetime.now().astimezone()
    for case, step in due:
        person, state = _names(case.person_id, case.state)
        event = Event()
        event.add("uid", f"case-{case.id}-{step.step}@tracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.due)
        event.add("summary", f"{STEPS[step.step].title} ({state}, {person}; case {case.id})")
        event.add("description", f"Owner: {step.owner}. {STEPS[step.step].when}".strip())
        calendar.add_component(event)
    return Response(calendar.to_ical(), media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, no-store"})  # fmt: skip
