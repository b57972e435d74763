"""Polling the configured sources: fetch, store first, and keep each source's health as data.

A poll fetches without holding a database transaction, then writes in one transaction the new reports,
the validators of the URLs it fetched and the source's health. A crash before that commit loses only the
fetch (the next poll repeats it with the old validators); a crash after it loses nothing. Failures back off
exponentially with jitter, never sooner than the server's Retry-After; the next due time is stored, so a
restart keeps to it.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from geo.names import script_of
from geo.obligations import warrant_status
from geo.reference import Reference, default_reference
from sources.collect import Collection, Source, Validators, collect
from sources.fetch import Fetcher, Limits, user_agent
from tracker.config import Config
from tracker.config import Source as SourceConfig
from tracker.models import FetchState, SourceRecord, as_utc
from tracker.proposals import propose_from
from tracker.reports import Stored, store_reports
from tracker.storage import session_scope

log = logging.getLogger(__name__)
FIRST_RETRY = timedelta(minutes=2)
JITTER = 0.2  # ±20 %, so that sources started together drift apart
# The script a source's language is written in, to search for a person under the name its readers know.
SCRIPTS = {"ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic", "mn": "Cyrillic", "sr": "Cyrillic",
           "kk": "Cyrillic", "be": "Cyrillic", "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "he": "Hebrew",
           "zh": "Han", "ja": "Han"}  # fmt: skip


@dataclass
class Poll:
    """What one poll of one source did, for the run summary and the logs."""

    source_id: str
    stored: Stored = field(default_factory=Stored)
    urls: int = 0
    not_modified: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: str = ""  # why the source was not polled (backing off)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.skipped


def fetcher_for(config: Config) -> Fetcher:
    f = config.fetch
    limits = Limits(
        connect_timeout=f.connect_timeout_seconds,
        read_timeout=f.read_timeout_seconds,
        deadline=f.deadline_seconds,
        max_bytes=int(f.max_megabytes * 1024 * 1024),
        max_decompressed=int(f.max_decompressed_megabytes * 1024 * 1024),
        host_gap=f.host_gap_seconds,
        allowed_hosts=tuple(f.allowed_hosts),
    )
    return Fetcher(user_agent(config.contact.name, config.contact.email), limits)


def sync_sources(engine: Engine, config: Config) -> None:
    """Make the source table match config.yaml (health of a source that stays is kept)."""
    with session_scope(engine) as session:
        for s in config.sources:
            record = session.get(SourceRecord, s.id) or SourceRecord(id=s.id, kind=s.kind, url=s.url)
            record.kind, record.url, record.official = s.kind, s.url, s.is_official
            session.add(record)


def ensure_source(session: Session, source_id: str, kind: str, url: str) -> None:
    """A source row for reports that come from elsewhere than config.yaml (files replayed by `ingest`)."""
    if session.get(SourceRecord, source_id) is None:
        session.add(SourceRecord(id=source_id, kind=kind, url=url))
        session.flush()


def search_queries(on: date, language: str | None = None, ref: Reference | None = None) -> list[str]:
    """One quoted query per person whose warrant is in force: their short name in the source's script."""
    ref = ref or default_reference()
    script = SCRIPTS.get(language or "", "Latin")
    queries = []
    for person in ref.people.values():
        if not warrant_status(person, on, ref).in_force:
            continue
        aliases = [a.alias for a in ref.aliases if a.person == person.id]
        names = [n for n in aliases if script_of(n) == script] or [n for n in aliases if script_of(n) == "Latin"]
        names = names or [person.name]
        # the shortest name of two words or more ("Vladimir Putin"): a bare surname finds namesakes
        multi = [n for n in names if len(n.split()) >= 2] or names
        queries.append(f'"{min(multi, key=len)}"')
    return sorted(queries)


