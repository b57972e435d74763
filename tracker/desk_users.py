"""The desk's users: who may sign in (the President's team and the regional focal points), their password
hashes (scrypt), and the changes `tracker users` makes. Removing a user or resetting a password ends the
user's open sessions, so a browser left signed in, or a password someone else learnt, stops working at once.
Domain code: the web app signs in with it, the CLI manages users with it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from geo.reference import REGIONAL_GROUPS
from tracker.errors import UsageError
from tracker.models import DeskSession, DeskUser
from tracker.storage import session_scope

ROLES = ("president", "focal_point")
SCRYPT = {"n": 2**15, "r": 8, "p": 1}  # about 32 MB and a few tens of ms per check
MIN_PASSWORD = 12


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


def find_user(session: Session, name: str) -> DeskUser:
    user = session.exec(select(DeskUser).where(DeskUser.name == name.strip())).first()
    if user is None:
        raise UsageError(f"no desk user named {name.strip()!r}: `tracker users` lists them")
    return user


def _sign_out(session: Session, user: DeskUser) -> int:
    """End every open session of the user; how many there were."""
    return session.exec(delete(DeskSession).where(DeskSession.user_id == user.id)).rowcount


def remove_user(engine: Engine, name: str) -> int:
    """Remove the user and end its sessions (its notes and acknowledgements stay, under its name)."""
    with session_scope(engine) as session:
        user = find_user(session, name)
        ended = _sign_out(session, user)
        session.delete(user)
    return ended


def reset_password(engine: Engine, name: str, password: str) -> int:
    """Store the new password's hash and end the user's sessions; how many were ended."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password needs at least {MIN_PASSWORD} characters")
    with session_scope(engine) as session:
        user = find_user(session, name)
        user.password_hash = hash_password(password)
        session.add(user)
        return _sign_out(session, user)
