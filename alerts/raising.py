"""From decisions to notices in the outbox: the dedup stage of the alert pipeline (rules → silence →
dedup with reason → send → mark sent).

An episode decided "alert" becomes one good-offices alert, with a Message-ID made from the episode so
that every later message about the trip threads under it. A completed visit to a bound state with the
warrant still in force gets a post-visit notice (its own alert when none was raised before). After
that, each material change gets an update in the thread, saying what changed; re-running the same
reports changes nothing, so it sends nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session, select

from alerts.notices import FIRST, POST_VISIT, UPDATE, facts_of, latest, notices_of, queue, untried, what_changed
from alerts.routing import recipients
from alerts.rules import Decision, thresholds_for
from tracker.config import Config
from tracker.models import Alert, Delivery, Episode, Notice, utcnow

GOOD_OFFICES = "good_offices"
RULES = {
    GOOD_OFFICES: "planned or ongoing trip to a state bound to arrest (report of the Bureau on non-cooperation, "
    "2011, scenario 7(b))",
    POST_VISIT: "completed visit to a state bound to arrest, the warrant still in force: no arrest was reported",
}
log = logging.getLogger(__name__)


def message_id(episode: Episode, domain: str, kind: str = GOOD_OFFICES) -> str:
    """Stable for the episode: a retry is never a second message, an update threads under it."""
    return f"<{kind}.episode-{episode.id}.{episode.person_id}.{episode.state.lower()}@{domain}>"


def raise_alerts(
    session: Session, decided: list[tuple[Episode, Decision]], config: Config, now: datetime | None = None
) -> list[Notice]:
    """The notices these decisions call for (added to the session: the caller's transaction commits
    them with their deliveries): a first alert, a post-visit notice, or an update on a material change."""
    now = now or utcnow()
    thresholds = thresholds_for(config)
    queued = []
    for episode, decision in decided:
        if episode.id is None:
            continue
        facts = facts_of(episode, decision, thresholds)
        alert = session.exec(select(Alert).where(Alert.episode_id == episode.id).order_by(Alert.id)).first()
        if alert is None:
            kind = {"alert": GOOD_OFFICES, "post_visit": POST_VISIT}.get(decision.decision)
            if kind:
                alert = _alert(session, episode, decision, kind, config)
                reason = FIRST if kind == GOOD_OFFICES else POST_VISIT
                queued.append(queue(session, alert, episode, reason, _to(config, episode), config, now, facts))
            continue
        notice = _on_change(session, alert, episode, decision, facts, config, now)
        if notice is not None:
            queued.append(notice)
    session.flush()
    return queued


def _alert(session: Session, episode: Episode, decision: Decision, kind: str, config: Config) -> Alert:
    domain = config.mail.from_address.split("@", 1)[1]
    alert = Alert(episode_id=episode.id, kind=kind, rule=RULES[kind], why=list(decision.why),
                  message_id=message_id(episode, domain, kind))  # fmt: skip
    session.add(alert)
    session.flush()
    return alert


def _on_change(
    session: Session, alert: Alert, episode: Episode, decision: Decision, facts: dict, config: Config, now: datetime
) -> Notice | None:
    """An update (or the post-visit notice) when the facts moved since the last notice; a notice still
    waiting to be tried takes the change in instead of a second message."""
    last = latest(session, alert)
    if last is None or not last.facts:  # alerts from before the log kept facts: start from here
        if last is not None:
            last.facts = facts
            session.add(last)
        return None
    if not what_changed(last.facts, facts):
        return None
    if last.reason == POST_VISIT and not untried(session, last, now):
        return None  # the post-visit notice closed the thread: later corrections about a trip over are no news
    visited = decision.decision == "post_visit" and latest(session, alert, (POST_VISIT,)) is None
    if visited:
        alert.why = list(dict.fromkeys([*alert.why, *decision.why]))
        session.add(alert)
    reason = POST_VISIT if visited else UPDATE
    if untried(session, last, now):
        _fold(session, alert, last, facts, reason)
        return None
    changes = what_changed(last.facts, facts)
    return queue(session, alert, episode, reason, _to(config, episode), config, now, facts, changes)


def _fold(session: Session, alert: Alert, waiting: Notice, facts: dict, reason: str) -> None:
    """A notice still in its group wait takes in the newer facts. The first message stays the first (it is
    written from the episode as it stands when sent) unless the visit is already over; an update says what
    changed since the message before it, and goes away if that is nothing after all."""
    waiting.facts = facts
    earlier = [n for n in notices_of(session, alert) if n.id < waiting.id]
    if not earlier:  # the first message of the thread (perhaps already turned post-visit) stays
        waiting.reason = POST_VISIT if POST_VISIT in (reason, waiting.reason) else FIRST
    else:
        waiting.reason = reason if waiting.reason == UPDATE else waiting.reason
        waiting.changes = what_changed(earlier[-1].facts, facts)
        if not waiting.changes:
            for delivery in session.exec(select(Delivery).where(Delivery.notice_id == waiting.id)):
                session.delete(delivery)
            session.delete(waiting)
            return
    session.add(waiting)


def _to(config: Config, episode: Episode) -> list:
    chosen = recipients(config, episode.state, episode.person_id)
    if not chosen:
        log.warning("episode %s has no recipients: add recipients.president to config.yaml", episode.id)
    return chosen
