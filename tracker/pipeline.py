"""Processing stored reports: match → geoparse → extract → merge into episodes → obligation and alert
rules → notices in the outbox.

Crash-safe: a report is marked processed in the same transaction that stores its claims, rebuilds the
episodes they touch and queues the alerts those call for, so a kill at any point leaves each report
either wholly done or still unprocessed, to be done at the next start. Idempotent: a report's claims
are replaced and episodes are rebuilt from all their claims, so re-running over the same reports
(`tracker reprocess`) changes nothing and queues nothing twice. Time moves episodes too: `redecide`
ages the open ones and decides them again, so a trip entering the horizon alerts without a new report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, delete, select

from alerts.deciding import decide_episode
from alerts.raising import raise_alerts
from alerts.rules import DEFAULT_THRESHOLDS, Decision, Thresholds, thresholds_for
from tracker.assess import claims_about
from tracker.claims import Claim, ReportText
from tracker.config import Config
from tracker.episodes import OPEN, rebuild, seen_at
from tracker.extract import Extractor
from tracker.models import Episode, Report, TravelClaim, as_utc, utcnow
from tracker.storage import session_scope

log = logging.getLogger(__name__)
BATCH = 200


@dataclass
class Processed:
    reports: int = 0
    claims: int = 0
    raised: int = 0  # notices queued
    episodes: list[tuple[Episode, Decision]] = field(default_factory=list)

    @property
    def alerts(self) -> list[tuple[Episode, Decision]]:
        return [(e, d) for e, d in self.episodes if d.decision == "alert"]

    def add(self, other: Processed) -> None:
        self.reports += other.reports
        self.claims += other.claims
        self.raised += other.raised


def report_text(report: Report) -> ReportText:
    return ReportText(report.title, report.summary, report.content or "", seen_at(report), report.language)


def process(
    engine: Engine,
    report_ids: Iterable[int],
    extractor: Extractor | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    as_of: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    config: Config | None = None,
    batch: int = BATCH,
) -> Processed:
    """Extract the claims of these reports, rebuild the episodes they touch, decide them and, with `config`,
    queue the notices the decisions call for; each batch in one transaction with its reports marked
    processed. `as_of` caps the time each report is read at (a replay's end of day)."""
    extractor = extractor or Extractor()
    out = Processed()
    ids = list(report_ids)
    for i in range(0, len(ids), batch):
        with session_scope(engine) as session:
            _process_batch(session, ids[i : i + batch], extractor, thresholds, as_of, config, out)
        if progress:
            progress(min(i + batch, len(ids)))
    return out


def _process_batch(
    session: Session,
    ids: list[int],
    extractor: Extractor,
    thresholds: Thresholds,
    as_of: datetime | None,
    config: Config | None,
    out: Processed,
) -> None:
    """Each report in publication order, as if it had just come in: its claims stored, the episodes they touch
    rebuilt and decided, and the alerts queued, as of the moment tracker could first have known it (when it
    was published, or fetched if later; never after `as_of` or now). A live run decides on today; a replay
    on each report's own day, so an alert that one report called for is raised even if a later one the same
    day closes the trip."""
    decided: dict[int, tuple[Episode, Decision]] = {}
    reports = session.exec(select(Report).where(Report.id.in_(ids))).all()
    for report in sorted(reports, key=lambda r: (seen_at(r), r.id)):
        at = min(max(seen_at(report), as_utc(report.fetched_at)), as_of or utcnow(), utcnow())
        claims = claims_about(extractor.extract(report_text(report)), at.date(), thresholds)
        session.exec(delete(TravelClaim).where(TravelClaim.report_id == report.id))
        for claim in claims:
            session.add(_row(report, claim))
        report.processed_at = utcnow()
        session.add(report)
        out.reports += 1
        out.claims += len(claims)
        touched = sorted({(c.person, c.destination) for c in claims if c.destination and c.modality != "none"})
        if not touched:
            continue
        session.flush()
        for person, state in touched:
            for episode in rebuild(session, person, state):
                decision = decide_episode(session, episode, at.date(), thresholds)
                if config is not None:
                    out.raised += len(raise_alerts(session, [(episode, decision)], config, now=at))
                decided[episode.id] = (episode, decision)
    out.episodes.extend((Episode(**e.model_dump()), d) for e, d in decided.values())  # copies that outlive it


def redecide(
    engine: Engine,
    on: datetime,
    config: Config | None = None,
    thresholds: Thresholds | None = None,
    also: Iterable[int] = (),
) -> Processed:
    """Age every open episode (and those in `also`) as of `on` and decide it again, queuing (with `config`)
    the alerts that time alone calls for: a trip that has entered the horizon. Closing by the calendar
    sends nothing."""
    thresholds = thresholds or (thresholds_for(config) if config else DEFAULT_THRESHOLDS)
    out = Processed()
    with session_scope(engine) as session:
        chosen = Episode.status.in_(OPEN) | Episode.id.in_(list(also))
        for episode in session.exec(select(Episode).where(chosen).order_by(Episode.id)).all():
            decision = decide_episode(session, episode, on.date(), thresholds)
            if config is not None and decision.decision == "alert":
                out.raised += len(raise_alerts(session, [(episode, decision)], config, now=on))
            out.episodes.append((Episode(**episode.model_dump()), decision))
    return out


def unprocessed(engine: Engine, since: datetime | None = None) -> list[int]:
    """Ids of the reports to process: those never processed, or (with `since`) all from that time on."""
    with Session(engine) as session:
        query = select(Report.id)
        if since is None:
            query = query.where(Report.processed_at.is_(None))
        else:
            query = query.where((Report.published_at >= since) | (Report.published_at.is_(None)))
        return list(session.exec(query.order_by(Report.id)))


def _row(report: Report, claim: Claim) -> TravelClaim:
    e = claim.evidence
    return TravelClaim(
        report_id=report.id,
        person_id=claim.person,
        state=claim.destination,
        modality=claim.modality,
        travel_start=claim.window[0] if claim.window else None,
        travel_end=claim.window[1] if claim.window else None,
        confidence=claim.confidence,
        evidence={"sentence": e.sentence, "cues": list(e.cues), "rule": e.rule, "date": e.date_text,
                  "place": e.place_text},
    )  # fmt: skip


def process_in_order(
    engine: Engine,
    report_ids: Iterable[int],
    config: Config,
    progress: Callable[[int], None] | None = None,
    until: datetime | None = None,
    extractor: Extractor | None = None,
) -> Processed:
    """Process reports day by day in publication order as a live run would have met them: each day opens
    by deciding the open episodes again as of its start (a trip entering the horizon alerts then), then
    its reports are processed, decided and alerted as of the day's end, in one transaction. Days without
    reports are swept too, and the run ends by deciding everything again as of `until` (default: now).
    Returns the totals, with the episodes these reports touched as they stand at the end."""
    thresholds = thresholds_for(config)
    now = until or utcnow()
    with Session(engine) as session:
        rows = session.exec(select(Report).where(Report.id.in_(list(report_ids)))).all()
        days: dict[date, list[int]] = {}
        for r in sorted(rows, key=lambda r: (seen_at(r), r.id)):
            days.setdefault(seen_at(r).date(), []).append(r.id)
    extractor = extractor or Extractor()
    total, touched = Processed(), set()

    def one_day(ids: list[int], as_of: datetime) -> None:
        result = process(engine, ids, extractor, thresholds, as_of=as_of, config=config, batch=len(ids))
        total.add(result)
        touched.update(e.id for e, _ in result.episodes)
        if progress:
            progress(total.reports)

    day = min(days, default=now.date())
    while day <= now.date():
        total.raised += redecide(engine, datetime.combine(day, time.min, UTC), config, thresholds).raised
        if ids := days.pop(day, []):
            one_day(ids, min(datetime.combine(day, time.max, UTC), now))
        day += timedelta(days=1)
    for ids in days.values():  # published after `until` (a clock ahead of ours): as of now
        one_day(ids, now)
    sweep = redecide(engine, now, config, thresholds, also=touched)
    total.raised += sweep.raised
    total.episodes = [(e, d) for e, d in sweep.episodes if e.id in touched]
    return total
