"""Silences: messages about a person, a state or one episode are recorded in the notification log but
not delivered until the silence runs out or is expired by hand (as in an alert manager, a silence
mutes delivery; it never stops the rules or the record)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, or_, select

from geo.reference import Reference, default_reference
from tracker.errors import UsageError
from tracker.models import Episode, Silence, as_utc, utcnow


def add_silence(
    session: Session,
    *,
    until: datetime,
    by: str,
    reason: str,
    person: str | None = None,
    state: str | None = None,
    episode: int | None = None,
    now: datetime | None = None,
    ref: Reference | None = None,
) -> Silence:
    """A new silence for exactly one of person, state or episode (added to the session: the caller commits).
    UsageError names what to fix."""
    ref = ref or default_reference()
    now = now or utcnow()
    if sum(x is not None for x in (person, state, episode)) != 1:
        raise UsageError("a silence is for one person, one state or one episode: give exactly one of them")
    if person is not None and person not in ref.people:
        raise UsageError(f"unknown person {person!r} (person ids look like putin, netanyahu)")
    if state is not None:
        state = state.upper()
        if state not in ref.states:
            raise UsageError(f"unknown state {state!r} (expected an ISO 3166-1 alpha-2 code such as MN)")
    if episode is not None and session.get(Episode, episode) is None:
        raise UsageError(f"no episode {episode}: `tracker alerts` shows the episodes alerted on")
    if as_utc(until) <= now:
        raise UsageError(f"the silence would end at {until:%Y-%m-%d %H:%M}, which is not in the future")
    if not by.strip() or not reason.strip():
        raise UsageError("say who silences (--by) and why (--reason)")
    silence = Silence(person_id=person, state=state, episode_id=episode, until=as_utc(until), created_by=by.strip(),
                      reason=reason.strip(), created_at=now)  # fmt: skip
    session.add(silence)
    session.flush()
    return silence


def expire_silence(session: Session, silence_id: int, now: datetime | None = None) -> Silence:
    """End a silence now: later messages are delivered again."""
    silence = session.get(Silence, silence_id)
    if silence is None:
        raise UsageError(f"no silence {silence_id}: `tracker alerts silences` lists them")
    if silence.expired_at is None:
        silence.expired_at = now or utcnow()
        session.add(silence)
    return silence


def active_silences(session: Session, now: datetime | None = None) -> list[Silence]:
    now = now or utcnow()
    rows = session.exec(select(Silence).where(Silence.expired_at.is_(None)).order_by(Silence.id)).all()
    return [s for s in rows if as_utc(s.until) > now]


def silencing(session: Session, episode: Episode, now: datetime | None = None) -> Silence | None:
    """The active silence that covers this episode, if any (the one that runs longest)."""
    now = now or utcnow()
    rows = session.exec(
        select(Silence).where(
            Silence.expired_at.is_(None),
            or_(Silence.person_id == episode.person_id, Silence.state == episode.state,
                Silence.episode_id == episode.id),
        )
    ).all()  # fmt: skip
    live = [s for s in rows if as_utc(s.until) > now]
    return max(live, key=lambda s: as_utc(s.until)) if live else None


def describe(silence: Silence) -> str:
    what = (
        f"person {silence.person_id}" if silence.person_id else
        f"state {silence.state}" if silence.state else f"episode {silence.episode_id}"
    )  # fmt: skip
    return f"{what} until {as_utc(silence.until):%Y-%m-%d %H:%M} UTC by {silence.created_by}: {silence.reason}"
