"""RSS, Atom, RDF and JSON Feed bodies to RawReports, with feedparser, whatever the encoding.

feedparser already refuses what is dangerous in XML (it drops entity declarations from the DOCTYPE and
never resolves external entities) and reads what is ill-formed with its loose parser. What it cannot
read at all becomes a FeedError naming the reason, so a source's health says what is wrong with it.
"""

from __future__ import annotations

import calendar
import html
import io
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import feedparser

from sources.report import RawReport

SPACE = re.compile(r"\s+")
FEED_ROOT = re.compile(rb"<(?:rss|feed|channel|rdf:RDF)[\s>]", re.IGNORECASE)  # CDF has no version
LANGUAGE = re.compile(r"^([a-zA-Z]{2})(?:[-_].*)?$")


class FeedError(Exception):
    """A body that holds no feed; the message says why, in words a source's owner can act on."""


def parse_feed(
    body: bytes,
    *,
    source_id: str,
    url: str,
    fetched: datetime,
    content_type: str | None = None,
    language: str | None = None,
) -> list[RawReport]:
    """Every item of the feed in `body`; FeedError when there is no feed to read."""
    if not body.strip():
        raise FeedError("the response is empty")
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False)
    if not parsed.entries and not parsed.get("version") and not FEED_ROOT.search(body[:4096]):
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        raise FeedError(f"not an RSS, Atom, RDF or JSON feed{detail} (starts {body[:60]!r})")
    feed_language = _language(parsed.feed.get("language")) or language
    return [_report(entry, source_id, url, fetched, feed_language) for entry in parsed.entries]


def _report(entry, source_id: str, feed_url: str, fetched: datetime, language: str | None) -> RawReport:
    link = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
    has_link = bool(link) and link.startswith(("http://", "https://"))
    content = " ".join(text_of(c.get("value", "")) for c in entry.get("content", []) or [])
    summary = text_of(entry.get("summary", ""))
    return RawReport(
        source_id=source_id,
        url=link if has_link else feed_url,
        title=text_of(entry.get("title", "")),
        summary=summary if summary != content else "",
        content=content or None,
        published=_when(entry.get("published_parsed") or entry.get("updated_parsed")),
        language=_language(entry.get("language")) or language,
        fetched=fetched,
        raw_id=(entry.get("id") or None),
        has_link=has_link,
    )


def _when(parsed) -> datetime | None:
    """feedparser gives UTC struct_time; the year 1 or 9999 is a feed's way of saying no date."""
    if not parsed:
        return None
    try:
        when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return when if 1990 <= when.year <= 2100 else None


def _language(value: str | None) -> str | None:
    match = LANGUAGE.match(value or "")
    return match.group(1).lower() if match else None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(markup: str) -> str:
    """Readable text from an item's HTML (or plain text): tags, scripts and entities gone, spaces folded."""
    if "<" not in markup:
        return SPACE.sub(" ", html.unescape(markup)).strip()
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return SPACE.sub(" ", "".join(parser.parts)).strip()
