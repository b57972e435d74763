"""Who may open the desk: sessions in secure cookies, CSRF tokens, and a limit on login attempts (the
users and their password hashes are tracker.desk_users).

The cookie holds a random token; the database keeps only its SHA-256, with the session's CSRF token.
The cookie is Secure, HttpOnly and SameSite=Strict; every form posts the CSRF token back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, delete
from sqlmodel import Session

from tracker.models import DeskSession, DeskUser, as_utc, utcnow
from tracker.storage import session_scope

CHECKS = threading.BoundedSemaphore(4)  # scrypt checks at once: a flood of sign-ins queues, memory stays bounded
COOKIE = "tracker_session"


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
