"""Public feeds built once per change, not once per request.

Each feed holds the `web.feed_items` most recent episodes (by last report) and is kept, plain and gzipped,
with an ETag and a Last-Modified, until the episodes change: one cheap query (how many episodes, the newest
id and report), made at most once a second, tells whether they have. A client that sends the ETag or the
date back gets a 304. Builds are one at a time, so fifty clients arriving together after a change make one
build, not fifty; a feed already built is answered without a thread or a query.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from alerts.feeds import PublicEpisode, public
from tracker.models import Episode, as_utc
from tracker.web.encoded import Body

Build = Callable[[list[PublicEpisode]], bytes]
STAMP_SECONDS = 1.0  # a feed is at most this much older than the episodes


@dataclass(frozen=True)
class Built:
    body: Body
    etag: str
    last_modified: datetime
    media_type: str


class FeedCache:
    """The built feeds by path, valid while the episode table's stamp (and the day) stays the same."""

    def __init__(self, engine: Engine, items: int) -> None:
        self.engine, self.items = engine, items
        self._built: dict[str, tuple[tuple, Built]] = {}
        self._lock = threading.Lock()
        self._stamp: tuple = ()
        self._stamped_at = float("-inf")

    def stamp(self) -> tuple:
        """What changes when any episode does (and the day, on which the calendar depends), asked of the
        database at most once a second."""
        if time.monotonic() - self._stamped_at >= STAMP_SECONDS:
            with Session(self.engine) as session:
                count, newest, seen = session.exec(
                    select(func.count(col(Episode.id)), func.max(col(Episode.id)), func.max(col(Episode.last_seen)))
                ).one()
            self._stamp, self._stamped_at = (count, newest, str(seen), date.today().isoformat()), time.monotonic()
        return self._stamp

    async def answer(self, request: Request, path: str, media_type: str, build: Build, **where: str) -> Response:
        """The feed at `path` (episodes of one `person_id` or `state` when given), 304 when unchanged."""
        cached = self._built.get(path)
        fresh = cached and time.monotonic() - self._stamped_at < STAMP_SECONDS and cached[0] == self._stamp
        built = cached[1] if fresh else await run_in_threadpool(self._get, path, media_type, build, where)
        headers = {"ETag": built.etag, "Last-Modified": format_datetime(built.last_modified, usegmt=True),
                   "Cache-Control": "public, max-age=60", "Vary": "Accept-Encoding"}  # fmt: skip
        if _unchanged(request, built):
            return Response(status_code=304, headers=headers)
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(built.body.gzipped, media_type=media_type, headers={**headers, "Content-Encoding": "gzip"})
        return Response(built.body.plain, media_type=media_type, headers=headers)

    def _get(self, path: str, media_type: str, build: Build, where: dict[str, str]) -> Built:
        stamp = self.stamp()
        cached = self._built.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        with self._lock:  # one build at a time; whoever waited finds it built
            cached = self._built.get(path)
            if cached and cached[0] == stamp:
                return cached[1]
            query = select(Episode).order_by(col(Episode.last_seen).desc(), col(Episode.id).desc())
            for column, value in where.items():
                query = query.where(getattr(Episode, column) == value)
            with Session(self.engine) as session:
                episodes = public(session.exec(query.limit(self.items)).all())
            body = build(episodes)
            newest = max((as_utc(e.last_seen) for e in episodes), default=datetime(2000, 1, 1, tzinfo=UTC))
            built = Built(
                Body.of(body), f'W/"{hashlib.sha256(body).hexdigest()[:32]}"', newest.replace(microsecond=0), media_type
            )  # fmt: skip  (weak: the same for the plain and the gzipped body)
            self._built[path] = (stamp, built)
            return built


def _unchanged(request: Request, built: Built) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    if (tags := request.headers.get("if-none-match")) is not None:
        return built.etag in {t.strip() for t in tags.split(",")} or tags.strip() == "*"
    if since := request.headers.get("if-modified-since"):
        try:
            return built.last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
