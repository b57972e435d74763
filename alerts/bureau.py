"""The notice the ASP President owes the Bureau under the informal procedure (report of the Bureau on
non-cooperation, 2011, scenario 7(b)): when using good offices, the President "immediately notifies
Bureau members". A person asks for it (`tracker alerts notify-bureau`, or the desk); it goes to
`recipients.bureau` once per alert, in its own thread, and is never silenced.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from sqlmodel import Session, select

from alerts.letter import Letter
from alerts.message import case, envelope, headline, one_line, trip_line
from alerts.notices import BUREAU, latest, queue
from alerts.routing import bureau
from tracker.config import Config
from tracker.errors import UsageError
from tracker.models import Alert, Episode, Notice, as_utc, utcnow


def notify_bureau(session: Session, alert_id: int, by: str, config: Config, now: datetime | None = None) -> Notice:
    """Queue the Bureau notice for the alert (the caller commits). UsageError: no such alert, nobody
    asking, no `recipients.bureau` in config.yaml, or the Bureau already notified."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise UsageError(f"no alert {alert_id}: `tracker alerts` lists them")
    if not by.strip():
        raise UsageError("say who notifies the Bureau (--by)")
    to = bureau(config)
    if not to:
        raise UsageError("no Bureau members to notify: add recipients.bureau to config.yaml")
    done = session.exec(select(Notice).where(Notice.alert_id == alert.id, Notice.reason == BUREAU)).first()
    if done is not None:
        when = f"{as_utc(done.created_at):%Y-%m-%d %H:%M} UTC"
        raise UsageError(f"the Bureau was already notified of alert {alert_id} on {when} by {done.requested_by}")
    facts = (latest(session, alert) or Notice(alert_id=alert.id, reason=BUREAU, message_id="")).facts
    episode = session.get(Episode, alert.episode_id)
    return queue(session, alert, episode, BUREAU, to, config, now or utcnow(), facts, requested_by=by.strip())


def bureau_message(session: Session, notice: Notice, recipient: str, config: Config) -> EmailMessage:
    alert = session.get(Alert, notice.alert_id)
    episode = session.get(Episode, alert.episode_id)
    c = case(session, episode)
    today = utcnow().date()
    letter = Letter(
        kind="Notice to the Bureau",
        title=f"{c.person} → {c.state}",
        trip=trip_line(episode, c, today),
        opening=[
            "To the members of the Bureau of the Assembly of States Parties,",
            f"The President informs you of public reports on a trip of {c.person} to {c.state} ({c.when}; "
            f"{c.status}). Under the procedures on non-cooperation (report of the Bureau, 2011, scenario 7(b)), the "
            "President may use good offices with the requested State, may ask the regional focal point for help, "
            "and will verify the information and report to the Bureau.",
        ],
        law=c.law,
        details=c.details,
        evidence=c.evidence,
        sources=c.sources,
        closing=[f"Sent at the request of {one_line(notice.requested_by or '', 200)}."],
    )
    subject = f"[Bureau] Possible non-cooperation: {headline(episode, c, today)} ({c.when})"
    return envelope(notice, recipient, config, subject, letter)
