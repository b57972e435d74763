"""The case file of the formal procedure: scenario 7(a) of the Bureau's 2011 report on non-cooperation.

A finding of non-compliance (Art. 87(7)) that the Court refers to the Assembly, once confirmed at the desk,
opens a case with the report's checklist. Due dates are set only where the procedure gives one: the
decision goes to all States Parties without delay (the day the case opens); the State has at most two
weeks from the President's open letter to give its views, and the Bureau meets the State when that time
limit expires (or the answer arrives); the Bureau reports to the Assembly at its next session. A public
meeting of the New York Working Group is needed only when that session is more than three months away.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from tracker.config import Config
from tracker.errors import UsageError
from tracker.models import Alert, CaseFile, CaseStep, CourtProposal, Episode, utcnow
from tracker.procedure import BUREAU_MEETING, CHECKLIST, FORWARD, OPEN_LETTER, REPORT, STEPS, WORKING_GROUP
from tracker.proposals import CONFIRMED, FINDINGS, decide

REPLY_LIMIT = timedelta(days=14)  # "at most two weeks" for the State's views


NOT_NEEDED = "(not needed)"


def open_case(
    session: Session, proposal: CourtProposal, by: str, config: Config, today: date | None = None
) -> CaseFile:
    """The case a confirmed finding referred to the Assembly opens (the one it opened, if it did)."""
    if proposal.status != CONFIRMED:
        raise UsageError(f"proposal {proposal.id} is {proposal.status}: only a confirmed finding opens a case")
    if not opens_a_case(proposal):
        raise UsageError(
            f"proposal {proposal.id} is not a finding referred to the Assembly about a known person and state"
        )
    today = today or utcnow().date()
    finding = proposal.decided_on or today
    same = and_(
        CaseFile.person_id == proposal.person_id, CaseFile.state == proposal.state, CaseFile.finding_date == finding
    )
    existing = session.exec(select(CaseFile).where(or_(CaseFile.proposal_id == proposal.id, same))).first()
    if existing is not None:  # the same finding, told by the press release and by the decision itself
        return existing
    case = CaseFile(proposal_id=proposal.id, person_id=proposal.person_id, state=proposal.state,
                    finding_date=finding, referred_to=proposal.referred_to, opened_by=by,
                    alert_id=alert_before(session, proposal.person_id, proposal.state, finding))  # fmt: skip
    session.add(case)
    session.flush()
    session_day = config.cases.next_session
    for position, step in enumerate(CHECKLIST):
        row = CaseStep(case_id=case.id, step=step.key, position=position, owner=step.owner)
        if step is FORWARD:
            row.due = today
        elif step is REPORT:
            row.due = session_day
        elif step is WORKING_GROUP:
            _plan_working_group(row, finding, session_day, today)
        session.add(row)
    session.flush()
    return case


def settle(session: Session, proposal_id: int, by: str, confirm: bool, config: Config) -> CaseFile | None:
    """Confirm or reject a proposal; a confirmed finding referred to the Assembly about a known person and
    state opens its case (returned)."""
    proposal = decide(session, proposal_id, by, confirm)
    if proposal.status == CONFIRMED and opens_a_case(proposal):
        return open_case(session, proposal, proposal.decided_by, config)
    return None


def opens_a_case(proposal: CourtProposal) -> bool:
    return (
        proposal.act in FINDINGS
        and "ASP" in proposal.referred_to.split(";")
        and bool(proposal.person_id and proposal.state)
    )


def _plan_working_group(row: CaseStep, finding: date, session_day: date | None, today: date) -> None:
    if session_day is None:
        row.notes = "needed if the next Assembly session is more than three months away: set cases.next_session"
    elif session_day <= _three_months_after(finding):
        row.done_on, row.done_by = today, NOT_NEEDED
        row.notes = f"the next Assembly session ({session_day}) is within three months of the finding"


def _three_months_after(day: date) -> date:
    """The same day three months on (the month's last day where it is shorter)."""
    year, month = day.year + (day.month + 2) // 12, (day.month + 2) % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def alert_before(session: Session, person: str, state: str, finding: date) -> int | None:
    """The latest good-offices alert on a trip of the same person to the same state before the finding."""
    rows = session.exec(
        select(Alert, Episode)
        .join(Episode, col(Episode.id) == Alert.episode_id)
        .where(Episode.person_id == person, Episode.state == state)
        .order_by(col(Alert.id).desc())
    ).all()
    for alert, episode in rows:
        start = episode.expected_start or episode.first_seen.date()
        if start <= finding:
            return alert.id
    return None


def case_of(session: Session, case_id: int) -> CaseFile:
    case = session.get(CaseFile, case_id)
    if case is None:
        raise UsageError(f"there is no case {case_id} (`tracker cases list` shows them)")
    return case


def steps_of(session: Session, case_id: int) -> list[CaseStep]:
    return list(session.exec(select(CaseStep).where(CaseStep.case_id == case_id).order_by(CaseStep.position)))


def step_of(session: Session, case_id: int, key: str) -> CaseStep:
    case_of(session, case_id)
    row = session.exec(select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.step == key)).first()
    if row is None:
        raise UsageError(f"no step {key!r}; the steps are: {', '.join(STEPS)}")
    return row


def mark_done(
    session: Session,
    case_id: int,
    key: str,
    by: str,
    on: date | None = None,
    note: str = "",
    reply_by: date | None = None,
) -> CaseStep:
    """Mark a step done. The open letter sets the State's time limit (`reply_by`, at most two weeks after
    the letter; two weeks if not given), which is when the Bureau meets the State."""
    row = step_of(session, case_id, key)
    on = on or utcnow().date()
    if row.done_on is not None:
        raise UsageError(f"step {key!r} of case {case_id} was already done on {row.done_on} by {row.done_by}")
    if not by.strip():
        raise UsageError("say who did it (a name)")
    if reply_by is not None and key != OPEN_LETTER.key:
        raise UsageError("a reply date goes with the open letter only")
    if reply_by is not None and not on < reply_by <= on + REPLY_LIMIT:
        raise UsageError(f"the State's time limit is at most two weeks after the letter: a date after {on} "
                         f"and no later than {on + REPLY_LIMIT}")  # fmt: skip
    row.done_on, row.done_by = on, by.strip()
    if note.strip():
        row.notes = _with_note(row.notes, by, note)
    session.add(row)
    if key == OPEN_LETTER.key:
        meeting = step_of(session, case_id, BUREAU_MEETING.key)
        meeting.due = reply_by or on + REPLY_LIMIT
        session.add(meeting)
    session.flush()
    return row


def add_step_note(session: Session, case_id: int, key: str, by: str, text: str) -> CaseStep:
    row = step_of(session, case_id, key)
    if not text.strip():
        raise UsageError("the note is empty")
    row.notes = _with_note(row.notes, by, text)
    session.add(row)
    session.flush()
    return row


def _with_note(notes: str, by: str, text: str) -> str:
    line = f"{utcnow():%Y-%m-%d} {by.strip()}: {' '.join(text.split())}"
    return f"{notes}\n{line}" if notes else line


def open_steps_due(session: Session) -> list[tuple[CaseFile, CaseStep]]:
    """Every step not yet done that has a due date, soonest first: the clock of every case."""
    rows = session.exec(
        select(CaseFile, CaseStep)
        .join(CaseStep, col(CaseStep.case_id) == CaseFile.id)
        .where(col(CaseStep.done_on).is_(None), col(CaseStep.due).is_not(None))
        .order_by(CaseStep.due, CaseStep.id)
    ).all()
    return list(rows)
