"""Travel episodes as the public sees them, for the public feeds, pages and API.

Only public facts go in: the person, the state, the expected dates, the status, the reports behind the
trip (outlet, headline, link) and the duty to arrest on that day. Nothing internal (recipients,
deliveries, acknowledgements, notes, silences) is read here at all, so nothing internal can leak.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from geo.gazetteer import default_gazetteer
from geo.obligations import obligation
from geo.reference import default_reference
from tracker.models import Episode, Report, TravelClaim, as_utc
from tracker.reports import shown_url

TRIPS = {  # status: how a trip in that state reads ("{trip}" is "trip to Mongolia on 3 September 2024")
    "rumoured": "rumoured {trip}",
    "announced": "announced {trip}",
    "under_way": "{trip}, under way",
    "over": "{trip}, now over",
    "cancelled": "cancelled {trip}",
    "denied": "{trip}, since denied",
    "expired": "{trip}, planned without a date and not reported since",
}


@dataclass(frozen=True)
class PublicSource:
    """A report behind an episode; `aftermath` when it was published after the trip (criticism of the
    host, the Court's finding, "returned home")."""

    title: str
    url: str | None
    outlet: str
    published: str | None  # ISO time to the minute, UTC
    aftermath: bool

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PublicEpisode:
    """An episode as the public sees it."""

    id: int
    person: str
    person_name: str
    state: str
    state_name: str
    expected_start: date | None
    expected_end: date | None
    status: str
    outlets: int
    first_seen: datetime
    last_seen: datetime
    strength: str
    basis: str
    explanation: str
    sources: tuple[PublicSource, ...] = ()

    @property
    def title(self) -> str:
        """E.g. "Vladimir Putin: announced trip to Mongolia on 3 September 2024"."""
        return f"{self.person_name}: {self._trip(f'trip to {self.state_name}')}"

    @property
    def summary(self) -> str:
        """Who reports what, in a sentence, and the destination's duty to arrest on that day."""
        trip = self._trip(f"trip by {self.person_name} to {self.state_name}")
        article = "an" if trip[0] in "aeiou" else "a"
        return f"{_reporters(self.outlets)} {article} {trip}. {self.explanation}"

    def _trip(self, trip: str) -> str:
        wording = TRIPS.get(self.status, "{trip} (" + self.status.replace("_", " ") + ")")
        return wording.format(trip=trip + _when(self.expected_start, self.expected_end))


def _reporters(outlets: int) -> str:
    if outlets > 1:
        return f"{outlets} independent outlets report"
    return "One outlet reports" if outlets == 1 else "Reports describe"


def _when(start: date | None, end: date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return f" on {start.day} {start:%B %Y}"
    first = f"{start.day}" + ("" if start.month == end.month and start.year == end.year else f" {start:%B}")
    return f" from {first}{'' if start.year == end.year else f' {start.year}'} to {end.day} {end:%B %Y}"


def public(episodes: Sequence[Episode]) -> list[PublicEpisode]:
    """The episodes of known people and states, newest report first, each with its duty to arrest on the
    expected day and the reports behind it (read in the session the episodes were read in)."""
    ref = default_reference()
    session = object_session(episodes[0]) if episodes else None
    sources = sources_of(session, episodes) if isinstance(session, Session) else {}
    out = []
    for e in episodes:
        if e.person_id not in ref.people or e.state not in ref.states:
            continue
        on = e.expected_start or as_utc(e.last_seen).date()
        duty = obligation(e.state, e.person_id, on, ref)
        out.append(
            PublicEpisode(
                e.id,
                e.person_id,
                ref.people[e.person_id].name,
                e.state,
                ref.states[e.state].name,
                e.expected_start,
                e.expected_end,
                e.status,
                e.outlets,
                as_utc(e.first_seen),
                as_utc(e.last_seen),
                duty.strength.value,
                duty.basis.value,
                duty.explanation,
                tuple(sources.get(e.id, ())),
            )
        )
    return sorted(out, key=lambda p: (p.last_seen, p.id), reverse=True)


def sources_of(session: Session, episodes: Sequence[Episode]) -> dict[int, list[PublicSource]]:
    """The reports behind each episode, oldest first, each once."""
    if not episodes:
        return {}
    afterwards = {(e.id, a.get("report")) for e in episodes for a in e.aftermath or []}
    query = (
        select(TravelClaim.episode_id, Report)
        .join(Report, col(Report.id) == TravelClaim.report_id)
        .where(col(TravelClaim.episode_id).in_([e.id for e in episodes]))
        .order_by(col(Report.published_at), col(Report.id))
    )
    out: dict[int, list[PublicSource]] = {}
    seen: set[tuple[int, int]] = set()
    for episode_id, report in session.exec(query):
        if (episode_id, report.id) in seen:
            continue
        seen.add((episode_id, report.id))
        published = as_utc(report.published_at).isoformat(timespec="minutes") if report.published_at else None
        after = (episode_id, report.id) in afterwards
        source = PublicSource(report.title, shown_url(report.url), report.host, published, after)
        out.setdefault(episode_id, []).append(source)
    return out


def properties(e: PublicEpisode) -> dict:
    return {
        "episode": e.id, "person": e.person, "person_name": e.person_name, "state": e.state,
        "state_name": e.state_name, "expected_start": e.expected_start.isoformat() if e.expected_start else None,
        "expected_end": e.expected_end.isoformat() if e.expected_end else None, "status": e.status,
        "outlets": e.outlets, "strength": e.strength, "basis": e.basis,
        "first_seen": e.first_seen.isoformat(timespec="seconds"),
        "last_seen": e.last_seen.isoformat(timespec="seconds"),
    }  # fmt: skip


def state_point(iso2: str) -> dict | None:
    """Where an episode is drawn: the gazetteer's point for the destination state (GeoJSON)."""
    where = default_gazetteer().country_entry(iso2)
    if where is None or where.lat is None:
        return None
    return {"type": "Point", "coordinates": [where.lon, where.lat]}
