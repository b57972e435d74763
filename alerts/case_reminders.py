"""Reminders of the formal procedure's deadlines, through the outbox.

A step of a case file that is not done is reminded once when its due date comes near (`cases.
remind_days_before`) and once when it has passed: one `CaseReminder` per step, due date and reason, whose
deliveries the outbox sends like any other (claimed, handed over, never twice). A due date that moves (the
State's time limit set by the open letter) is a new date, reminded anew. The recipients are those of the
case's person and state: the President's team, the region's focal point, anyone configured for either.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from alerts.routing import recipients
from geo.reference import default_reference
from tracker.cases import STEPS, open_steps_due
from tracker.config import Config
from tracker.models import CaseFile, CaseReminder, CaseStep, Delivery, utcnow
from tracker.storage import session_scope

log = logging.getLogger(__name__)
DUE_SOON, OVERDUE = "due_soon", "overdue"


def reason_on(due: date, today: date, ahead: int) -> str | None:
    """Why a step due on `due` is reminded today, if it is."""
    if today > due:
        return OVERDUE
    return DUE_SOON if today >= due - timedelta(days=ahead) else None


def queue_case_reminders(session: Session, config: Config, today: date) -> list[CaseReminder]:
    """A reminder with its deliveries for each open step whose date calls for one not yet queued."""
    queued = []
    for case, step in open_steps_due(session):
        reason = reason_on(step.due, today, config.cases.remind_days_before)
        if reason is None:
            continue
        same = (CaseReminder.step_id == step.id, CaseReminder.due == step.due, CaseReminder.reason == reason)
        if session.exec(select(CaseReminder.id).where(*same)).first() is not None:
            continue
        message_id = f"<case-{case.id}.{step.step}.{step.due}.{reason}@{_domain(config)}>"
        reminder = CaseReminder(step_id=step.id, due=step.due, reason=reason, message_id=message_id)
        session.add(reminder)
        session.flush()
        for r in recipients(config, case.state, case.person_id):
            session.add(Delivery(case_reminder_id=reminder.id, recipient=formataddr((r.name, r.email))))
        queued.append(reminder)
    session.flush()
    return queued


def remind_cases(engine: Engine, config: Config, now: datetime | None = None) -> int:
    """Queue the case reminders that are due, in one transaction; how many. Another process queueing the
    same reminder at the same moment wins; this one then queues nothing."""
    try:
        with session_scope(engine) as session:
            return len(queue_case_reminders(session, config, (now or utcnow()).date()))
    except IntegrityError:
        log.info("case reminders: another process queued them first")
        return 0


def case_reminder_message(session: Session, delivery: Delivery, config: Config) -> EmailMessage:
    """The reminder one delivery carries: which step of which case, its owner and its date."""
    reminder = session.get(CaseReminder, delivery.case_reminder_id)
    step = session.get(CaseStep, reminder.step_id)
    case = session.get(CaseFile, step.case_id)
    ref = default_reference()
    person = ref.people[case.person_id].name if case.person_id in ref.people else case.person_id
    state = ref.states[case.state].name if case.state in ref.states else case.state
    plan = STEPS[step.step]
    late = "was due" if reminder.reason == OVERDUE else "is due"
    message = EmailMessage()
    message["Subject"] = f"Case {case.id} ({state}, {person}): {plan.title} {late} on {reminder.due}"
    message["From"] = formataddr(("tracker", config.mail.from_address))
    message["To"] = delivery.recipient
    message["Message-ID"] = reminder.message_id
    message["Date"] = format_datetime(utcnow())
    lines = [
        f"The formal procedure on {state}'s non-compliance (the Court's finding of {case.finding_date}, "
        f"referred to: {case.referred_to.replace(';', ', ')}) has a step not yet done:",
        "",
        f"  {plan.title}",
        f"  owner: {step.owner}",
        f"  {late} on {reminder.due}" + (f" ({plan.when})" if plan.when else ""),
        "",
        f"Mark it done at the desk ({config.web.public_url.rstrip('/')}/desk/cases/{case.id}) "
        f"or with: tracker cases done {case.id} {step.step} --by NAME",
    ]
    message.set_content("\n".join(lines) + "\n")
    return message


def _domain(config: Config) -> str:
    return config.mail.from_address.rpartition("@")[2] or "tracker"
