"""Acknowledgement: who took an alert in hand, from the CLI, the desk, or a signed link in the email.

The link carries the alert, the recipient and an expiry, signed with HMAC-SHA256 under the key from
TRACKER_SECRET_KEY (or a key made once and kept in the data folder), so it cannot be forged, moved to
another alert or used after it expires. Opening it shows a button; only the POST acknowledges, so a
mail scanner that follows links acknowledges nothing. Internal: never in a public view.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from tracker.config import Config
from tracker.errors import UsageError
from tracker.models import Alert, utcnow

KEY_FILE = "secret_key"


class BadLink(UsageError):
    """An acknowledgement link that was altered, is for no alert, or has expired."""


@dataclass(frozen=True)
class AckLink:
    alert_id: int
    recipient: str
    expires: datetime


def acknowledge(session: Session, alert_id: int, by: str, now: datetime | None = None) -> Alert:
    """Record that `by` has taken the alert in hand (the first acknowledgement stands); stops reminders."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise UsageError(f"no alert {alert_id}: `tracker alerts` lists them")
    if not by.strip():
        raise UsageError("say who acknowledges (--by)")
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = now or utcnow(), by.strip()
        session.add(alert)
    return alert


def secret_key(config: Config) -> bytes:
    """TRACKER_SECRET_KEY, else the key in the data folder, made on first use (readable by the owner only)."""
    if config.secret_key is not None:
        return config.secret_key.get_secret_value().encode()
    path = config.data_path / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def sign(config: Config, alert_id: int, recipient: str, now: datetime | None = None) -> str:
    expires = (now or utcnow()) + timedelta(days=config.alerts.ack_link_days)
    payload = json.dumps({"a": alert_id, "r": recipient, "e": int(expires.timestamp())}, separators=(",", ":"))
    body = _b64(payload.encode())
    return f"{body}.{_b64(_mac(config, body))}"


def ack_url(config: Config, alert_id: int, recipient: str, now: datetime | None = None) -> str:
    return f"{config.web.public_url}/ack/{sign(config, alert_id, recipient, now)}"


def verify(config: Config, token: str, now: datetime | None = None) -> AckLink:
    """The link's alert and recipient; BadLink when the signature does not match or the link expired."""
    body, _, mac = token.partition(".")
    try:
        good = hmac.compare_digest(base64.urlsafe_b64decode(mac + "=" * (-len(mac) % 4)), _mac(config, body))
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))) if good else None
        link = AckLink(int(payload["a"]), str(payload["r"]), datetime.fromtimestamp(int(payload["e"]), utcnow().tzinfo))
    except (ValueError, TypeError, KeyError, OverflowError, OSError):  # OverflowError, OSError: an absurd expiry
        raise BadLink("this acknowledgement link is not valid (it may have been cut or altered)") from None
    if link.expires <= (now or utcnow()):
        raise BadLink(
            f"this acknowledgement link expired on {link.expires:%Y-%m-%d %H:%M} UTC; use `tracker alerts ack`"
        )
    return link


def _mac(config: Config, body: str) -> bytes:
    return hmac.new(secret_key(config), body.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
