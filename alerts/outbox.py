"""Draining the outbox (the send stage): each queued delivery sent once, by SMTP or into the local Maildir.

Each delivery is claimed before it is sent (alerts/claims.py), so two senders on one database never both
send it, and a sender killed mid-exchange is resolved on the next drain without a second send where the
message arrived. A delivery is marked sent only after the server (or the Maildir) took the message; a failure is
recorded with the error and retried later, 1, 2, 4 … minutes apart up to an hour. With no SMTP URL in
the config, messages go to the Maildir `<data_dir>/mail`, so the main job runs with no mail server.
A delivery whose episode was silenced while it waited is marked silenced instead of being sent, and
queued again when the silence ends.
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
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlmodel import Session, select

from alerts.bureau import bureau_message
from alerts.claims import claim, claims_left
from alerts.message import alert_message
from alerts.notices import BUREAU
from alerts.reminders import remind
from alerts.silences import release_held, silencing
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


def drain(engine: Engine, config: Config, now: datetime | None = None, transport: Transport | None = None) -> Drained:
    """Send every queued delivery that is due, each claimed first so that no other sender sends it too;
    first resolve the claims of senders that died mid-exchange."""
    now = now or utcnow()
    transport = transport or Transport(config)
    out = Drained(errors=[])
    recover(engine, transport, now)
    with session_scope(engine) as session:
        release_held(session, now)
    with Session(engine) as session:
        due = [
            (d.id, d.attempts)
            for d in session.exec(select(Delivery).where(Delivery.status == "queued").order_by(Delivery.id))
            if d.next_attempt_at is None or as_utc(d.next_attempt_at) <= now
        ]
    for delivery_id, attempts in due:
        if _claimed(engine, delivery_id, attempts, now, out):
            _send_one(engine, config, delivery_id, now, transport, out)
    return out


def _claimed(engine: Engine, delivery_id: int, attempts: int, now: datetime, out: Drained) -> bool:
    """Claim the delivery and count the attempt, committed before any exchange; a delivery silenced while
    it waited is marked so instead (recorded, never sent)."""
    with session_scope(engine) as session:
        if not claim(session, delivery_id, attempts, now):
            return False
        delivery = session.get(Delivery, delivery_id)
        notice = session.get(Notice, delivery.notice_id)
        silence = None if notice.reason == BUREAU else silencing(session, _episode(session, notice), now)
        if silence is not None:
            delivery.status, notice.silence_id = "silenced", silence.id
            session.add_all([delivery, notice])
            out.silenced += 1
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
        notice = session.get(Notice, delivery.notice_id)
        build = bureau_message if notice.reason == BUREAU else alert_message
        try:
            message = build(session, notice, delivery.recipient, config)
            error, permanent = None, False
        except Exception as e:  # a bug or bad data in one message must not hold back the others
            log.exception("cannot build message %s for delivery %s", notice.message_id, delivery.id)
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


def deliver(engine: Engine, config: Config, now: datetime | None = None, one_shot: bool = False) -> Drained:
    """The reminders that are due, then the outbox. A one-shot run (`tracker run --once`) also sends what
    waits out its group wait: no more reports come in this run, so the group is complete."""
    now = now or utcnow()
    remind(engine, config, now)
    ahead = timedelta(seconds=config.alerts.group_wait_seconds) if one_shot else timedelta(0)
    return drain(engine, config, now + ahead)


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


def _episode(session: Session, notice: Notice) -> Episode:
    return session.get(Episode, session.get(Alert, notice.alert_id).episode_id)
