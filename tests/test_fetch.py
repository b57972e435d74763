"""The polite, bounded fetcher against a real HTTP server on loopback that misbehaves on purpose."""

from __future__ import annotations

import threading
import time
import zlib
from datetime import UTC, datetime, timedelta

import pytest

from sources.fetch import Fetcher, FetchError, Limits, retry_after, user_agent
from tests.feedserver import (
    LOOPBACK,
    FeedServer,
    conditional,
    drip,
    endless,
    gzip_bomb,
    redirect,
    send,
    stall,
    status,
    trickle_headers,
)
from tests.pgserver import free_port

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture
def fetcher():
    f = Fetcher(
        user_agent("Test monitor", "monitor@example.org"),
        Limits(connect_timeout=2, read_timeout=0.5, deadline=2, max_bytes=1_000_000, max_decompressed=5_000_000,
               host_gap=0, allowed_hosts=LOOPBACK),
    )  # fmt: skip
    yield f
    f.close()


def test_user_agent_names_the_operator(server, fetcher):
    url = server.route("/feed", send(RSS))
    response = fetcher.get(url)
    assert response.status == 200 and response.body == RSS
    agent = server.headers[-1]["User-Agent"]
    assert agent.startswith("tracker/") and "Test monitor" in agent and "mailto:monitor@example.org" in agent


def test_etag_brings_a_304_and_no_body(server, fetcher):
    url = server.route("/feed", conditional(RSS, '"v1"'))
    first = fetcher.get(url)
    assert first.etag == '"v1"' and first.body == RSS
    second = fetcher.get(url, etag=first.etag)
    assert second.not_modified and second.body == b""
    assert server.headers[-1]["If-None-Match"] == '"v1"'


def test_429_carries_retry_after(server, fetcher):
    url = server.route("/busy", status(429, {"Retry-After": "120"}))
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.status == 429 and e.value.retry_after == 120
    assert "HTTP 429" in str(e.value)


def test_retry_after_as_an_http_date():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert retry_after("Mon, 23 Nov 2026 12:05:00 GMT", now) == 300
    assert retry_after("soon", now) is None and retry_after(None) is None


def test_a_stalling_server_hits_the_read_timeout(server, fetcher):
    url = server.route("/stall", stall(3))
    began = time.monotonic()
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.kind == "timeout" and time.monotonic() - began < 2.5
    assert "within 0.5 s" in str(e.value)


@pytest.mark.parametrize(
    "behaviour", [drip(chunks=1000, every=0.05), trickle_headers(every=0.1)], ids=["body drips", "headers trickle"]
)
def test_a_slow_server_hits_the_deadline(server, fetcher, behaviour):
    """A body dripping, or one header byte every 0.1 s: no read waits 0.5 s, yet the whole exchange ends at its
    2 s deadline."""
    url = server.route("/slow", behaviour)
    began = time.monotonic()
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.kind == "timeout" and time.monotonic() - began < 3.5
    assert "longer than 2 s" in str(e.value)


def test_stopping_cuts_off_an_exchange_under_way_at_once(server, fetcher):
    url = server.route("/trickle", trickle_headers(every=0.1))
    slow = Fetcher("test", Limits(read_timeout=5, deadline=600, host_gap=0, allowed_hosts=LOOPBACK))
    failed: list[FetchError] = []

    def fetch() -> None:
        try:
            slow.get(url)
        except FetchError as e:
            failed.append(e)

    worker = threading.Thread(target=fetch)
    worker.start()
    time.sleep(0.5)
    began = time.monotonic()
    slow.stop()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - began < 1
    assert failed[0].kind == "stopped"
    with pytest.raises(FetchError) as after:
        slow.get(url)
    assert after.value.kind == "stopped"


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
def test_a_50_mb_body_hits_the_cap(server, fetcher, declare):
    url = server.route("/big", endless(50 * 1024 * 1024, declare=declare))
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.kind == "too_large"
    assert ("announces" in str(e.value)) == declare


def test_a_gzip_bomb_is_refused_before_it_fills_memory(server, fetcher):
    url = server.route("/bomb", gzip_bomb(200 * 1024 * 1024))
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.kind == "too_large" and "compression bomb" in str(e.value)


def test_gzip_within_the_cap_is_inflated(server, fetcher):
    import gzip

    url = server.route("/gz", send(gzip.compress(RSS), headers={"Content-Encoding": "gzip"}))
    assert fetcher.get(url).body == RSS


def test_a_redirect_loop_is_named(server, fetcher):
    server.route("/a", redirect(server.url("/b")))
    url = server.route("/b", redirect(server.url("/a")))
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.kind == "redirects" and "loop" in str(e.value)


