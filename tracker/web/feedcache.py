"""Public feeds built once per change, not once per request.

Each feed holds the `web.feed_items` most recent episodes (by last report) and is kept, plain and gzipped,
with an ETag (a hash of its bytes) and a Last-Modified (when this server first built those bytes), until
the episodes change: a few cheap aggregates (episodes by status, their newest id and report, the claims
attached to them), asked at most once a second, tell whether they have. A client that sends the ETag or
the date back gets a 304; a restart can cost a client that sends only the date one full answer, never a
stale one. Builds are one at a time, so fifty clients arriving together after a change make one build,
not fifty; a feed already built is answered without a thread or a query.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from alerts.feeds import PublicEpisode, public
from tracker.models import Episode, TravelClaim
from tracker.web.encoded import Body

Build = Callable[[list[PublicEpisode]], bytes]
STAMP_SECONDS = 1.0  # a feed is at most this much older than the episodes
EPISODES = select(
    func.count(col(Episode.id)), func.max(col(Episode.id)), func.max(col(Episode.last_seen)), func.sum(Episode.outlets)
)
STATUSES = select(Episode.status, func.count()).group_by(col(Episode.status)).order_by(col(Episode.status))
CLAIMS = select(  # reports attached to episodes (or moved between them)
    func.count(col(TravelClaim.id)), func.max(col(TravelClaim.id)), func.sum(TravelClaim.episode_id)
).where(col(TravelClaim.episode_id).is_not(None))


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
        """What changes when any episode does (a new one, a new report, a status changed as days pass) and
        the day, on which the calendar depends; asked of the database at most once a second."""
        if time.monotonic() - self._stamped_at >= STAMP_SECONDS:
            with Session(self.engine) as session:
                found = [
                    *session.exec(EPISODES).one(),
                    *map(tuple, session.exec(STATUSES)),
                    *session.exec(CLAIMS).one(),
                ]
            stamp = (*found, date.today().isoformat())
            self._stamp, self._stamped_at = stamp, time.monotonic()
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
            etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'  # weak: the same for the plain and the gzipped body
            now = datetime.now(UTC).replace(microsecond=0)
            if cached is None:
                modified = now
            elif cached[1].etag == etag:
                modified = cached[1].last_modified
            else:  # HTTP dates count whole seconds: a change never keeps the date a client already has
                modified = max(now, cached[1].last_modified + timedelta(seconds=1))
            built = Built(Body.of(body), etag, modified, media_type)
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
