"""Turning an alert decision into an alert and its deliveries, in one transaction (the outbox).

An episode is alerted on once for the good-offices procedure; its alert carries the rule and the
reasons, and a Message-ID made from the episode, so that every later message about the trip threads
under it. Each recipient gets one delivery row: the ASP President's team always, and the focal point of
the destination's UN regional group.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.utils import formataddr

from sqlmodel import Session, select

from alerts.rules import Decision
from geo.reference import Reference, default_reference
from tracker.config import Config
from tracker.models import Alert, Delivery, Episode

GOOD_OFFICES = "good_offices"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    role: str  # "president" or the regional group


def recipients(config: Config, state: str, ref: Reference | None = None) -> list[Recipient]:
    """The President's team, then the focal point(s) of the state's regional group; each address once."""
    ref = ref or default_reference()
    group = ref.states[state].un_regional_group if state in ref.states else ""
    chosen = [Recipient(r.name, r.email, "president") for r in config.recipients.president]
    chosen += [Recipient(r.name, r.email, group) for r in config.recipients.focal_points.get(group, [])]
    seen: set[str] = set()
    return [r for r in chosen if not (r.email.lower() in seen or seen.add(r.email.lower()))]


def message_id(episode: Episode, domain: str, kind: str = GOOD_OFFICES) -> str:
    """Stable for the episode: a retry is never a second message, an update threads under it."""
    return f"<{kind}.episode-{episode.id}.{episode.person_id}.{episode.state.lower()}@{domain}>"


def raise_alerts(session: Session, decided: list[tuple[Episode, Decision]], config: Config) -> list[Alert]:
    """An alert and its queued deliveries for each episode decided "alert" that has none yet (added to the
    session: the caller's transaction commits them together)."""
    domain = config.mail.from_address.split("@", 1)[1]
    raised = []
    for episode, decision in decided:
        if decision.decision != "alert" or episode.id is None:
            continue
        known = session.exec(select(Alert).where(Alert.episode_id == episode.id, Alert.kind == GOOD_OFFICES)).first()
        if known is not None:
            continue
        alert = Alert(
            episode_id=episode.id,
            kind=GOOD_OFFICES,
            rule="planned or ongoing trip to a state bound to arrest (report of the Bureau on non-cooperation, "
            "2011, scenario 7(b))",
            why=list(decision.why),
            message_id=message_id(episode, domain),
        )
        session.add(alert)
        session.flush()
        chosen = recipients(config, episode.state)
        if not chosen:
            log.warning("alert %s has no recipients: add recipients.president to config.yaml", alert.message_id)
        for r in chosen:
            session.add(Delivery(alert_id=alert.id, recipient=formataddr((r.name, r.email)), channel="email"))
        raised.append(alert)
    session.flush()
    return raised
