"""Storing what the collectors bring: each report once, wire copies linked into one story.

A report already stored under the same canonical URL, the same feed item id from the same source, or the
same text from the same site is a duplicate and is not stored again. The same text or the same headline
(less the outlet's name) on another site within a few days is a wire copy: stored, and given the story id
of the first copy, so that corroboration counts stories, not copies (see `tracker.episodes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, select

from sources.report import RawReport
from tracker.models import Report, as_utc

STORY_WINDOW = timedelta(days=3)  # wire copies of one story appear within days of each other


@dataclass
class Stored:
    new: int = 0
    duplicates: int = 0

    def add(self, other: Stored) -> None:
        self.new += other.new
        self.duplicates += other.duplicates


def store_reports(session: Session, raws: Iterable[RawReport]) -> Stored:
    """Add the new reports to the session (flushed, not committed: the caller commits them together with
    the source's validators, so a crash never keeps one without the other)."""
    raws = list(raws)
    out = Stored()
    if not raws:
        return out
    known = _Known(session, raws)
    for raw in raws:
        if known.duplicate(raw):
            out.duplicates += 1
            continue
        report = Report(
            source_id=raw.source_id,
            url=raw.url,
            canonical_url=raw.canonical_url,
            raw_id=raw.raw_id,
            title=raw.title,
            summary=raw.summary,
            content=raw.content,
            language=raw.language,
            published_at=raw.published,
            fetched_at=raw.fetched,
            content_hash=raw.content_hash,
            host=raw.host,
            story_key=raw.story_key,
            story_id=known.story(raw),
        )
        session.add(report)
        session.flush()
        if report.story_id is None:
            report.story_id = report.id
        known.remember(raw, report)
        out.new += 1
    return out


class _Known:
    """What the database and this batch already hold under the keys of a batch, fetched in few queries."""

    def __init__(self, session: Session, raws: list[RawReport]) -> None:
        urls = {r.canonical_url for r in raws}
        ids = {r.raw_id for r in raws if r.raw_id}
        hashes = {r.content_hash for r in raws}
        keys = {r.story_key for r in raws if r.story_key}
        self.urls: set[str] = set()
        self.ids: set[tuple[str, str]] = set()
        self.texts: dict[str, list[tuple[str, int, datetime | None]]] = {}  # hash -> (host, story, when)
        self.stories: dict[str, list[tuple[str, int, datetime | None]]] = {}  # story key -> same
        rows = session.exec(
            select(Report).where(
                or_(
                    Report.canonical_url.in_(urls),
                    Report.raw_id.in_(ids),
                    Report.content_hash.in_(hashes),
                    Report.story_key.in_(keys),
                )
            )
        )
        for report in rows:
            self._add(report.canonical_url, report.source_id, report.raw_id, report.content_hash, report)

    def _add(self, url: str, source_id: str, raw_id: str | None, text_hash: str, report: Report) -> None:
        self.urls.add(url)
        if raw_id:
            self.ids.add((source_id, raw_id))
        seen = (report.host, report.story_id or report.id, _when(report))
        self.texts.setdefault(text_hash, []).append(seen)
        if report.story_key:
            self.stories.setdefault(report.story_key, []).append(seen)

    def remember(self, raw: RawReport, report: Report) -> None:
        self._add(raw.canonical_url, raw.source_id, raw.raw_id, raw.content_hash, report)

    def duplicate(self, raw: RawReport) -> bool:
        if raw.canonical_url in self.urls or (raw.raw_id and (raw.source_id, raw.raw_id) in self.ids):
            return True
        return any(host == raw.host for host, _, _ in self.texts.get(raw.content_hash, ()))

    def story(self, raw: RawReport) -> int | None:
        """The story of an earlier copy on another site: same text, or same headline within the window."""
        when = raw.published or raw.fetched
        for host, story, _ in self.texts.get(raw.content_hash, ()):
            if host != raw.host:
                return story
        for host, story, seen in self.stories.get(raw.story_key, ()) if raw.story_key else ():
            if host != raw.host and (seen is None or abs(as_utc(seen) - when) <= STORY_WINDOW):
                return story
        return None


def _when(report: Report) -> datetime | None:
    return report.published_at or report.fetched_at


def shown_url(url: str | None) -> str | None:
    """A report's link as pages, feeds and emails show it: a replayed file's `file:` URL (an item without a
    link of its own) is a path on this machine, which readers cannot open and need not see."""
    return None if not url or url.lower().startswith("file:") else url
