"""Claims on deliveries: a delivery is sent by the one sender that claimed it, and a sender that died
mid-exchange leaves a claim the next drain resolves without sending the message a second time.

A claim is one UPDATE … WHERE status='queued' whose row count says who won (on PostgreSQL the row is
first locked with FOR UPDATE SKIP LOCKED, so a second sender moves on instead of waiting). The claim
and the attempt are committed before the exchange starts; `handed_over_at` is committed just before
the message's end goes to the server, the point after which the server may have it.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from tracker.models import Delivery, as_utc

SENDER = f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"  # this process, as a claimant
STALE = timedelta(hours=1)  # a claim from another machine older than this is a sender that died


def claim(session: Session, delivery_id: int, attempts: int, now: datetime) -> bool:
    """Claim a queued delivery for this process (the caller commits); False when another sender has it or
    tried it since `attempts` was read."""
    if session.get_bind().dialect.name == "postgresql":
        free = select(Delivery.id).where(Delivery.id == delivery_id, Delivery.status == "queued")
        if session.exec(free.with_for_update(skip_locked=True)).first() is None:
            return False
    won = session.connection().execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "queued", Delivery.attempts == attempts)
        .values(status="sending", claimed_at=now, claimed_by=SENDER, handed_over_at=None)
    )
    return won.rowcount == 1


def abandoned(delivery: Delivery, now: datetime) -> bool:
    """Whether a 'sending' claim was left by a sender that is gone: this machine's process is no longer
    running (or is this process's predecessor under the same pid), or another machine's is stale."""
    host, _, rest = (delivery.claimed_by or "").partition(":")
    pid, _, token = rest.partition(":")
    if delivery.claimed_at is None or host != SENDER.split(":")[0] or not pid.isdigit():
        return delivery.claimed_at is None or as_utc(delivery.claimed_at) < now - STALE
    if int(pid) == os.getpid():
        return f"{host}:{pid}:{token}" != SENDER
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return as_utc(delivery.claimed_at) < now - STALE


def claims_left(session: Session, now: datetime) -> list[Delivery]:
    """The deliveries whose sender died while sending them."""
    rows = session.exec(select(Delivery).where(Delivery.status == "sending").order_by(Delivery.id))
    return [d for d in rows if abandoned(d, now)]
