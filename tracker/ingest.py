"""Replaying saved feeds (`tracker ingest PATH...`): past events tested offline, as they were reported.

Each item is stored as if it had been fetched when it was published (or, without a date, when the file
was last written), so that processing it "as of" that time sees what a live run would have seen. A file
that holds no feed is reported by name and the others go on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from sources.collect import Source, read
from sources.feeds import FeedError
from tracker.collecting import ensure_source
from tracker.models import SourceRecord
from tracker.reports import Stored, store_reports
from tracker.storage import session_scope

log = logging.getLogger(__name__)
SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".json", ".feed")


@dataclass
class Ingested:
    files: int = 0
    stored: Stored = field(default_factory=Stored)
    errors: list[str] = field(default_factory=list)


def feed_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the feed files (by suffix) under the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return found


def ingest(
    engine: Engine, paths: Iterable[Path], source_id: str = "replay", progress: Callable[[Path], None] | None = None
) -> Ingested:
    files = feed_files(paths)
    out = Ingested()
    with session_scope(engine) as session:
        ensure_source(session, source_id, "replay", "file:")
    for path in files:
        try:
            reports = read_file(path, source_id)
        except (OSError, FeedError) as e:
            out.errors.append(f"{path}: {e}")
            log.warning("%s: %s", path, e)
        else:
            with session_scope(engine) as session:
                stored = store_reports(session, reports)
                session.get(SourceRecord, source_id).reports_stored += stored.new
                out.stored.add(stored)
        out.files += 1
        if progress:
            progress(path)
    return out


def read_file(path: Path, source_id: str) -> list:
    body = path.read_bytes()
    written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    kind = "gdelt" if _is_gdelt(body) else "feed"
    reports = read(Source(source_id, kind, path.resolve().as_uri()), body, None, path.resolve().as_uri(), written)
    return [replace(r, fetched=r.published or written) for r in reports]


def _is_gdelt(body: bytes) -> bool:
    if not body.lstrip().startswith(b"{"):
        return False
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and "articles" in data
