"""Silences: messages about a person, a state or one episode are recorded in the notification log but
not delivered until the silence runs out or is expired by hand (as in an alert manager, a silence
mutes delivery; it never stops the rules or the record). The messages a silence held are delivered when
it ends, never left held for ever.

Silences respect the desk's roles: the President's team (and the command line) silences anything; a
focal point silences only its own regional group's trips and destinations, never a person everywhere,
its silence covers its group's trips only, and it ends only its group's silences."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, or_, select

from geo.reference import Reference, default_reference
from tracker.errors import UsageError
from tracker.models import Delivery, Episode, Notice, Silence, as_utc, episode_of, utcnow


def add_silence(
    session: Session,
    *,
    until: datetime,
    by: str,
    reason: str,
    person: str | None = None,
    state: str | None = None,
    episode: int | None = None,
    group: str | None = None,
    now: datetime | None = None,
    ref: Reference | None = None,
) -> Silence:
    """A new silence for exactly one of person, state or episode (added to the session: the caller commits);
    `group`: set by that regional group's focal point, and limited to it. UsageError names what to fix."""
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
    if group is not None:
        _within(session, group, person, state, episode, ref)
    if as_utc(until) <= now:
        raise UsageError(f"the silence would end at {until:%Y-%m-%d %H:%M}, which is not in the future")
    if not by.strip() or not reason.strip():
        raise UsageError("say who silences (--by) and why (--reason)")
    silence = Silence(person_id=person, state=state, episode_id=episode, regional_group=group, until=as_utc(until),
                      created_by=by.strip(), reason=reason.strip(), created_at=now)  # fmt: skip
    session.add(silence)
    session.flush()
    return silence


def _within(
    session: Session, group: str, person: str | None, state: str | None, episode: int | None, ref: Reference
) -> None:
    """A focal point's silence stays within its regional group."""
    if person is not None:
        raise UsageError("only the President's team silences a person everywhere: silence this trip or destination")
    if episode is not None:
        state = session.get(Episode, episode).state
    if _group_of(state, ref) != group:
        raise UsageError(f"{state} is outside the {group} group: only the President's team silences it")


def _group_of(state: str, ref: Reference | None = None) -> str | None:
    known = (ref or default_reference()).states.get(state)
    return known.un_regional_group if known else None


def expire_silence(session: Session, silence_id: int, now: datetime | None = None, group: str | None = None) -> Silence:
    """End a silence now: later messages are delivered again, and those it held at the next drain. `group`:
    a focal point ends only the silences its group set."""
    silence = session.get(Silence, silence_id)
    if silence is None:
        raise UsageError(f"no silence {silence_id}: `tracker alerts silences` lists them")
    if group is not None and silence.regional_group != group:
        raise UsageError(
            f"this silence was set by {silence.created_by} for the whole desk: only the President's team ends it"
        )
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
    group = _group_of(episode.state)
    live = [s for s in rows if as_utc(s.until) > now and s.regional_group in (None, group)]
    return max(live, key=lambda s: as_utc(s.until)) if live else None


def release_held(session: Session, now: datetime | None = None) -> int:
    """Queue again, due now, the deliveries held by silences that have ended (and that no other silence
    covers now): a silence postpones messages, it never loses them."""
    now = now or utcnow()
    released = 0
    for delivery, notice in session.exec(
        select(Delivery, Notice).join(Notice, Notice.id == Delivery.notice_id).where(Delivery.status == "silenced")
    ):
        if silencing(session, episode_of(session, notice), now) is None:
            delivery.status, delivery.next_attempt_at = "queued", now
            delivery.last_error = f"held by silence {notice.silence_id} until it ended"
            session.add(delivery)
            released += 1
    return released


def describe(silence: Silence) -> str:
    what = (
        f"person {silence.person_id}" if silence.person_id else
        f"state {silence.state}" if silence.state else f"episode {silence.episode_id}"
    )  # fmt: skip
    return f"{what} until {as_utc(silence.until):%Y-%m-%d %H:%M} UTC by {silence.created_by}: {silence.reason}"
