"""Public feeds are built once per change and hold the most recent episodes; clients that have the
current feed get a 304 (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import gzip
from datetime import UTC, datetime, timedelta

from sqlmodel import Session
from starlette.requests import Request

from tracker.models import Episode, Report, SourceRecord, TravelClaim
from tracker.refdata import prepare
from tracker.web import feedcache
from tracker.web.feedcache import FeedCache


def answer(cache: FeedCache, *args, **kwargs):
    return asyncio.run(cache.answer(*args, **kwargs))


def _request(**headers: str) -> Request:
    return Request({"type": "http", "headers": [(k.lower().replace("_", "-").encode(), v.encode())
                                                for k, v in headers.items()]})  # fmt: skip


def _episodes(engine, count: int, start: int = 0) -> None:
    with Session(engine) as s:
        for i in range(start, start + count):
            seen = datetime(2024, 8, 1, tzinfo=UTC) + timedelta(days=i)
            s.add(Episode(person_id="putin", state="MN", status="announced", first_seen=seen, last_seen=seen,
                          history=[]))  # fmt: skip
        s.commit()


def test_a_feed_is_built_once_per_change_with_the_most_recent_items_and_answers_304(engine, monkeypatch):
    monkeypatch.setattr(feedcache, "STAMP_SECONDS", 0)  # no second's grace: every answer asks the database
    prepare(engine)
    _episodes(engine, 5)
    cache = FeedCache(engine, items=3)
    builds: list[list[int]] = []

    def build(episodes) -> bytes:
        builds.append([e.id for e in episodes])
        return f"build {len(builds)}".encode()

    first = answer(cache, _request(), "/feeds/x", "text/plain", build)
    again = answer(cache, _request(), "/feeds/x", "text/plain", build)
    assert first.body == again.body == b"build 1" and builds == [[5, 4, 3]]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert answer(cache, _request(if_none_match=etag), "/feeds/x", "text/plain", build).status_code == 304
    assert answer(cache, _request(if_modified_since=modified), "/feeds/x", "text/plain", build).status_code == 304
    _episodes(engine, 1, start=5)
    changed = answer(cache, _request(if_none_match=etag), "/feeds/x", "text/plain", build)
    assert changed.status_code == 200 and changed.body == b"build 2" and builds[-1] == [6, 5, 4]
    narrowed = answer(cache, _request(), "/feeds/states/FR", "text/plain", build, state="FR")
    assert narrowed.body == b"build 3" and builds[-1] == []
    zipped = answer(cache, _request(accept_encoding="gzip, br"), "/feeds/x", "text/plain", build)
    assert zipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped.body) == b"build 2"


def test_a_status_change_or_a_new_report_rebuilds_and_a_date_only_client_never_gets_a_stale_304(engine, monkeypatch):
    """Trips age as days pass (their status changes, no new episode) and late reports join an episode: the
    feed is rebuilt. Last-Modified is when these bytes were first built, so it moves only when they change."""
    monkeypatch.setattr(feedcache, "STAMP_SECONDS", 0)
    prepare(engine)
    _episodes(engine, 2)
    cache = FeedCache(engine, items=10)

    def build(episodes) -> bytes:
        return ",".join(f"{e.id}:{e.status}:{len(e.sources)}" for e in episodes).encode()

    first = answer(cache, _request(), "/feeds/x", "text/plain", build)
    assert first.body == b"2:announced:0,1:announced:0"
    with Session(engine) as s:
        s.get(Episode, 1).status = "over"
        s.commit()
    aged = answer(cache, _request(if_modified_since=first.headers["Last-Modified"]), "/feeds/x", "text/plain", build)
    assert aged.status_code == 200 and aged.body == b"2:announced:0,1:over:0"
    with Session(engine) as s:
        s.add(SourceRecord(id="src", kind="feed", url="https://example.org/feed"))
        s.flush()
        report = Report(source_id="src", url="https://example.org/1", canonical_url="https://example.org/1",
                        title="Putin to visit Mongolia", content_hash="c" * 64, host="example.org")  # fmt: skip
        s.add(report)
        s.flush()
        s.add(TravelClaim(report_id=report.id, person_id="putin", state="MN", modality="planned", episode_id=2))
        s.commit()
    joined = answer(cache, _request(if_none_match=aged.headers["ETag"]), "/feeds/x", "text/plain", build)
    assert joined.status_code == 200 and joined.body == b"2:announced:1,1:over:0"
    with Session(engine) as s:  # a change the feed does not show: rebuilt, same bytes, same Last-Modified
        s.get(Episode, 1).outlets = 7
        s.commit()
    same = answer(cache, _request(), "/feeds/x", "text/plain", build)
    assert same.headers["ETag"] == joined.headers["ETag"]
    assert same.headers["Last-Modified"] == joined.headers["Last-Modified"]
