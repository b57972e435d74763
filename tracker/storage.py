"""The database: SQLite in WAL mode by default, PostgreSQL by URL, schema managed by Alembic migrations."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from tracker.errors import StorageError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """Use psycopg 3 for postgresql:// URLs; leave SQLite as it is."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets the web app read while the scheduler writes; foreign keys are off by default in SQLite."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file (owner-only) and its folder are created on first use."""
    url = normalise_url(url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # readable by its owner only; SQLite gives its -wal and -shm files the same mode
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _alembic(engine: Engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic(None)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe to run on every start, and all or nothing: a kill in the middle
    leaves the schema as it was (SQLite too, whose driver would otherwise commit each CREATE on its own)."""
    migrating = _transactional_sqlite(engine) if engine.dialect.name == "sqlite" else engine
    try:
        command.upgrade(_alembic(migrating), revision)
    except OperationalError as e:
        raise StorageError(f"cannot migrate the database at {engine.url!r}: {e.orig}") from e
    finally:
        if migrating is not engine:
            migrating.dispose()


def _transactional_sqlite(engine: Engine) -> Engine:
    """An engine on the same SQLite file whose transactions the database itself opens (BEGIN), so that DDL
    is inside them: Python's sqlite3 module only opens one before data changes."""
    migrating = create_engine(engine.url, connect_args={"check_same_thread": False})
    event.listen(migrating, "connect", _sqlite_pragmas)
    event.listen(
        migrating, "connect", lambda dbapi_connection, _record: setattr(dbapi_connection, "isolation_level", None)
    )
    event.listen(migrating, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
    return migrating


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(_alembic(engine), revision)


def require_current_schema(engine: Engine) -> None:
    """Refuse to work on a database that `tracker init` has not brought up to date."""
    try:
        current = current_revision(engine)
    except OperationalError as e:
        raise StorageError(f"cannot open the database at {engine.url!r}: {e.orig}") from e
    if current != head_revision():
        raise StorageError(
            f"the database schema is at {current or 'nothing'}, this version needs {head_revision()}: "
            "run `tracker init`"
        )


_writers: dict[int, threading.Lock] = {}
_writers_lock = threading.Lock()


def _writer(engine: Engine) -> contextlib.AbstractContextManager:
    """SQLite takes one writer at a time: this process's threads queue here, in order, rather than spin
    on SQLite's busy handler (other processes still wait up to its busy_timeout). PostgreSQL needs none."""
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    with _writers_lock:
        return _writers.setdefault(id(engine), threading.Lock())


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One write transaction: committed when the block ends, rolled back if it raises."""
    with _writer(engine), Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
