"""Feed bodies to RawReports: hostile XML, broken encodings, bare items, GDELT, and feedparser's own
test corpus served over real HTTP through the collector."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sources.collect import Source, collect
from sources.feeds import FeedError, parse_feed, text_of
from sources.fetch import Fetcher, Limits
from sources.gdelt import parse_gdelt
from tests.feedserver import FeedServer, send

FETCHED = datetime(2024, 9, 1, 12, 0, tzinfo=UTC)
CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/feeds/feedparser"


def parse(body: bytes, **kw):
    return parse_feed(body, source_id="s", url="https://example.org/feed.xml", fetched=FETCHED, **kw)


def test_an_rss_item_becomes_a_report():
    body = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>
    <language>en-GB</language>
    <item><title>Putin to visit Mongolia</title><link>https://news.example/putin-mongolia?utm_source=rss</link>
    <guid>abc-1</guid><pubDate>Fri, 30 Aug 2024 10:00:00 +0300</pubDate>
    <description>&lt;p&gt;The Kremlin said &lt;b&gt;on Friday&lt;/b&gt;&amp;nbsp;that&lt;/p&gt;</description></item>
    </channel></rss>"""
    [r] = parse(body)
    assert r.title == "Putin to visit Mongolia"
    assert r.summary == "The Kremlin said on Friday that"
    assert r.published == datetime(2024, 8, 30, 7, 0, tzinfo=UTC)
    assert r.language == "en" and r.raw_id == "abc-1" and r.fetched == FETCHED
    assert r.canonical_url == "https://news.example/putin-mongolia"


def test_an_entity_expansion_bomb_is_not_expanded():
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 16}">' for i in range(1, 9))
    body = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "laugh-laugh-laugh-laugh">' + levels + "]>"
        '<rss version="2.0"><channel><title>t</title><item><title>&e8;</title>'
        "<link>https://example.org/1</link></item></channel></rss>"
    ).encode()
    began = time.monotonic()
    try:
        reports = parse(body)
    except FeedError:
        reports = []
    assert time.monotonic() - began < 2
    assert all(len(r.title) < 1000 for r in reports)  # 16**8 copies would be 100 GB


def test_an_external_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>a &x; b</title>'
        "<link>https://example.org/1</link></item></channel></rss>"
    ).encode()
    try:
        reports = parse(body)
    except FeedError:
        reports = []
    assert all("TOP-SECRET" not in r.title + r.summary for r in reports)


def test_invalid_utf8_is_read_without_crashing():
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Caf\xe9 \xff\xfe talks in Ulaanbaatar</title><link>https://example.org/1</link></item>"
        b"</channel></rss>"
    )
    [r] = parse(body)
    assert "talks in Ulaanbaatar" in r.title


def test_items_without_dates_or_links_are_kept_apart():
    body = b"""<rss version="2.0"><channel><title>t</title>
    <item><title>First undated, unlinked item</title><guid isPermaLink="false">g-1</guid></item>
    <item><title>Second undated, unlinked item</title><description>no id either</description></item>
    </channel></rss>"""
    first, second = parse(body)
    assert first.published is None and second.published is None
    assert not first.has_link and first.url == "https://example.org/feed.xml"
    assert first.canonical_url == "urn:tracker:s:g-1"
    assert second.canonical_url.startswith("urn:tracker:s:") and second.canonical_url != first.canonical_url


def test_a_web_page_is_not_a_feed():
    with pytest.raises(FeedError, match="not an RSS, Atom, RDF or JSON feed"):
        parse(b"<html><body><h1>Service unavailable</h1></body></html>")
    with pytest.raises(FeedError, match="empty"):
        parse(b"  ")


def test_html_to_text_drops_scripts_and_entities():
    assert text_of("<p>A&amp;B</p><script>alert(1)</script><p>C&#233;</p>") == "A&B Cé"
    assert text_of("plain &lt;text&gt;") == "plain <text>"


def test_gdelt_article_list():
    body = """{"articles": [
      {"url": "https://www.montsame.mn/en/read/350000", "url_mobile": "", "title": "Putin arrives in Ulaanbaatar",
       "seendate": "20240902T211500Z", "socialimage": "", "domain": "montsame.mn", "language": "English",
       "sourcecountry": "Mongolia"},
      {"url": "javascript:alert(1)", "title": "bad", "seendate": "x"},
      {"url": "https://example.ru/1", "title": "Путин прибыл", "seendate": "bad", "language": "Russian"}]}""".encode()
    first, second = parse_gdelt(body, source_id="gdelt", fetched=FETCHED)
    assert first.published == datetime(2024, 9, 2, 21, 15, tzinfo=UTC) and first.language == "en"
    assert second.published is None and second.language == "ru"


def test_gdelt_plain_text_errors_are_quoted():
    with pytest.raises(FeedError, match="Please limit requests"):
        parse_gdelt(b"Please limit requests to one every 5 seconds.", source_id="g", fetched=FETCHED)
    assert parse_gdelt(b"{}", source_id="g", fetched=FETCHED) == []


# --- feedparser's own test corpus, served over HTTP and read by the collector ----------------------------

HEADER = re.compile(rb"^\s*Header:\s*([\w-]+):\s*(.+?)\s*$", re.MULTILINE)
ENCODINGS = {".gz": "gzip", ".z": "deflate"}


def _served(path: Path):
    """The file as its test says a server would send it: its Header: lines, its compression."""
    body = path.read_bytes()
    headers = {k.decode(): v.decode("latin-1") for k, v in HEADER.findall(body[:2000])}
    code = int(headers.pop("Status", "200"))
    content_type = headers.pop("Content-type", headers.pop("Content-Type", "application/xml"))
    headers.pop("Location", None)  # points at the upstream test server's port, not ours
    if path.suffix in ENCODINGS:
        headers["Content-Encoding"] = ENCODINGS[path.suffix]
    if code in (301, 302, 303, 307) or code == 304:
        code = 200  # without a usable Location the redirect tests are plain feeds here
    return send(body, content_type, status=code, headers=headers)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"feedparser corpus not found at {CORPUS} (../shared absent)")
def test_every_feedparser_corpus_file_gives_reports_or_a_readable_error():
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("LICENSE", "SOURCES.md"))
    assert len(files) > 2000
    server = FeedServer().start()
    fetcher = Fetcher("test", Limits(read_timeout=5, deadline=10, host_gap=0, allowed_hosts=("127.0.0.1",)))
    outcomes = {"reports": 0, "empty feed": 0, "error": 0}
    try:
        for i, path in enumerate(files):
            url = server.route(f"/f{i}", _served(path))
            began = time.monotonic()
            got = collect(Source(f"s{i}", "feed", url), fetcher, [], {})
            assert time.monotonic() - began < 10, f"{path} took too long"
            if got.failures:
                [failure] = got.failures
                assert failure.message.strip() and url in failure.message, path
                outcomes["error"] += 1
            else:
                assert got.fetched == 1, path
                outcomes["reports" if got.reports else "empty feed"] += 1
                assert all(r.source_id == f"s{i}" and r.fetched.tzinfo for r in got.reports), path
    finally:
        server.stop()
        fetcher.close()
    # many corpus files test feed-level elements and hold no item; the errors are its deliberately broken files
    assert outcomes["reports"] > 1000 and outcomes["error"] < 60, outcomes
