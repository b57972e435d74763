"""Processing stored reports: match → geoparse → extract → merge into episodes → obligation and alert
rules. Idempotent: a report's claims are replaced, and the episodes they touch are rebuilt from all
their claims, so re-running over the same reports (`tracker reprocess`) changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, delete, select

from alerts.raising import raise_alerts
from alerts.rules import DEFAULT_THRESHOLDS, Decision, Thresholds, decide, post_visit
from tracker.config import Config
from tracker.episodes import modality_of, rebuild, seen_at
from tracker.extract import Claim, Extractor, ReportText
from tracker.models import Episode, Report, TravelClaim
from tracker.storage import session_scope

log = logging.getLogger(__name__)
BATCH = 200


@dataclass
class Processed:
    reports: int = 0
    claims: int = 0
    episodes: list[tuple[Episode, Decision]] = field(default_factory=list)

    @property
    def alerts(self) -> list[tuple[Episode, Decision]]:
        return [(e, d) for e, d in self.episodes if d.decision == "alert"]


def report_text(report: Report) -> ReportText:
    return ReportText(report.title, report.summary, report.content or "", seen_at(report), report.language)


def process(
    engine: Engine,
    report_ids: Iterable[int],
    extractor: Extractor | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    as_of: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> Processed:
    """Extract the claims of these reports, rebuild the episodes they touch, and decide each episode as
    of `as_of` (default: the newest report's own time, which is what a live run sees)."""
    extractor = extractor or Extractor()
    out = Processed()
    touched: set[tuple[str, str]] = set()
    newest: datetime | None = None
    ids = list(report_ids)
    for i in range(0, len(ids), BATCH):
        with session_scope(engine) as session:
            reports = session.exec(select(Report).where(Report.id.in_(ids[i : i + BATCH]))).all()
            for report in sorted(reports, key=lambda r: (seen_at(r), r.id)):
                claims = extractor.extract(report_text(report))
                session.exec(delete(TravelClaim).where(TravelClaim.report_id == report.id))
                for claim in claims:
                    session.add(_row(report, claim))
                    if claim.destination and claim.modality != "none":
                        touched.add((claim.person, claim.destination))
                report.processed_at = datetime.now(UTC)
                session.add(report)
                out.reports += 1
                out.claims += len(claims)
                newest = max(newest, seen_at(report)) if newest else seen_at(report)
        if progress:
            progress(min(i + BATCH, len(ids)))
    day = (as_of or newest or datetime.now(UTC)).date()
    with session_scope(engine) as session:
        for person, state in sorted(touched):
            for episode in rebuild(session, person, state):
                decision = decide_episode(session, episode, day, thresholds)
                out.episodes.append((Episode(**episode.model_dump()), decision))  # a copy that outlives the session
    return out


def decide_episode(session: Session, episode: Episode, on: date, thresholds: Thresholds) -> Decision:
    """The alert rules applied to an episode on day `on`: its status, dates and best claim."""
    confidence = max(
        (c.confidence for c in session.exec(select(TravelClaim).where(TravelClaim.episode_id == episode.id))),
        default=0.0,
    )
    if episode.outlets >= 2 or episode.official_sources:
        confidence = min(1.0, confidence + 0.1)  # corroborated
    modality = modality_of(episode)
    decision = decide(episode.person_id, episode.state, modality, episode.expected_start, confidence, on, thresholds)
    if modality == "completed":
        end = episode.expected_end or episode.expected_start
        return post_visit(episode.person_id, episode.state, end, confidence, on, thresholds) or decision
    return decision


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


def thresholds_for(config: Config) -> Thresholds:
    """The alert rules' thresholds from config.yaml (`alerts:`)."""
    return Thresholds(config.alerts.horizon_days, config.alerts.min_confidence)


def raise_alerts_for(engine: Engine, result: Processed, config: Config) -> int:
    """Queue the messages the decisions call for (a first alert, a post-visit notice or an update, with
    their deliveries in the same transaction); how many were queued."""
    with session_scope(engine) as session:
        return len(raise_alerts(session, result.episodes, config))


def process_in_order(
    engine: Engine,
    report_ids: Iterable[int],
    config: Config,
    progress: Callable[[int], None] | None = None,
) -> tuple[Processed, int]:
    """Process reports day by day in publication order, deciding and alerting as of each day's end, as
    a live run would have (replayed archives raise the alerts they would have raised then). Returns the
    last day's result (the episodes as they stand) and how many alerts were queued in all."""
    thresholds = thresholds_for(config)
    with Session(engine) as session:
        rows = session.exec(select(Report).where(Report.id.in_(list(report_ids)))).all()
        days: dict[date, list[int]] = {}
        for r in sorted(rows, key=lambda r: (seen_at(r), r.id)):
            days.setdefault(seen_at(r).date(), []).append(r.id)
    extractor = Extractor()
    total, raised, done = Processed(), 0, 0
    for day, ids in days.items():
        end_of_day = datetime.combine(day, datetime.max.time(), UTC)
        result = process(engine, ids, extractor, thresholds, as_of=min(end_of_day, datetime.now(UTC)))
        raised += raise_alerts_for(engine, result, config)
        total.reports += result.reports
        total.claims += result.claims
        total.episodes = result.episodes or total.episodes
        done += len(ids)
        if progress:
            progress(done)
    return total, raised
