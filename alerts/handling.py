"""What the people an alert reaches record at the desk: what they learn (notes) and what became of the
trip (the outcome). Acknowledging is `alerts.acks.acknowledge`, shared with `tracker alerts ack` and the
signed link. Everything here is internal: no public page or feed reads these records.
"""

from __future__ import annotations

from sqlmodel import Session

from tracker.errors import UsageError
from tracker.models import Alert, AlertNote, AlertOutcome

OUTCOMES = {
    "arrested": "arrested",
    "did_not_travel": "did not travel",
    "travelled_no_arrest": "travelled, no arrest",
    "false_report": "false report",
}


def alert_or_error(session: Session, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise UsageError(f"no alert {alert_id}: `tracker alerts` lists them")
    return alert


def _who(by: str) -> str:
    if not by.strip():
        raise UsageError("say who records it")
    return by.strip()


def add_note(session: Session, alert_id: int, by: str, text: str) -> AlertNote:
    alert_or_error(session, alert_id)
    if not text.strip():
        raise UsageError("the note is empty")
    note = AlertNote(alert_id=alert_id, author=_who(by), text=text.strip())
    session.add(note)
    return note


def record_outcome(session: Session, alert_id: int, by: str, outcome: str) -> AlertOutcome:
    """What became of the trip; the latest record counts, earlier ones stay as history."""
    alert_or_error(session, alert_id)
    if outcome not in OUTCOMES:
        raise UsageError(f"unknown outcome {outcome!r}; expected one of: {', '.join(OUTCOMES)}")
    row = AlertOutcome(alert_id=alert_id, outcome=outcome, recorded_by=_who(by))
    session.add(row)
    return row
