"""Polling sources against a real HTTP server: storing, conditional GET, health, backoff, recovery."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, func, select

from sources.fetch import Fetcher, Limits
from tests.feedserver import LOOPBACK, FeedServer, conditional, send, status
from tests.pgserver import free_port
from tracker.collecting import backoff, poll, search_queries, sync_sources
from tracker.config import parse_config
from tracker.models import FetchState, Report, SourceRecord
from tracker.storage import migrate

NOW = datetime(2024, 8, 30, 12, 0, tzinfo=UTC)


def rss(n: int, prefix: str = "item", host: str = "news.example") -> bytes:
    items = "".join(
        f"<item><title>{prefix} number {i} about a visit abroad</title><link>https://{host}/{prefix}/{i}</link>"
        f"<guid>{prefix}-{i}</guid><pubDate>Fri, 30 Aug 2024 0{i % 10}:00:00 GMT</pubDate></item>"
        for i in range(n)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


@pytest.fixture
def fetcher():
    f = Fetcher("test", Limits(read_timeout=2, deadline=5, host_gap=0, allowed_hosts=LOOPBACK))
    yield f
    f.close()


def setup_sources(engine, sources: list[dict]):
    config = parse_config(json.dumps({"sources": sources}))
    migrate(engine)
    sync_sources(engine, config)
    return {s.id: s for s in config.sources}


def record(engine, source_id: str) -> SourceRecord:
    with Session(engine) as s:
        return s.get(SourceRecord, source_id)


def count(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Report)).one()


def test_poll_stores_then_a_304_costs_nothing(engine, server, fetcher):
    url = server.route("/feed", conditional(rss(20), '"v1"'))
    sources = setup_sources(engine, [{"id": "news", "kind": "feed", "url": url}])
    first = poll(engine, sources["news"], fetcher, now=NOW)
    assert first.ok and first.stored.new == 20
    second = poll(engine, sources["news"], fetcher, force=True, now=NOW + timedelta(hours=1))
    assert second.not_modified == 1 and second.stored.new == 0
    assert server.headers[-1]["If-None-Match"] == '"v1"'
    health = record(engine, "news")
    assert health.reports_stored == 20 and health.consecutive_failures == 0 and health.last_error is None
    assert health.last_success_at == NOW + timedelta(hours=1)
    assert health.next_check_at == NOW + timedelta(hours=2)  # the default interval: 60 minutes
    assert count(engine) == 20


def test_server_down_backs_off_then_recovers(engine, fetcher):
    server = FeedServer().start()
    url = server.route("/feed", send(rss(5)))
    port = server.port
    sources = setup_sources(engine, [{"id": "news", "kind": "feed", "url": url}])
    server.stop()
    try:
        failed = poll(engine, sources["news"], fetcher, now=NOW)
        assert failed.errors and "refused" in failed.errors[0].lower()
        health = record(engine, "news")
        assert health.consecutive_failures == 1 and "cannot reach" in health.last_error
        assert timedelta(minutes=1.6) <= health.next_check_at - NOW <= timedelta(minutes=2.4)
        # not due yet: the source is left alone
        assert poll(engine, sources["news"], fetcher, now=NOW + timedelta(minutes=1)).skipped
        poll(engine, sources["news"], fetcher, now=NOW + timedelta(minutes=3))
        health = record(engine, "news")
        assert health.consecutive_failures == 2
        assert timedelta(minutes=3.2) <= health.next_check_at - (NOW + timedelta(minutes=3)) <= timedelta(minutes=4.8)
        server.port = port  # the server comes back where it was
        server.start()
        back = poll(engine, sources["news"], fetcher, now=NOW + timedelta(minutes=10))
        assert back.ok and back.stored.new == 5
        health = record(engine, "news")
        assert health.consecutive_failures == 0 and health.last_error is None
    finally:
        server.stop()


def test_retry_after_is_respected(engine, server, fetcher):
    url = server.route("/busy", status(429, {"Retry-After": "7200"}))
    sources = setup_sources(engine, [{"id": "busy", "kind": "feed", "url": url}])
    poll(engine, sources["busy"], fetcher, now=NOW)
    health = record(engine, "busy")
    assert health.next_check_at - NOW >= timedelta(seconds=7200)
    assert "HTTP 429" in health.last_error


@pytest.mark.parametrize("asked", ["99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_an_absurd_retry_after_is_capped_and_recorded_and_the_others_go_on(engine, server, fetcher, asked):
    busy = server.route("/busy", status(503, {"Retry-After": asked}))
    good = server.route("/good", send(rss(3)))
    sources = setup_sources(
        engine, [{"id": "busy", "kind": "feed", "url": busy}, {"id": "good", "kind": "feed", "url": good}]
    )
    poll(engine, sources["busy"], fetcher, now=NOW)
    assert poll(engine, sources["good"], fetcher, now=NOW).stored.new == 3
    health = record(engine, "busy")
    assert health.next_check_at - NOW <= timedelta(hours=6)
    assert "capped at 6:00:00 by fetch.max_backoff_hours" in health.last_error


def test_backoff_doubles_caps_and_jitters():
    import random

    rng = random.Random(7)
    cap = timedelta(hours=6)
    delays = [backoff(n, cap, rng=rng) for n in range(1, 12)]
    assert timedelta(minutes=1.6) <= delays[0] <= timedelta(minutes=2.4)
    assert timedelta(minutes=3.2) <= delays[1] <= timedelta(minutes=4.8)
    assert all(d <= cap * 1.2 for d in delays) and delays[-1] >= cap * 0.8
    assert backoff(1, cap, retry_after=3600) == timedelta(hours=1)


def test_search_source_asks_once_per_watched_person(engine, server, fetcher):
    url = server.route("/search", send(rss(3, prefix="hit")))
    sources = setup_sources(engine, [{"id": "news-search", "kind": "search", "url": url + "?q={query}&hl=en"}])
    later = datetime(2025, 6, 1, tzinfo=UTC)  # after the Netanyahu warrant (public 2024-11-21)
    result = poll(engine, sources["news-search"], fetcher, now=later)
    queries = search_queries(later.date())
    assert result.urls == len(queries) == server.hits["/search"]
    assert '"Vladimir Putin"' in queries and '"Benjamin Netanyahu"' in queries
    assert not any("Gbagbo" in q for q in queries)  # acquitted: no warrant in force
    with Session(engine) as s:
        states = s.exec(select(FetchState).where(FetchState.source_id == "news-search")).all()
    assert {parse_qs(urlsplit(st.url).query)["q"][0] for st in states} == {q for q in queries}
    assert result.stored.new == 3 and result.stored.duplicates == 3 * (len(queries) - 1)


def test_search_queries_use_the_sources_script():
    assert '"Владимир Путин"' in search_queries(NOW.date(), "ru")
    assert '"Vladimir Putin"' in search_queries(NOW.date(), "fr")


def test_a_query_failing_among_many_is_no_outage(engine, server, fetcher):
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        (status(500) if calls["n"] == 2 else send(rss(2, prefix="q")))(handler)

    url = server.route("/search", flaky)
    sources = setup_sources(engine, [{"id": "s", "kind": "search", "url": url + "?q={query}"}])
    result = poll(engine, sources["s"], fetcher, now=NOW)
    health = record(engine, "s")
    assert len(result.errors) == 1 and health.consecutive_failures == 0
    assert "HTTP 500" in health.last_error and health.next_check_at == NOW + timedelta(hours=1)


def test_gdelt_source(engine, server, fetcher):
    body = json.dumps(
        {"articles": [{"url": "https://www.montsame.mn/en/read/1", "title": "Putin arrives in Ulaanbaatar",
                       "seendate": "20240902T211500Z", "language": "English"}]}
    ).encode()  # fmt: skip
    url = server.route("/api/v2/doc/doc", send(body, "application/json"))
    sources = setup_sources(engine, [{"id": "gdelt", "kind": "gdelt", "url": url + "?query={query}&format=json"}])
    result = poll(engine, sources["gdelt"], fetcher, now=NOW)
    assert result.stored.new == 1 and server.headers[-1]["Accept"] == "application/json"


def test_a_feed_that_is_a_web_page_is_a_readable_source_error(engine, server, fetcher):
    url = server.route("/page", send(b"<html><body>Maintenance</body></html>", "text/html"))
    sources = setup_sources(engine, [{"id": "page", "kind": "feed", "url": url}])
    poll(engine, sources["page"], fetcher, now=NOW)
    health = record(engine, "page")
    assert health.consecutive_failures == 1 and "not an RSS, Atom, RDF or JSON feed" in health.last_error


def test_official_sources_are_marked(engine, server):
    url = server.url("/press")
    setup_sources(engine, [{"id": "kremlin", "kind": "official", "url": url}, {"id": "pmo", "kind": "feed",
                  "url": url, "official": True}, {"id": "paper", "kind": "feed", "url": url}])  # fmt: skip
    assert [record(engine, i).official for i in ("kremlin", "pmo", "paper")] == [True, True, False]


def test_an_unreachable_search_host_is_asked_once_per_poll(engine, fetcher):
    port = free_port()
    url = f"http://127.0.0.1:{port}/search?q={{query}}"
    sources = setup_sources(engine, [{"id": "s", "kind": "search", "url": url}])
    result = poll(engine, sources["s"], fetcher, now=NOW)
    assert len(result.errors) == 1 and "more queries not tried" in result.errors[0]
    assert record(engine, "s").consecutive_failures == 1
