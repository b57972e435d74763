"""The public record as plain data: people, states and episodes, for the pages and the JSON API alike.

Only public facts are read: the reference data (each fact with its source) and episodes with the
reports behind them. Alerts, deliveries, notes, outcomes and desk users are never queried here, so
no public page or answer can carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from sqlmodel import Session, col, select

from alerts.feeds import PublicEpisode, properties, public
from geo.obligations import obligation, warrant_status
from geo.reference import Reference, Sourced, default_reference
from geo.travel_bans import listings
from tracker.models import Episode
from tracker.reports import shown_url

Status = Literal["rumoured", "announced", "under_way", "over", "cancelled", "denied", "expired"]  # in order
STATUSES = get_args(Status)


def _source(row: Sourced) -> dict:
    return {"source_url": row.source_url, "as_of": row.as_of.isoformat(), "verified": row.verified}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def person_summary(person_id: str, ref: Reference | None = None) -> dict:
    """A person with the situation and whether a warrant can be acted on today."""
    ref = ref or default_reference()
    p = ref.people[person_id]
    situation = ref.situations.get(p.situation)
    status = warrant_status(p, date.today(), ref)
    return {
        "id": p.id, "name": p.name, "nationality": p.nationality, "position": p.position, "status": p.status,
        "situation": {"id": p.situation, "name": situation.name if situation else ""},
        "warrant_in_force": status.in_force, "warrant_status": status.reason, **_source(p),
    }  # fmt: skip


def person_detail(person_id: str, session: Session, ref: Reference | None = None) -> dict:
    """Warrants with case numbers, situation, status and the latest reported episodes."""
    ref = ref or default_reference()
    p = ref.people[person_id]
    warrants = [
        {"case_number": w.case_number, "issued": _day(w.issued), "public": _day(w.public), "ended": _day(w.ended),
         "ended_reason": w.ended_reason, **_source(w)}
        for w in ref.warrants_of(person_id)
    ]  # fmt: skip
    recent = episodes(session, EpisodeFilter(person=person_id, limit=20))
    return {**person_summary(person_id, ref), "status_date": _day(p.status_date), "surrendered": _day(p.surrendered),
            "died": _day(p.died), "warrants": warrants, "travel_bans": listings(p, date.today(), ref),
            "episodes": recent}  # fmt: skip


def state_summary(iso2: str, ref: Reference | None = None, person: str | None = None, on: date | None = None) -> dict:
    """A state; with a person and a day, its duty to arrest that person that day."""
    ref = ref or default_reference()
    s = ref.states[iso2]
    accession = ref.accessions.get(iso2)
    out = {
        "state": iso2, "name": s.name, "regional_group": s.un_regional_group,
        "state_party_since": _day(accession.entry_into_force) if accession else None,
    }  # fmt: skip
    if person:
        out |= obligation(iso2, person, on or date.today(), ref).as_json()
    return out


def state_detail(iso2: str, ref: Reference | None = None) -> dict:
    """Status over time (ratification, withdrawals, Art. 12(3) declarations, referrals) and findings; the
    reference rows' research notes are internal and stay out."""
    ref = ref or default_reference()
    timeline = []
    if (a := ref.accessions.get(iso2)) is not None:
        timeline.append({"on": _day(a.entry_into_force), "event": f"Rome Statute in force (instrument "
                         f"deposited {_day(a.deposited)}; Art. 126(2))", **_source(a)})  # fmt: skip
    for w in ref.withdrawals_of(iso2):
        what = f"withdrawal notified {_day(w.notified)}, " + (
            f"revoked {_day(w.revoked)} before taking effect" if w.revoked else f"effective {_day(w.effective)}"
        )
        timeline.append({"on": _day(w.notified), "event": what + " (Art. 127)", **_source(w)})
    for d in (d for d in ref.declarations if d.state == iso2):
        what = f"Art. 12(3) declaration for {d.situation}" + ("" if d.accepted else " (not acted upon)")
        timeline.append({"on": _day(d.lodged), "event": what, **_source(d)})
    for r in (r for r in ref.referrals if r.bound_state == iso2):
        what = f"Security Council {r.resolution} refers {r.situation} (Art. 13(b))"
        timeline.append({"on": _day(r.adopted), "event": what, **_source(r)})
    findings = [
        {"person": f.person, "visit": f.visit, "decision_date": _day(f.decision_date), "document": f.document,
         "chamber": f.chamber, "referred_to": f.referred_to, **_source(f)}
        for f in ref.findings_against(iso2)
    ]  # fmt: skip
    timeline.sort(key=lambda t: t["on"] or "")
    return {**state_summary(iso2, ref), "timeline": timeline, "findings": findings}


@dataclass(frozen=True)
class EpisodeFilter:
    person: str | None = None
    state: str | None = None
    status: str | None = None
    since: date | None = None  # expected start on or after
    until: date | None = None  # expected start on or before
    limit: int = 100
    offset: int = 0


def episodes(session: Session, f: EpisodeFilter) -> list[dict]:
    """Episodes matching the filter, newest first, each with its sources (the reports) and history."""
    query = select(Episode)
    if f.person:
        query = query.where(Episode.person_id == f.person)
    if f.state:
        query = query.where(Episode.state == f.state.upper())
    if f.status:
        query = query.where(Episode.status == f.status)
    if f.since:
        query = query.where(Episode.expected_start >= f.since)
    if f.until:
        query = query.where(Episode.expected_start <= f.until)
    query = query.order_by(col(Episode.last_seen).desc(), col(Episode.id).desc()).offset(f.offset).limit(f.limit)
    rows = session.exec(query).all()
    history = {e.id: e.history for e in rows}
    return [_episode(e, history[e.id]) for e in public(rows)]


def episode(session: Session, episode_id: int) -> dict | None:
    row = session.get(Episode, episode_id)
    shown = public([row]) if row else []
    return _episode(shown[0], row.history) if shown else None


def _episode(e: PublicEpisode, history: list) -> dict:
    changes = [
        {"at": h.get("at"), "from": h.get("from"), "to": h.get("to"), "url": shown_url(h.get("url"))} for h in history
    ]
    sources = [s.as_json() for s in e.sources]
    return {**properties(e), "title": e.title, "explanation": e.explanation, "sources": sources, "history": changes}
