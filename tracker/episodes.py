"""Travel episodes: the claims about one person and one state, merged into trips with a status and a
history, rebuilt from the claims so that processing the same reports twice gives the same episodes.

Claims join one episode while their dates lie within a few days of it (or, undated, while it was
last reported on within a month). The status moves forward with the reports: rumoured (one outlet,
weak) → announced → under way → over, or cancelled / denied before the trip begins; a later report
that still speaks of the plan never pulls it back. Outlets are counted by story, so fifty copies of one wire story are
one outlet; official sources are counted apart, since they weigh more.

The status also moves with time (`age`): a dated trip whose last day has passed is over (a trip dated by
one day alone lasts a couple of days more), a trip under way with no dates is over a week after its last
report, and an undated plan with no new report for
`expire_days` has expired. Reports published after a trip ended (criticism of the host, the Court's
finding, "returned home") join it as its aftermath: they are recorded, never a new trip. A dated report
of a coming trip joins an undated one only while that one is fresh and more than an invitation; else
it starts its own trip, so an old invitation never swallows the visit it led to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from tracker.claims import NOUN_RULES
from tracker.models import Alert, Episode, Report, SourceRecord, TravelClaim, as_utc

SAME_TRIP_DAYS = 7  # dated claims this close belong to one trip
UNDATED_DAYS = 30  # an undated claim joins a trip reported on this recently
AFTERMATH_DAYS = 60  # an undated report this soon after a trip ended looks back on it
VISIT_DAYS = 2  # a trip dated by one day alone (an arrival, a summit's opening) may last this much longer
SETTLED = 0.6  # below: an invitation or a plan only weighed, which a dated trip does not join
OPEN = ("rumoured", "announced", "under_way")  # the rest (over, cancelled, denied, expired) are closed
STATUS_OF = {"planned": "announced", "ongoing": "under_way", "completed": "over", "cancelled": "cancelled",
             "denied": "denied"}  # fmt: skip
ANNOUNCED = 0.75  # a planned claim this confident, or from two outlets or an official source, is announced


@dataclass
class _Trip:
    claims: list[tuple[TravelClaim, Report]] = field(default_factory=list)
    aftermath: set[int] = field(default_factory=set)  # positions in `claims` published after the trip ended
    start: date | None = None
    end: date | None = None
    last_seen: datetime | None = None

    def after(self, seen: datetime) -> bool:
        return self.end is not None and seen.date() > last_day(self.start, self.end)

    def fits(self, claim: TravelClaim, seen: datetime) -> bool:
        if self.after(seen):  # published after the trip: its aftermath, unless it announces another one
            announces = claim.modality == "planned" and claim.travel_start and claim.travel_start > self.end
            if not announces and (seen.date() - self.end <= timedelta(AFTERMATH_DAYS) or _looks_back(claim)):
                return True
        if claim.travel_start and self.start:
            end = claim.travel_end or claim.travel_start
            return claim.travel_start <= self.end + timedelta(SAME_TRIP_DAYS) and end >= self.start - timedelta(
                SAME_TRIP_DAYS
            )
        if claim.travel_start:  # a dated report joins only a fresh undated plan that is more than an invitation
            return (
                self.last_seen is not None
                and seen - self.last_seen <= timedelta(UNDATED_DAYS)
                and any(c.confidence >= SETTLED for c, _ in self.claims)
            )
        if claim.modality == "completed" or (self.start and not self.after(seen)):
            return True  # "his visit" said afterwards, or talk of a dated trip still to come
        return self.last_seen is not None and seen - self.last_seen <= timedelta(UNDATED_DAYS)

    def add(self, claim: TravelClaim, report: Report, seen: datetime) -> None:
        if self.after(seen):
            self.aftermath.add(len(self.claims))
        elif claim.travel_start and _narrower(claim, self):
            self.start, self.end = claim.travel_start, claim.travel_end or claim.travel_start
        self.claims.append((claim, report))
        self.last_seen = seen


def _looks_back(claim: TravelClaim) -> bool:
    """A claim that can only be about a trip already made, however long ago: a completed visit, or one named
    by a noun alone with no date ("his visit to Jordan", «زيارة البشير»), as the Court's findings and the
    criticism months later name it."""
    rule = (claim.evidence or {}).get("rule", "")
    return claim.modality == "completed" or (claim.travel_start is None and rule.startswith(NOUN_RULES))


def _narrower(claim: TravelClaim, trip: _Trip) -> bool:
    """A precise date ("3 September") beats a window ("next week", "in September")."""
    if trip.start is None:
        return True
    span = ((claim.travel_end or claim.travel_start) - claim.travel_start).days
    return span <= (trip.end - trip.start).days


def last_day(start: date, end: date | None) -> date:
    """The last day of a dated trip: its end when the reports give a span, else a couple of days after the one
    day they give (an arrival, a summit's opening)."""
    end = end or start
    return end if end > start else start + timedelta(days=VISIT_DAYS)


def seen_at(report: Report) -> datetime:
    return as_utc(report.published_at or report.fetched_at)


def rebuild(session: Session, person: str, state: str) -> list[Episode]:
    """The episodes of `person` in `state`, made again from all their claims (idempotent). An episode
    keeps its row (and so its alerts and its mail thread) while a trip made again overlaps it."""
    old = list(session.exec(select(Episode).where(Episode.person_id == person, Episode.state == state)))
    for claim in session.exec(select(TravelClaim).where(TravelClaim.person_id == person, TravelClaim.state == state)):
        claim.episode_id = None
        session.add(claim)
    session.flush()
    rows = session.exec(
        select(TravelClaim, Report)
        .join(Report, TravelClaim.report_id == Report.id)
        .where(TravelClaim.person_id == person, TravelClaim.state == state, TravelClaim.modality != "none")
    ).all()
    rows = sorted(rows, key=lambda cr: (seen_at(cr[1]), cr[1].id))
    trips: list[_Trip] = []
    for claim, report in rows:
        seen = seen_at(report)
        trip = next((t for t in reversed(trips) if t.fits(claim, seen)), None)
        if trip is None:
            trip = _Trip()
            trips.append(trip)
        trip.add(claim, report, seen)
    official = {s.id for s in session.exec(select(SourceRecord).where(SourceRecord.official))}
    episodes = []
    for trip in trips:
        fresh = _episode(person, state, trip, official)
        episode = next((e for e in old if _same_trip(e, fresh)), None)
        if episode is None:
            episode = fresh
        else:
            old.remove(episode)
            for name in UPDATED:
                setattr(episode, name, getattr(fresh, name))
        session.add(episode)
        session.flush()
        for claim, _ in trip.claims:
            claim.episode_id = episode.id
            session.add(claim)
        episodes.append(episode)
    for gone in old:  # no claim speaks of it any more; one that was alerted on stays, as the record of it
        if not session.exec(select(Alert).where(Alert.episode_id == gone.id)).first():
            session.delete(gone)
    session.flush()
    return episodes


UPDATED = ("expected_start", "expected_end", "status", "outlets", "official_sources", "first_seen", "last_seen",
           "history", "aftermath")  # fmt: skip


def _same_trip(episode: Episode, fresh: Episode) -> bool:
    if episode.expected_start and fresh.expected_start:
        return abs((episode.expected_start - fresh.expected_start).days) <= SAME_TRIP_DAYS
    return abs(as_utc(episode.first_seen) - as_utc(fresh.first_seen)) <= timedelta(days=UNDATED_DAYS)


def _episode(person: str, state: str, trip: _Trip, official: set[str]) -> Episode:
    stories: set[int] = set()
    officials: set[str] = set()
    status, history, aftermath = None, [], []
    for i, (claim, report) in enumerate(trip.claims):
        stories.add(report.story_id or report.id)
        if report.source_id in official:
            officials.add(report.source_id)
        rule = (claim.evidence or {}).get("rule", "")
        if i in trip.aftermath:
            aftermath.append({"at": _at(report), "report": report.id, "url": report.url, "why": rule})
            if claim.modality != "completed":
                continue  # looking back never reopens a trip; it may still tell that the visit took place
        new = STATUS_OF[claim.modality]
        if new == "announced" and not (
            claim.confidence >= ANNOUNCED or len(stories) >= 2 or report.source_id in official
        ):
            new = "rumoured"
        if status in ("cancelled", "denied") and new in ("announced", "rumoured"):
            continue  # a call-off is undone by the visit itself (a plan dated apart is a trip of its own)
        new = _progress(status, new)
        if new != status:
            history.append({"at": _at(report), "from": status, "to": new, "report": report.id, "url": report.url,
                            "why": rule})  # fmt: skip
            status = new
    first, last = seen_at(trip.claims[0][1]), seen_at(trip.claims[-1][1])
    return Episode(
        person_id=person,
        state=state,
        expected_start=trip.start,
        expected_end=trip.end,
        status=status,
        outlets=len(stories),
        official_sources=len(officials),
        first_seen=first,
        last_seen=last,
        history=history,
        aftermath=aftermath,
    )


def _at(report: Report) -> str:
    return seen_at(report).isoformat(timespec="seconds")


def age(episode: Episode, on: date, expire_days: int = UNDATED_DAYS) -> bool:
    """Move an open episode on with time, as of day `on`: a dated trip whose last day has passed is over, a
    trip under way with no dates is over a week after its last report, an undated plan with no report for
    `expire_days` has expired. Records the change in the history; True when the status changed."""
    if episode.status not in OPEN:
        return False
    last_report = as_utc(episode.last_seen).date()
    if episode.expected_start is not None:
        end = last_day(episode.expected_start, episode.expected_end)
        if episode.status == "under_way":  # still reported under way: not over yet
            end = max(end, last_report)
        new, since, why = "over", end + timedelta(days=1), f"the trip's last day, {end}, has passed"
    elif episode.status == "under_way":
        since = last_report + timedelta(days=SAME_TRIP_DAYS)
        new, why = "over", f"no report of the visit since {last_report}"
    else:
        since = last_report + timedelta(days=expire_days)
        new, why = "expired", f"an undated plan with no new report since {last_report}"
    if on < since:
        return False
    episode.history = [*episode.history, {"at": f"{since.isoformat()}T00:00:00+00:00", "from": episode.status,
                                          "to": new, "report": None, "url": None, "why": why}]  # fmt: skip
    episode.status = new
    return True


def reported_visit(episode: Episode) -> bool:
    """Whether a report (not only the calendar) said the trip was under way or over: what a post-visit
    notice rests on."""
    return any(h.get("report") and h.get("to") in ("under_way", "over") for h in episode.history)


PROGRESS = {"rumoured": 0, "announced": 1, "under_way": 2, "over": 3}


def _progress(current: str | None, new: str) -> str:
    """A trip moves forward: a later report that still speaks of the plan does not undo "under way" or
    "over", nor does it turn "announced" back into "rumoured"; a cancellation or denial counts only
    before the trip began, and a trip reported under way after a cancellation did happen after all (talk of
    the plan after a call-off does not reopen it: `_episode` skips it)."""
    if current is None:
        return new
    if new in ("cancelled", "denied"):
        return new if PROGRESS.get(current, 0) < PROGRESS["under_way"] else current
    if current in ("cancelled", "denied", "expired"):
        return new
    return new if PROGRESS[new] >= PROGRESS[current] else current


def modality_of(episode: Episode) -> str:
    """The claim modality an episode's status stands for, for the alert rules (an expired plan was a plan:
    the rules then say why it raises nothing more)."""
    return {"rumoured": "planned", "announced": "planned", "under_way": "ongoing", "over": "completed",
            "expired": "planned"}.get(episode.status, episode.status)  # fmt: skip
