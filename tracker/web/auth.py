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
CHECKS = threading.BoundedSemaphore(4)  # scrypt checks at once: a flood of sign-ins queues, memory stays bounded
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
    """Sign-in attempts per client address and per user name: the first `attempts` within `window` seconds
    are free, then each waits a delay that doubles (1, 2, 4 … s) up to `cap` for an address and `name_cap`
    for a name. A name is never locked out: whoever floods the President's name delays the President's
    sign-in by a minute at most. An attempt is recorded before its password is checked, so attempts sent
    all at once count as they arrive; a success takes its own attempt back."""

    def __init__(self, attempts: int, window: float = 900, cap: float = 900, name_cap: float = 60) -> None:
        self.attempts, self.window, self.cap, self.name_cap = attempts, window, cap, name_cap
        self._tries: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        """The key's attempts within the window; a key with none left is forgotten (the table stays small)."""
        tries = self._tries.pop(key, deque())
        while tries and tries[0] <= now - self.window:
            tries.popleft()
        if tries:
            self._tries[key] = tries
        return tries

    def _wait(self, key: str, now: float) -> float:
        tries = self._recent(key, now)
        over = len(tries) - self.attempts
        if over < 0:
            return 0.0
        cap = self.name_cap if key.startswith("name:") else self.cap
        return max(0.0, tries[-1] + min(2.0**over, cap) - now)

    def attempt(self, *keys: str) -> int:
        """Record an attempt for every key and return 0, or the seconds to wait (nothing recorded)."""
        now = time.monotonic()
        with self._lock:
            wait = max(self._wait(k, now) for k in keys)
            if wait:
                return int(wait) + 1
            for key in keys:
                self._tries[key] = self._recent(key, now)
                self._tries[key].append(now)
        return 0

    def succeeded(self, *keys: str) -> None:
        """A right password: its attempt was no failure."""
        with self._lock:
            for key in keys:
                if self._tries.get(key):
                    self._tries[key].pop()
