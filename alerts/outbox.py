"""Draining the outbox (the send stage): each queued delivery sent once, by SMTP or into the local Maildir.

Each delivery is claimed before it is sent (alerts/claims.py), so two senders on one database never both
send it, and a sender killed mid-exchange is resolved on the next drain without a second send where the
message arrived. A delivery is marked sent only after the server (or the Maildir) took the message; a failure is
recorded with the error and retried later, 1, 2, 4 … minutes apart up to an hour. With no SMTP URL in
the config, messages go to the Maildir `<data_dir>/mail`, so the main job runs with no mail server.
A delivery whose episode was silenced while it waited is marked silenced instead of being sent, and
queued again when the silence ends; one that became too late to matter (`alerts.timeliness`: the trip was
over by then) is marked historical and kept, as the message it would have been, in a record Maildir.
"""

from __future__ import annotations

import logging
import mailbox
import os
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlmodel import Session, select

from alerts.bureau import bureau_message
from alerts.case_reminders import case_reminder_message, remind_cases
from alerts.claims import claim, claims_left
from alerts.message import alert_message
from alerts.notices import BUREAU
from alerts.reminders import remind
from alerts.rules import Thresholds, thresholds_for
from alerts.silences import release_held, silencing
from alerts.timeliness import too_late
from tracker.config import Config
from tracker.models import Delivery, Notice, as_utc, episode_of, utcnow
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

    def send(self, message: EmailMessage, key: str, handover: Callable[[], None]) -> None:
        """Send `message`; `handover` is called just before the point after which the server (or the
        Maildir) may hold it: the message's final dot, the file's rename into `new/`."""
        if not self.config.mail.smtp_url:
            self._into_maildir(message, key, handover)
            return
        url = urlsplit(self.config.mail.smtp_url)
        timeout = self.config.mail.timeout_seconds
        if url.scheme == "smtps":
            client: smtplib.SMTP = _HandingOverSSL(
                url.hostname, url.port or 465, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = _HandingOver(url.hostname, url.port or 587, timeout=timeout)
        with client:
            client.ehlo()
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if self.config.mail.username and self.config.smtp_password:
                client.login(self.config.mail.username, self.config.smtp_password.get_secret_value())
            client.handover = handover
            client.send_message(message)

    def delivered(self, delivery: Delivery) -> bool:
        """Whether a message whose sender died mid-exchange reached its destination: the Maildir can be
        looked at; an SMTP server is taken to hold it once its end was handed over."""
        if self.config.mail.smtp_url:
            return delivery.handed_over_at is not None
        key = maildir_key(delivery)
        return (self.maildir_path / "new" / key).exists() or any((self.maildir_path / "cur").glob(key + ":*"))

    def _into_maildir(self, message: EmailMessage, key: str, handover: Callable[[], None]) -> None:
        """As mailbox.Maildir.add, under a name of our own, so a restart can tell whether it is there."""
        mailbox.Maildir(self.maildir_path, create=True)  # the folders
        tmp = self.maildir_path / "tmp" / key
        tmp.write_bytes(message.as_bytes(policy=message.policy.clone(linesep="\n")))
        handover()
        os.replace(tmp, self.maildir_path / "new" / key)


class _HandingOver(smtplib.SMTP):
    """smtplib's client, calling `handover` right before the message's final dot goes out: before it, a
    connection that breaks makes the server drop the message; after it, the server may have taken it."""

    handover: Callable[[], None] | None = None

    def send(self, s: str | bytes) -> None:
        if self.handover is not None and isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.handover()
            self.handover = None
        super().send(s)


class _HandingOverSSL(_HandingOver, smtplib.SMTP_SSL):
    pass


def maildir_key(delivery: Delivery) -> str:
    return f"tracker-delivery-{delivery.id}-{delivery.attempts}.eml"


def drain(
    engine: Engine,
    config: Config,
    now: datetime | None = None,
    transport: Transport | None = None,
    dry_run: bool = False,
) -> Drained:
    """Send every queued delivery that is due, each claimed first so that no other sender sends it too;
    first resolve the claims of senders that died mid-exchange. `dry_run` sends nothing and changes
    nothing: it counts what would be sent, silenced or recorded as historical."""
    now = now or utcnow()
    thresholds = thresholds_for(config)
    transport = transport or Transport(config)
    out = Drained(errors=[])
    if not dry_run:
        recover(engine, transport, now)
        with session_scope(engine) as session:
            release_held(session, now)
    with Session(engine) as session:
        due = [
            (d.id, d.attempts)
            for d in session.exec(select(Delivery).where(Delivery.status == "queued").order_by(Delivery.id))
            if d.next_attempt_at is None or as_utc(d.next_attempt_at) <= now
        ]
        if dry_run:
            for delivery_id, _ in due:
                silence, late = _held(session, _notice_of(session, session.get(Delivery, delivery_id)), now, thresholds)
                out.silenced += silence is not None
                out.historical += late is not None
                out.sent += silence is None and late is None
            session.rollback()  # deciding the episodes again aged them: nothing of it is kept
            return out
    for delivery_id, attempts in due:
        if _claimed(engine, config, delivery_id, attempts, now, thresholds, out):
            _send_one(engine, config, delivery_id, now, transport, out)
    return out


def _notice_of(session: Session, delivery: Delivery) -> Notice | None:
    """The notice a delivery carries; None for a case reminder (`alerts.case_reminders`)."""
    return session.get(Notice, delivery.notice_id) if delivery.notice_id is not None else None


def _message(session: Session, delivery: Delivery, notice: Notice | None, config: Config) -> EmailMessage:
    """The message a delivery carries: a case reminder, the Bureau notice or an alert's message."""
    if notice is None:
        return case_reminder_message(session, delivery, config)
    build = bureau_message if notice.reason == BUREAU else alert_message
    return build(session, notice, delivery.recipient, config)


def _held(session: Session, notice: Notice | None, now: datetime, thresholds: Thresholds) -> tuple:
    """What keeps a message from going out now: a silence covering its trip, or its being too late to matter
    (the Bureau notice, asked for by a person, and a case reminder, about no trip, are neither)."""
    if notice is None or notice.reason == BUREAU:
        return None, None
    silence = silencing(session, episode_of(session, notice), now)
    return silence, None if silence else too_late(session, notice, now, thresholds)


def _claimed(
    engine: Engine, config: Config, delivery_id: int, attempts: int, now: datetime, thresholds: Thresholds, out: Drained
) -> bool:
    """Claim the delivery and count the attempt, committed before any exchange; a delivery silenced while
    it waited, or too late to matter by now, is marked so instead (recorded, never sent)."""
    with session_scope(engine) as session:
        if not claim(session, delivery_id, attempts, now):
            return False
        delivery = session.get(Delivery, delivery_id)
        notice = _notice_of(session, delivery)
        silence, late = _held(session, notice, now, thresholds)
        if silence is not None:
            delivery.status, notice.silence_id = "silenced", silence.id
            session.add_all([delivery, notice])
            out.silenced += 1
            return False
        if late is not None:
            file_as_historical(session, delivery, notice, late, config)
            out.historical += 1
            return False
        delivery.attempts += 1
        session.add(delivery)
        return True


def _send_one(
    engine: Engine, config: Config, delivery_id: int, now: datetime, transport: Transport, out: Drained
) -> None:
    """Build and send one claimed delivery, then record the outcome."""
    with Session(engine) as session:
        delivery = session.get(Delivery, delivery_id)
        notice = _notice_of(session, delivery)
        try:
            message = _message(session, delivery, notice, config)
            error, permanent = None, False
        except Exception as e:  # a bug or bad data in one message must not hold back the others
            log.exception("cannot build the message of delivery %s", delivery.id)
            error, permanent = f"cannot build the message: {type(e).__name__}: {e}", False
        key = maildir_key(delivery)
    if error is None:
        try:
            transport.send(message, key, lambda: _handed_over(engine, delivery_id))
        except (OSError, smtplib.SMTPException) as e:
            error, permanent = f"{type(e).__name__}: {e}", refused_for_good(e)
        except Exception as e:  # a bug: the claim must not stay 'sending' while this process lives
            log.exception("delivery %s: the transport failed", delivery_id)
            error, permanent = f"{type(e).__name__}: {e}", False
    with session_scope(engine) as session:
        delivery = session.get(Delivery, delivery_id)
        if error is None:
            delivery.status, delivery.sent_at, delivery.last_error = "sent", now, None
            out.sent += 1
        else:
            _failed(delivery, error, now, out, permanent)
        session.add(delivery)


def _handed_over(engine: Engine, delivery_id: int) -> None:
    with session_scope(engine) as session:
        delivery = session.get(Delivery, delivery_id)
        delivery.handed_over_at = utcnow()
        session.add(delivery)


def recover(engine: Engine, transport: Transport, now: datetime) -> int:
    """Resolve the deliveries a dead sender left 'sending': sent if the message reached the server (or the
    Maildir), queued again if it cannot have; never sent a second time where it arrived."""
    with session_scope(engine) as session:
        left = claims_left(session, utcnow())  # the clock, not a drain's `now` set ahead
        for delivery in left:
            if transport.delivered(delivery):
                delivery.status, delivery.sent_at = "sent", delivery.handed_over_at or delivery.claimed_at
                delivery.last_error = "the sender stopped after handing the message over: counted as sent"
            else:
                delivery.status, delivery.next_attempt_at = "queued", now
                delivery.last_error = "the sender stopped before the server took the message: sent again"
            log.warning("delivery %s: %s", delivery.id, delivery.last_error)
            session.add(delivery)
    return len(left)


def deliver(
    engine: Engine, config: Config, now: datetime | None = None, one_shot: bool = False, dry_run: bool = False
) -> Drained:
    """The reminders that are due, then the outbox. A one-shot run (`tracker run --once`, `tracker outbox
    send`) also sends what waits out its group wait: no more reports come in this run, so the group is
    complete."""
    now = now or utcnow()
    if not dry_run:
        remind(engine, config, now)
        remind_cases(engine, config, now)
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
    delivery.status = "failed" if permanent else "queued"
    delivery.next_attempt_at = now + min(FIRST_RETRY * 2 ** (delivery.attempts - 1), LAST_RETRY)
    out.failed += 1
    out.errors.append(f"{delivery.recipient}: {delivery.last_error}")
    log.warning("delivery %s to %s failed: %s", delivery.id, delivery.recipient, delivery.last_error)
