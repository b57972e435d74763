"""The notification log: each message about an alert is a notice that records why it was sent (first,
update and what changed, reminder, post-visit, Bureau) and the episode as it reported it. A change is
material when the dates, the status, the confidence tier or the presence of an official source moves;
comparing against the last notice is what keeps an update from going out twice. A notice not yet
tried absorbs the changes that arrive while it waits (the group wait), so near-simultaneous reports
make one message."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import formataddr

from sqlmodel import Session, select

from alerts.routing import Recipient
from alerts.rules import Decision, Thresholds, tier
from alerts.silences import silencing
from tracker.config import Config
from tracker.models import Alert, Delivery, Episode, Notice, as_utc

FIRST, UPDATE, REMINDER, POST_VISIT, BUREAU = "first", "update", "reminder", "post_visit", "bureau"
ABOUT_THE_TRIP = (FIRST, UPDATE, POST_VISIT)  # the notices whose facts the next change is measured against
GROUPED = ABOUT_THE_TRIP  # wait `alerts.group_wait_seconds` for more reports before sending
STATUS_WORDS = {"cancelled": "the trip is reported cancelled", "denied": "reports deny the trip",
                "over": "the visit is reported over"}  # fmt: skip


def facts_of(episode: Episode, decision: Decision, thresholds: Thresholds) -> dict:
    """What a message reports about the trip, in the form the next comparison needs."""
    return {
        "expected_start": episode.expected_start.isoformat() if episode.expected_start else None,
        "expected_end": episode.expected_end.isoformat() if episode.expected_end else None,
        "status": episode.status,
        "tier": tier(decision.confidence, thresholds),
        "official": episode.official_sources > 0,
        "confidence": round(decision.confidence, 2),  # shown in the message; only its tier counts as a change
    }


def what_changed(old: dict, new: dict) -> list[str]:
    """The material changes from `old` to `new`, in words for the update's first lines."""
    changes = []
    dates = ("expected_start", "expected_end")
    if [old.get(k) for k in dates] != [new.get(k) for k in dates]:
        changes.append(f"expected dates: {_span(old)} → {_span(new)}")
    if old.get("status") != new.get("status"):
        changes.append(
            STATUS_WORDS.get(new["status"], f"status: {_words(old.get('status'))} → {_words(new['status'])}")
        )
    if old.get("tier") != new.get("tier"):
        changes.append(f"confidence: {old.get('tier')} → {new.get('tier')}")
    if new.get("official") and not old.get("official"):
        changes.append("a first official source reports the trip")
    return changes


def notices_of(session: Session, alert: Alert, reasons: tuple[str, ...] = ABOUT_THE_TRIP) -> list[Notice]:
    """The alert's notices for these reasons, oldest first."""
    query = select(Notice).where(Notice.alert_id == alert.id, Notice.reason.in_(reasons)).order_by(Notice.id)
    return list(session.exec(query))


def latest(session: Session, alert: Alert, reasons: tuple[str, ...] = ABOUT_THE_TRIP) -> Notice | None:
    found = notices_of(session, alert, reasons)
    return found[-1] if found else None


def untried(session: Session, notice: Notice, now: datetime) -> bool:
    """Still in its group wait at `now` and never attempted: it can take in what changed meanwhile. Past its
    due time it is (or would have been, in a replay) on its way, and a change makes a message of its own."""
    deliveries = session.exec(select(Delivery).where(Delivery.notice_id == notice.id)).all()
    return bool(deliveries) and all(
        d.status == "queued" and d.attempts == 0 and d.next_attempt_at is not None and now <= as_utc(d.next_attempt_at)
        for d in deliveries
    )


def queue(
    session: Session,
    alert: Alert,
    episode: Episode,
    reason: str,
    to: list[Recipient],
    config: Config,
    now: datetime,
    facts: dict | None = None,
    changes: list[str] | None = None,
    requested_by: str | None = None,
) -> Notice:
    """A notice and one delivery per recipient, in the caller's transaction. A silence covering the
    episode records the notice but marks its deliveries silenced; the Bureau notice is never silenced,
    since a person asked for it."""
    count = len(session.exec(select(Notice.id).where(Notice.alert_id == alert.id)).all())
    first = reason == FIRST or count == 0
    silence = None if reason == BUREAU else silencing(session, episode, now)
    notice = Notice(
        alert_id=alert.id,
        reason=reason,
        changes=changes or [],
        facts=facts or {},
        message_id=alert.message_id if first else f"<{reason}-{count + 1}.{alert.message_id[1:]}",
        in_reply_to=None if first or reason == BUREAU else alert.message_id,
        requested_by=requested_by,
        silence_id=silence.id if silence else None,
        created_at=now,
    )
    session.add(notice)
    session.flush()
    due = now + timedelta(seconds=config.alerts.group_wait_seconds) if reason in GROUPED else None
    for r in to:
        session.add(Delivery(alert_id=alert.id, notice_id=notice.id, recipient=formataddr((r.name, r.email)),
                             status="silenced" if silence else "queued", next_attempt_at=due))  # fmt: skip
    session.flush()
    return notice


def _span(facts: dict) -> str:
    start, end = facts.get("expected_start"), facts.get("expected_end")
    if not start:
        return "not reported"
    return start if not end or end == start else f"{start} to {end}"


def _words(status: str | None) -> str:
    return (status or "none").replace("_", " ")
