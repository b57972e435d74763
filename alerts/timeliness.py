"""Whether a message is still worth sending when its turn comes: a replay of old reports, a late feed or a
long mail outage must never email the present about the past. At delivery the episode is decided again as
of that day; a first alert or a reminder goes out only while the trip still calls for good offices, a
post-visit notice only within the horizon after the visit, an update only in a thread whose first message
was not itself too late, and while the trip is open (or to say, soon after, that it was called off). The Bureau notice,
which a person asked for, always goes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from alerts.deciding import decide_episode
from alerts.notices import BUREAU, FIRST, POST_VISIT, REMINDER, UPDATE
from alerts.rules import Thresholds
from tracker.models import Notice, as_utc, episode_of

CALLED_OFF_NEWS = timedelta(days=2)  # a cancellation or denial is still news to the recipients this long


def too_late(session: Session, notice: Notice, now: datetime, thresholds: Thresholds) -> str | None:
    """Why `notice` no longer matters at `now` (recorded as historical, never sent); None when it does."""
    if notice.reason == BUREAU:
        return None
    episode = episode_of(session, notice)
    decision = decide_episode(session, episode, now.date(), thresholds)
    status = episode.status.replace("_", " ")
    if notice.reason in (FIRST, REMINDER):
        return None if decision.decision == "alert" else f"by {now.date()} the trip was {status}"
    if notice.reason == POST_VISIT:
        return None if decision.decision == "post_visit" else f"by {now.date()} the visit was long over"
    if notice.reason == UPDATE:
        if _first_too_late(session, notice):
            return "the first message about this trip was itself too late to send"
        called_off = episode.status in ("cancelled", "denied") and now - as_utc(notice.created_at) <= CALLED_OFF_NEWS
        return None if decision.decision == "alert" or called_off else f"by {now.date()} the trip was {status}"
    return None


def _first_too_late(session: Session, notice: Notice) -> bool:
    firsts = select(Notice.id).where(
        Notice.alert_id == notice.alert_id, Notice.reason.in_((FIRST, POST_VISIT)), Notice.historical.is_not(None)
    )
    return session.exec(firsts).first() is not None
