"""Repeat reminders: while a good-offices alert about a coming trip is not acknowledged, its recipients
are reminded every `alerts.repeat_hours` (the repeat interval of an alert manager). An acknowledgement,
the trip's end, a cancellation or a denial stops them; a silence records them without sending."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from alerts.notices import ABOUT_THE_TRIP, REMINDER, latest, queue
from alerts.raising import GOOD_OFFICES
from alerts.routing import recipients
from tracker.config import Config
from tracker.episodes import OPEN
from tracker.models import Alert, Delivery, Episode, Notice, as_utc, utcnow
from tracker.storage import session_scope


def due_reminders(session: Session, config: Config, now: datetime) -> list[Notice]:
    """Queue a reminder for each unacknowledged alert whose last message is older than the repeat
    interval and was delivered (no reminders pile up while the mail server is down)."""
    repeat = timedelta(hours=config.alerts.repeat_hours)
    queued = []
    open_alerts = select(Alert).where(Alert.kind == GOOD_OFFICES, Alert.acknowledged_at.is_(None))
    for alert in session.exec(open_alerts).all():
        episode = session.get(Episode, alert.episode_id)
        last_day = episode.expected_end or episode.expected_start
        if episode.status not in OPEN or (last_day and last_day < now.date()):
            continue
        last = latest(session, alert, (*ABOUT_THE_TRIP, REMINDER))
        if last is None or as_utc(last.created_at) + repeat > now:
            continue
        if session.exec(select(Delivery).where(Delivery.notice_id == last.id, Delivery.status == "queued")).first():
            continue
        to = recipients(config, episode.state, episode.person_id)
        queued.append(queue(session, alert, episode, REMINDER, to, config, now, last.facts))
    return queued


def remind(engine: Engine, config: Config, now: datetime | None = None) -> int:
    """Queue the reminders that are due, in one transaction; how many."""
    with session_scope(engine) as session:
        return len(due_reminders(session, config, now or utcnow()))
