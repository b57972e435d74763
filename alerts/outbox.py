"""Draining the outbox (the send stage): each queued delivery sent once, by SMTP or into the local Maildir.

A delivery is marked sent only after the server (or the Maildir) took the message; a failure is
recorded with the error and retried later, 1, 2, 4 … minutes apart up to an hour. With no SMTP URL in
the config, messages go to the Maildir `<data_dir>/mail`, so the main job runs with no mail server.
A delivery whose episode was silenced while it waited is marked silenced instead of being sent, and one
that became too late to matter (`alerts.timeliness`: the trip was over by then) is marked historical.
"""

from __future__ import annotations

import logging
import mailbox
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlmodel import Session, select

from alerts.bureau import bureau_message
from alerts.message import alert_message
from alerts.notices import BUREAU
from alerts.reminders import remind
from alerts.rules import thresholds_for
from alerts.silences import silencing
from alerts.timeliness import too_late
from tracker.config import Config
from tracker.models import Alert, Delivery, Episode, Notice, as_utc, utcnow
from tracker.storage import session_scope

log = logging.getLogger(__name__)
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=1)


@dataclass
class Drained:
    sent: int = 0
    failed: int = 0
    silenced: int = 0
    historical: int = 0
    errors: list[str] | None = None


class Transport:
    """Where messages go: the configured SMTP server, or the local Maildir."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.maildir_path = config.data_path / "mail"

    def send(self, message: EmailMessage) -> None:
        if not self.config.mail.smtp_url:
            self.maildir_path.parent.mkdir(parents=True, exist_ok=True)  # Maildir makes its own folders
            mailbox.Maildir(self.maildir_path, create=True).add(message)
            return
        url = urlsplit(self.config.mail.smtp_url)
        timeout = self.config.mail.timeout_seconds
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname, url.port or 465, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(url.hostname, url.port or 587, timeout=timeout)
        with client:
            client.ehlo()
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if self.config.mail.username and self.config.smtp_password:
                client.login(self.config.mail.username, self.config.smtp_password.get_secret_value())
            client.send_message(message)


def drain(
    engine: Engine,
    config: Config,
    now: datetime | None = None,
    transport: Transport | None = None,
    dry_run: bool = False,
) -> Drained:
    """Send every queued delivery that is due; each one in its own transaction. `dry_run` sends nothing and
    changes nothing: it counts what would be sent, silenced or recorded as historical."""
    now = now or utcnow()
    thresholds = thresholds_for(config)
    transport = transport or Transport(config)
    out = Drained(errors=[])
    with Session(engine) as session:
        due = [
            d.id
            for d in session.exec(select(Delivery).where(Delivery.status == "queued").order_by(Delivery.id))
            if d.next_attempt_at is None or as_utc(d.next_attempt_at) <= now
        ]
    for delivery_id in due:
        with session_scope(engine) as session:
            delivery = session.get(Delivery, delivery_id)
            if delivery is None or delivery.status != "queued":
                continue
            notice = session.get(Notice, delivery.notice_id)
            silence = None if notice.reason == BUREAU else silencing(session, _episode(session, notice), now)
            late = None if silence else too_late(session, notice, now, thresholds)
            if dry_run:
                out.silenced += silence is not None
                out.historical += late is not None
                out.sent += silence is None and late is None
                session.rollback()
                continue
            if silence is not None:  # silenced while it waited: recorded, never sent
                delivery.status, notice.silence_id = "silenced", silence.id
                session.add_all([delivery, notice])
                out.silenced += 1
                continue
            if late is not None:  # the trip was over by now: recorded, never sent
                file_as_historical(session, delivery, notice, late, config)
                out.historical += 1
                continue
            delivery.attempts += 1
            build = bureau_message if notice.reason == BUREAU else alert_message
            try:
                message = build(session, notice, delivery.recipient, config)
            except Exception as e:  # a bug or bad data in one message must not hold back the others
                log.exception("cannot build message %s for delivery %s", notice.message_id, delivery.id)
                _failed(delivery, f"cannot build the message: {type(e).__name__}: {e}", now, out)
                continue
            try:
                transport.send(message)
            except (OSError, smtplib.SMTPException) as e:
                _failed(delivery, f"{type(e).__name__}: {e}", now, out, permanent=refused_for_good(e))
            else:
                delivery.status, delivery.sent_at, delivery.last_error = "sent", now, None
                out.sent += 1
            session.add(delivery)
    return out


def deliver(
    engine: Engine, config: Config, now: datetime | None = None, one_shot: bool = False, dry_run: bool = False
) -> Drained:
    """The reminders that are due, then the outbox. A one-shot run (`tracker run --once`, `tracker outbox
    send`) also sends what waits out its group wait: no more reports come in this run, so the group is
    complete."""
    now = now or utcnow()
    if not dry_run:
        remind(engine, config, now)
    ahead = timedelta(seconds=config.alerts.group_wait_seconds) if one_shot else timedelta(0)
    return drain(engine, config, now + ahead, dry_run=dry_run)


def record_too_late(engine: Engine, config: Config, now: datetime | None = None) -> int:
    """Record as historical, without sending anything, every queued message that is already too late to matter
    (a replay's alerts about trips long over); how many notices. `drain` would do the same when their turn
    came; doing it at once lets `tracker ingest` say what stays to be sent."""
    now = now or utcnow()
    thresholds = thresholds_for(config)
    count = 0
    with session_scope(engine) as session:
        queued = select(Delivery.notice_id).where(Delivery.status == "queued").distinct()
        for notice in session.exec(select(Notice).where(Notice.id.in_(queued))).all():
            late = too_late(session, notice, now, thresholds)
            if late is None:
                continue
            for delivery in session.exec(
                select(Delivery).where(Delivery.notice_id == notice.id, Delivery.status == "queued")
            ):
                file_as_historical(session, delivery, notice, late, config)
            count += 1
    return count


def file_as_historical(session: Session, delivery: Delivery, notice: Notice, why: str, config: Config) -> None:
    """Mark a delivery historical (never sent) and keep the message it would have been, dated when it would
    have gone out, in the record Maildir `<data_dir>/historical`: a replay can be read as its recipients
    would have read it then, and nothing reaches them now."""
    delivery.status, notice.historical = "historical", why
    session.add_all([delivery, notice])
    build = bureau_message if notice.reason == BUREAU else alert_message
    try:
        message = build(session, notice, delivery.recipient, config)
    except Exception:  # the record is a courtesy: a message that cannot be built stays only in the database
        log.exception("cannot build the record of message %s", notice.message_id)
        return
    del message["Date"]
    message["Date"] = format_datetime(as_utc(notice.created_at))
    message["X-Tracker-Historical"] = f"not sent: {why}"
    folder = config.data_path / "historical"
    folder.parent.mkdir(parents=True, exist_ok=True)
    mailbox.Maildir(folder, create=True).add(message)


def refused_for_good(error: Exception) -> bool:
    """The server answered 5xx (no such mailbox, message rejected, bad credentials): sending the same message
    again would be refused again. Connection failures and 4xx answers are worth retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _failed(delivery: Delivery, error: str, now: datetime, out: Drained, permanent: bool = False) -> None:
    """A delivery the server refused for good is marked failed (`tracker alerts retry` queues it again once
    the cause is fixed); any other stays queued with its error, due again after a backoff that doubles up
    to an hour."""
    delivery.last_error = error[:500]
    if permanent:
        delivery.status = "failed"
    delivery.next_attempt_at = now + min(FIRST_RETRY * 2 ** (delivery.attempts - 1), LAST_RETRY)
    out.failed += 1
    out.errors.append(f"{delivery.recipient}: {delivery.last_error}")
    log.warning("delivery %s to %s failed: %s", delivery.id, delivery.recipient, delivery.last_error)


def _episode(session: Session, notice: Notice) -> Episode:
    return session.get(Episode, session.get(Alert, notice.alert_id).episode_id)