def poll(
    engine: Engine,
    config: SourceConfig,
    fetcher: Fetcher,
    *,
    force: bool = False,
    now: datetime | None = None,
    max_backoff: timedelta = timedelta(hours=6),
    stop: threading.Event | None = None,
) -> Poll:
    """Poll one source if it is due (or `force`), store what it gave and record its health."""
    now = now or datetime.now(UTC)
    result = Poll(config.id)
    with Session(engine) as session:
        record = session.get(SourceRecord, config.id)
        if record is None:
            raise LookupError(f"source {config.id!r} is not in the database; sync_sources first")
        due = as_utc(record.next_check_at) if record.next_check_at else None
        if not force and due is not None and due > now and record.consecutive_failures:
            result.skipped = f"backing off until {due:%Y-%m-%d %H:%M} UTC"
            return result
        states = session.exec(select(FetchState).where(FetchState.source_id == config.id)).all()
        validators = {s.url: Validators(s.etag, s.last_modified) for s in states}
    source = Source(config.id, config.kind, config.url, config.language)
    queries = search_queries(now.date()) if source.kind in ("search", "gdelt") else []
    collection = collect(source, fetcher, queries, validators, stop=stop)
    result.urls = len(source.urls(queries))
    result.not_modified = collection.not_modified
    result.errors = [f.message for f in collection.failures]
    with session_scope(engine) as session:
        result.stored = store_reports(session, collection.reports)
        if config.kind == "court":  # the Court's acts wait at the desk as proposed reference changes
            propose_from(session, collection.reports)
        _keep_validators(session, config.id, collection)
        record = session.get(SourceRecord, config.id)
        _record_health(record, collection, result.stored, config.interval_minutes, now, max_backoff)
        session.add(record)
    _log(result)
    return result


def _keep_validators(session: Session, source_id: str, collection: Collection) -> None:
    for url, v in collection.validators.items():
        state = session.get(FetchState, url) or FetchState(url=url, source_id=source_id)
        state.etag, state.last_modified = v.etag, v.last_modified
        session.add(state)


def _record_health(
    record: SourceRecord, collection: Collection, stored: Stored, interval: int, now: datetime, max_backoff: timedelta
) -> None:
    record.last_attempt_at = now
    record.reports_stored += stored.new
    if collection.stopped:  # cut short by a stop: neither a success nor the source's failure; due again
        return
    if collection.failed:
        record.consecutive_failures += 1
        record.last_error = "; ".join(f.message for f in collection.failures[:3])
        asked = max((f.retry_after or 0) for f in collection.failures)
        if asked > max_backoff.total_seconds():
            record.last_error += f" (Retry-After of {asked:.0f} s capped at {max_backoff} by fetch.max_backoff_hours)"
        record.next_check_at = now + backoff(record.consecutive_failures, max_backoff, asked)
        return
    record.last_success_at = now
    record.consecutive_failures = 0
    # a partial failure (some query URLs) is kept visible without backing the whole source off
    record.last_error = "; ".join(f.message for f in collection.failures[:3]) or None
    record.next_check_at = now + timedelta(minutes=interval)


def source_health(record: SourceRecord | None, source_id: str, kind: str, url: str) -> dict:
    """One source's health as plain data (`tracker sources` and the desk's source health show the same)."""

    def when(value: datetime | None) -> str | None:
        return as_utc(value).astimezone(UTC).isoformat(timespec="seconds") if value else None

    return {
        "id": source_id,
        "kind": kind,
        "url": url,
        "last_attempt_at": when(record.last_attempt_at) if record else None,
        "last_success_at": when(record.last_success_at) if record else None,
        "last_error": record.last_error if record else None,
        "consecutive_failures": record.consecutive_failures if record else 0,
        "next_check_at": when(record.next_check_at) if record else None,
        "reports_stored": record.reports_stored if record else 0,
    }


def backoff(failures: int, cap: timedelta, retry_after: float = 0.0, rng: random.Random | None = None) -> timedelta:
    """2, 4, 8 … minutes after 1, 2, 3 … failures, capped, ±20 % jitter, never before Retry-After, which is
    capped too (a server asking for a pause of years, or an absurd number, gets `cap`)."""
    rng = rng or random
    delay = min(FIRST_RETRY * 2 ** (failures - 1), cap) * (1 + rng.uniform(-JITTER, JITTER))
    return max(delay, timedelta(seconds=min(retry_after, cap.total_seconds())))


def _log(result: Poll) -> None:
    if result.errors:
        log.warning("%s: %d new, %s", result.source_id, result.stored.new, "; ".join(result.errors[:3]))
    else:
        log.info(
            "%s: %d new, %d already stored, %d unchanged", result.source_id, result.stored.new,
            result.stored.duplicates, result.not_modified,
        )  # fmt: skip