def test_at_most_five_redirects(server, fetcher):
    for i in range(7):
        server.route(f"/r{i}", redirect(server.url(f"/r{i + 1}"), 301))
    server.route("/r7", send(RSS))
    with pytest.raises(FetchError) as e:
        fetcher.get(server.url("/r0"))
    assert "more than 5 redirects" in str(e.value)
    assert fetcher.get(server.url("/r3")).body == RSS  # four hops are fine


def test_redirect_to_another_scheme_is_refused(server, fetcher):
    url = server.route("/evil", redirect("file:///etc/passwd"))
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.kind == "scheme"


def test_a_refused_connection_says_so(fetcher):
    port = free_port()
    with pytest.raises(FetchError) as e:
        fetcher.get(f"http://127.0.0.1:{port}/feed")
    assert e.value.kind == "unreachable" and "refused" in str(e.value).lower()


def test_one_request_at_a_time_per_host_with_a_gap(server):
    server.route("/slow", send(RSS, delay=0.2))
    gap = 0.1
    fetcher = Fetcher("test", Limits(host_gap=gap, allowed_hosts=LOOPBACK))
    began = time.monotonic()
    threads = [threading.Thread(target=fetcher.get, args=(server.url("/slow"),)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.most_active == 1
    assert time.monotonic() - began >= 4 * 0.2 + 3 * gap
    # another host name for the same server is another queue
    other = FeedServer().start()
    other.route("/slow", send(RSS, delay=0.2))
    try:
        began = time.monotonic()
        pair = [
            threading.Thread(target=fetcher.get, args=(server.url("/slow", "127.0.0.1"),)),
            threading.Thread(target=fetcher.get, args=(other.url("/slow", "localhost"),)),
        ]
        for t in pair:
            t.start()
        for t in pair:
            t.join()
        assert time.monotonic() - began < 0.2 * 2 + gap
    finally:
        other.stop()
        fetcher.close()


def test_http_errors_name_the_status_and_url(server, fetcher):
    url = server.route("/gone", status(404))
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.status == 404 and "HTTP 404" in str(e.value) and url in str(e.value)


def test_retry_after_in_the_past_is_zero():
    assert retry_after((datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")) == 0


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("deflate", lambda b: zlib.compress(b)),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, no zlib header
        ("gzip", lambda b: b),  # labelled gzip, sent plain
    ],
    ids=["deflate", "raw-deflate", "mislabelled-plain"],
)
def test_content_encoding_as_servers_really_send_it(server, fetcher, encoding, encode):
    url = server.route("/enc", send(encode(RSS), headers={"Content-Encoding": encoding}))
    assert fetcher.get(url).body == RSS


def test_a_corrupt_gzip_body_is_named(server, fetcher):
    import gzip

    body = bytearray(gzip.compress(RSS * 50))
    body[40:60] = b"\x00" * 20
    url = server.route("/corrupt", send(bytes(body), headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError) as e:
        fetcher.get(url)
    assert e.value.kind == "bad_content" and "gzip body is corrupt" in str(e.value)


@pytest.mark.parametrize("allowed", [(), ("10.0.0.0/8", "feeds.internal")])
def test_a_loopback_source_is_refused_unless_allowed(server, allowed):
    url = server.route("/feed", send(RSS))
    fetcher = Fetcher("test", Limits(host_gap=0, allowed_hosts=allowed))
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert refused.value.kind == "forbidden" and not server.hits["/feed"]
    assert "127.0.0.1, a loopback address" in str(refused.value) and "fetch.allowed_hosts" in str(refused.value)


@pytest.mark.parametrize(
    "target", ["http://127.0.0.2:{port}/x", "http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/x",
               "http://0.0.0.0:{port}/x", "http://224.0.0.1/x", "http://[::ffff:10.0.0.1]/x"],
)  # fmt: skip
def test_a_redirect_from_an_allowed_host_to_another_non_public_address_is_refused(server, fetcher, target):
    """127.0.0.1 is allowed; no other address that is not public is: refused before any connection is made."""
    url = server.route("/feed", redirect(target.format(port=server.port)))
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert refused.value.kind == "forbidden", refused.value
    assert "fetch.allowed_hosts" in str(refused.value)


def test_an_allowed_name_is_reached_at_its_loopback_address(server):
    url = server.route("/feed", send(RSS))
    fetcher = Fetcher("test", Limits(host_gap=0, allowed_hosts=("localhost",)))
    assert fetcher.get(url.replace("127.0.0.1", "localhost")).body == RSS
