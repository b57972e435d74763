"""One `tracker run` per database: a second one would poll every source twice and race the first for
the outbox. The lock is one the operating system or the database server drops when the process dies
(an flock beside a SQLite file, a session advisory lock on PostgreSQL), so a crash never leaves it held.
"""

from __future__ import annotations

import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from tracker.errors import StorageError

ADVISORY_KEY = 0x74726B72  # "trkr": the PostgreSQL advisory lock's number


class AnotherRun(StorageError):
    """Another `tracker run` holds the database."""


@contextmanager
def run_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's run lock for the block; AnotherRun (one line) if another process has it."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine):
            yield
    elif engine.url.database and engine.url.database != ":memory:":
        with _flock(Path(engine.url.database).with_suffix(".run.lock"), engine):
            yield
    else:
        yield


def _refusal(engine: Engine, holder: str) -> AnotherRun:
    where = engine.url.render_as_string(hide_password=True)
    return AnotherRun(f"another `tracker run` ({holder}) holds the database {where}: stop it first, or wait for it")


@contextmanager
def _flock(path: Path, engine: Engine) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "pid unknown"
            raise _refusal(engine, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode(), 0)
        yield
    finally:
        os.close(fd)  # drops the lock


@contextmanager
def _advisory(engine: Engine) -> Iterator[None]:
    with engine.connect() as conn:
        if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
            holder = conn.execute(
                text("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                     "WHERE l.locktype = 'advisory' AND l.objid = :key AND l.granted LIMIT 1"),
                {"key": ADVISORY_KEY},
            ).scalar()  # fmt: skip
            raise _refusal(engine, holder or "pid unknown")
        conn.execute(text("SELECT set_config('application_name', :name, false)"),
                     {"name": f"tracker run pid {os.getpid()} on {socket.gethostname()}"[:63]})  # fmt: skip
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
            conn.commit()
