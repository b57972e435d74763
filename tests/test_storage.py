"""Storage on SQLite and on a real PostgreSQL server: migrations, every table, and the reference load."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from tracker.errors import StorageError
from tracker.models import (
    Alert,
    Delivery,
    Episode,
    PersonRecord,
    Report,
    SourceRecord,
    TravelClaim,
    TreatyEvent,
)
from tracker.refdata import database_counts, expected_counts, load_into_database
from tracker.storage import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    migrate,
    require_current_schema,
    session_scope,
)

TABLES = {
    "source",
    "report",
    "state",
    "treaty_event",
    "situation",
    "person",
    "alias",
    "warrant",
    "finding",
    "travel_claim",
    "episode",
    "alert",
    "delivery",
}


def test_migrations_create_every_table_and_match_the_models(engine):
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_migrate_is_repeatable_and_downgrade_removes_everything(engine):
    migrate(engine)
    migrate(engine)
    downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_an_unmigrated_database_is_refused_with_the_command_to_run(engine):
    with pytest.raises(StorageError, match="run `tracker init`"):
        require_current_schema(engine)


def test_unreachable_postgresql_gives_a_clear_error():
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(StorageError, match="cannot open the database"):
        require_current_schema(engine)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'tracker.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_reference_load_is_idempotent(engine, ref):
    migrate(engine)
    first = load_into_database(engine, ref).counts
    second = load_into_database(engine, ref).counts
    assert first == second == expected_counts(ref)
    assert first["state"] >= 193 and first["person"] >= 60
    with session_scope(engine) as s:
        putin = s.get(PersonRecord, "putin")
        assert putin.situation == "ICC-01/22" and putin.nationality == "RU"
        kinds = {e.kind for e in s.exec(select(TreatyEvent).where(TreatyEvent.state == "ZA")).scalars()}
        assert {"withdrawal_notified", "withdrawal_revoked"} <= kinds


def test_the_whole_flow_round_trips(engine, ref):
    """One row in every flow table, linked as the pipeline will link them, read back intact."""
    migrate(engine)
    load_into_database(engine, ref)
    published = datetime(2024, 8, 29, 9, 0, tzinfo=UTC)
    with session_scope(engine) as s:
        s.add(SourceRecord(id="wire", kind="feed", url="https://example.org/feed.xml"))
        s.flush()
        report = Report(
            source_id="wire",
            url="https://example.org/e1?utm_source=x",
            canonical_url="https://example.org/e1",
            title="Putin to visit Mongolia",
            summary="The Kremlin said…",
            language="en",
            published_at=published,
            content_hash="ab" * 32,
        )
        s.add(report)
        s.flush()
        episode = Episode(
            person_id="putin",
            state="MN",
            expected_start=date(2024, 9, 3),
            status="announced",
            outlets=3,
            history=[{"at": "2024-08-29", "status": "announced"}],
        )
        s.add(episode)
        s.flush()
        s.add(
            TravelClaim(
                report_id=report.id,
                person_id="putin",
                state="MN",
                modality="planned",
                travel_start=date(2024, 9, 3),
                confidence=0.9,
                episode_id=episode.id,
                evidence={"sentence": "Putin will visit Mongolia on Sept. 3", "cues": ["will visit"]},
            )
        )
        alert = Alert(
            episode_id=episode.id,
            kind="good_offices",
            rule="planned-visit-bound-state",
            why=["planned visit", "Mongolia State Party since 2002-07-01"],
            message_id="<episode-1@tracker>",
        )
        s.add(alert)
        s.flush()
        s.add(Delivery(alert_id=alert.id, recipient="asp-president@example.org"))
    with session_scope(engine) as s:
        claim = s.exec(select(TravelClaim)).scalars().one()
        assert claim.evidence["cues"] == ["will visit"]
        assert claim.travel_start == date(2024, 9, 3)
        stored = s.exec(select(Report)).scalars().one()
        assert stored.published_at == published and stored.published_at.tzinfo is not None
        assert s.exec(select(Episode)).scalars().one().history[0]["status"] == "announced"
        delivery = s.exec(select(Delivery)).scalars().one()
        assert delivery.status == "queued" and delivery.sent_at is None


def test_a_report_is_stored_once_per_canonical_url(engine):
    migrate(engine)
    with session_scope(engine) as s:
        s.add(SourceRecord(id="wire", kind="feed", url="https://example.org/feed.xml"))
        s.flush()
        s.add(Report(source_id="wire", url="u1", canonical_url="https://example.org/a", content_hash="1"))
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(Report(source_id="wire", url="u2", canonical_url="https://example.org/a", content_hash="2"))


def test_foreign_keys_are_enforced(engine):
    migrate(engine)
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(Report(source_id="no-such-source", url="u", canonical_url="c", content_hash="h"))


def test_database_counts_report_every_reference_table(engine, ref):
    migrate(engine)
    assert set(database_counts(engine)) == set(expected_counts(ref))
    assert all(n == 0 for n in database_counts(engine).values())


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'var/tracker.db'}")
    migrate(engine)
    engine.dispose()
    files = list((tmp_path / "var").glob("tracker.db*"))
    assert files and all(f.stat().st_mode & 0o077 == 0 for f in files), [oct(f.stat().st_mode) for f in files]
