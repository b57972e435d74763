"""Who may open the desk: password hashes (scrypt), sessions in secure cookies, CSRF tokens, and a limit
on login attempts.

The cookie holds a random token; the database keeps only its SHA-256, with the session's CSRF token.
The cookie is Secure, HttpOnly and SameSite=Strict; every form posts the CSRF token back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from geo.reference import REGIONAL_GROUPS
from tracker.errors import UsageError
from tracker.models import DeskSession, DeskUser, as_utc, utcnow
from tracker.storage import session_scope

ROLES = ("president", "focal_point")
SCRYPT = {"n": 2**15, "r": 8, "p": 1}  # about 32 MB and a few tens of ms per check
MIN_PASSWORD = 12
COOKIE = "tracker_session"


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, maxmem=2**26, dklen=32, **SCRYPT)
    params = f"{SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}"
    return f"scrypt${params}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=2**26, dklen=32)  # fmt: skip
    except ValueError:
        return False
    return hmac.compare_digest(got, base64.b64decode(key))


def add_user(engine: Engine, name: str, role: str, group: str | None, password: str) -> DeskUser:
    """A desk user; a focal point belongs to one UN regional group and sees that group's alerts."""
    name = name.strip()
    if not name:
        raise UsageError("the user needs a name")
    if role not in ROLES:
        raise UsageError(f"--role: expected one of {', '.join(ROLES)}, got {role!r}")
    if role == "focal_point" and group not in REGIONAL_GROUPS:
        raise UsageError(f"--group: a focal point needs one of: {', '.join(REGIONAL_GROUPS)}")
    if role == "president" and group:
        raise UsageError("--group: the President's team sees every group; give no --group")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password needs at least {MIN_PASSWORD} characters")
    with session_scope(engine) as session:
        if session.exec(select(DeskUser).where(DeskUser.name == name)).first():
            raise UsageError(f"a user named {name!r} exists already")
        user = DeskUser(name=name, role=role, regional_group=group, password_hash=hash_password(password))
        session.add(user)
        session.flush()
        session.expunge(user)
    return user


@dataclass(frozen=True)
class SignedIn:
    user: DeskUser
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(engine: Engine, user: DeskUser, hours: float) -> str:
    """A new session for `user`; returns the cookie's token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        session.exec(delete(DeskSession).where(DeskSession.expires_at < utcnow()))
        session.add(DeskSession(token_hash=_digest(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                                expires_at=utcnow() + timedelta(hours=hours)))  # fmt: skip
    return token


def signed_in(engine: Engine, token: str | None) -> SignedIn | None:
    if not token:
        return None
    with Session(engine) as session:
        row = session.get(DeskSession, _digest(token))
        if row is None or as_utc(row.expires_at) <= utcnow():
            return None
        user = session.get(DeskUser, row.user_id)
        return SignedIn(user, row.csrf_token) if user else None


def close_session(engine: Engine, token: str) -> None:
    with session_scope(engine) as session:
        session.exec(delete(DeskSession).where(DeskSession.token_hash == _digest(token)))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given)


class LoginLimiter:
    """At most `attempts` failed logins per client address and per user name within `window` seconds."""

    def __init__(self, attempts: int, window: float = 900) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        """The key's failures within the window; a key with none left is forgotten (the table stays small)."""
        failures = self._failures.pop(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if failures:
            self._failures[key] = failures
        return failures

    def retry_after(self, *keys: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = [f[0] + self.window - now for k in keys if len(f := self._recent(k, now)) >= self.attempts]
        return max((int(w) + 1 for w in waits), default=0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures[key] = self._recent(key, now)
                self._failures[key].append(now)
