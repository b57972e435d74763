"""The alert rules applied to an episode on a given day, after time has moved it on: what the pipeline
decides when reports arrive, what the daily re-decision decides as days pass, and what the outbox asks
before sending a message that may have become too late to matter."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from alerts.rules import Decision, Thresholds, decide, post_visit
from tracker.episodes import age, modality_of, reported_visit
from tracker.models import Episode, TravelClaim, as_utc


def decide_episode(session: Session, episode: Episode, on: date, thresholds: Thresholds) -> Decision:
    """The alert rules applied to an episode on day `on`, once time has moved it on (`age`): a closed trip
    never raises a good-offices alert; a visit a report said took place may call for a post-visit notice."""
    age(episode, on, thresholds.expire_days)
    session.add(episode)
    claims = session.exec(select(TravelClaim).where(TravelClaim.episode_id == episode.id)).all()
    confidence = max((c.confidence for c in claims), default=0.0)
    if (episode.outlets >= 2 or episode.official_sources) and confidence >= thresholds.min_confidence:
        confidence = min(1.0, confidence + 0.1)  # corroborated; two copies of an invitation stay an invitation
    modality = modality_of(episode)
    decision = decide(episode.person_id, episode.state, modality, episode.expected_start, confidence, on, thresholds)
    if episode.status == "over":
        end = episode.expected_end or episode.expected_start or as_utc(episode.last_seen).date()
        visit = reported_visit(episode) and post_visit(
            episode.person_id, episode.state, end, confidence, on, thresholds
        )
        return visit or decision
    if episode.status == "expired" and decision.decision != "none":
        return Decision("monitor", (*decision.why, "the plan has expired: no new report"), decision.strength,
                        decision.basis, confidence)  # fmt: skip
    return decision
