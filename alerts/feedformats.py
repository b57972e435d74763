"""The public feeds' formats, one writer each: Atom (RFC 4287), JSON Feed 1.1, GeoJSON (RFC 7946) and
iCalendar (RFC 5545, with the calendar properties of RFC 7986 and the X-WR- names calendar apps read).

`render` is the one way to make a feed's bytes: the web app serves them and `tracker feeds --out`
writes them, so the same episodes on the same day give the same file. Every entry links to the trip's
public page and lists the reports behind it with their links. Report text is escaped by the XML, HTML
and JSON writers and by the iCalendar text rules.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html import escape
from urllib.parse import urlsplit

from alerts.feeds import PublicEpisode, PublicSource, properties, state_point

TITLE = "tracker: reported travel of people sought by the ICC"
DESCRIPTION = (
    "Reported trips of people subject to ICC arrest warrants, with the reports behind each and the duty of "
    "the destination to arrest them on the expected day. News reports are reports, not findings."
)
LANGUAGE = "en"
FORMATS = {  # format: (media type, name)
    "atom": ("application/atom+xml", "Atom"),
    "json": ("application/feed+json", "JSON Feed"),
    "geojson": ("application/geo+json", "GeoJSON"),
    "ics": ("text/calendar", "iCalendar"),
}
EVERY_TRIP = ("/feeds/episodes.atom", "/feeds/episodes.json", "/feeds/episodes.geojson", "/feeds/upcoming.ics")
NARROWED = ("atom", "json", "ics")  # the formats of one person's or one state's feeds
CLOSED = {"cancelled", "denied", "expired"}  # a calendar shows their events as cancelled
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Feed:
    """A feed: where it is published (`base_url` + `path`, whose suffix is its format), the HTML page about
    the same trips, and whose trips they are (a person's or a state's name; empty for every trip)."""

    base_url: str
    path: str
    page: str = "/episodes"
    about: str = ""

    @property
    def url(self) -> str:
        return self.base_url + self.path

    @property
    def fmt(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def title(self) -> str:
        return TITLE + (f": {self.about}" if self.about else "")


def narrowed(base_url: str, folder: str, value: str, name: str, fmt: str) -> Feed:
    """One person's (`people`) or one state's (`states`) trips in `fmt`, beside their page."""
    return Feed(base_url, f"/feeds/{folder}/{value}.{fmt}", f"/{folder}/{value}", name)


def render(feed: Feed, episodes: Sequence[PublicEpisode], today: date) -> bytes:
    """The feed's bytes; `today` decides which visits the calendar still shows."""
    match feed.fmt:
        case "atom":
            return atom(feed, episodes)
        case "json":
            return json_feed(feed, episodes)
        case "geojson":
            return geojson(feed, episodes)
        case "ics":
            return icalendar(feed, episodes, today)
    raise ValueError(f"no feed format {feed.fmt!r}")


def _page(feed: Feed, e: PublicEpisode) -> str:
    return f"{feed.base_url}/episodes/{e.id}"


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def atom(feed: Feed, episodes: Sequence[PublicEpisode]) -> bytes:
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        element.text = text
        return element

    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: LANGUAGE})
    add(root, "id", feed.url)
    add(root, "title", feed.title)
    add(root, "subtitle", DESCRIPTION)
    add(root, "updated", _stamp(max((e.last_seen for e in episodes), default=datetime.now(UTC))))
    add(add(root, "author"), "name", "tracker")
    add(root, "link", rel="self", type=FORMATS["atom"][0], href=feed.url)
    add(root, "link", rel="alternate", type="text/html", href=feed.base_url + feed.page)
    for e in episodes:
        entry = add(root, "entry")
        add(entry, "id", _page(feed, e))
        add(entry, "title", e.title)
        add(entry, "updated", _stamp(e.last_seen))
        add(entry, "published", _stamp(e.first_seen))
        add(entry, "link", rel="alternate", type="text/html", href=_page(feed, e))
        add(entry, "summary", e.summary, type="text")
        add(entry, "content", _html(feed, e), type="html")
        add(entry, "category", term=e.strength, label=f"duty to arrest: {e.strength}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def json_feed(feed: Feed, episodes: Sequence[PublicEpisode]) -> bytes:
    items = [
        {
            "id": _page(feed, e),
            "url": _page(feed, e),
            "title": e.title,
            "summary": e.summary,
            "content_html": _html(feed, e),
            "content_text": _text(feed, e),
            "date_published": _stamp(e.first_seen),
            "date_modified": _stamp(e.last_seen),
            "language": LANGUAGE,
            "tags": [e.person, e.state, e.status, e.strength],
            "_episode": {"about": f"{feed.base_url}/feeds", **properties(e)},
        }
        for e in episodes
    ]
    body = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.base_url + feed.page,
        "feed_url": feed.url,
        "description": DESCRIPTION,
        "language": LANGUAGE,
        "authors": [{"name": "tracker", "url": f"{feed.base_url}/"}],
        "items": items,
    }
    return json.dumps(body, ensure_ascii=False).encode()


def geojson(feed: Feed, episodes: Sequence[PublicEpisode]) -> bytes:
    """Each episode as a point in its destination state, with its page and title."""
    features = [
        {"type": "Feature", "geometry": point, "properties": {**properties(e), "title": e.title, "url": _page(feed, e)}}
        for e in episodes
        if (point := state_point(e.state)) is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def icalendar(feed: Feed, episodes: Sequence[PublicEpisode], today: date) -> bytes:
    """Expected visits not yet over, one all-day event each, in the destination state; a cancelled or denied
    one stays as a cancelled event, so calendars that had it learn that."""
    host = urlsplit(feed.base_url).hostname or "tracker"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tracker//episodes//EN", "CALSCALE:GREGORIAN",
        f"NAME:{_ics_text(feed.title)}", f"X-WR-CALNAME:{_ics_text(feed.title)}",
        f"DESCRIPTION:{_ics_text(DESCRIPTION)}", f"X-WR-CALDESC:{_ics_text(DESCRIPTION)}",
        f"URL;VALUE=URI:{feed.base_url + feed.page}", f"SOURCE;VALUE=URI:{feed.url}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
    ]  # fmt: skip
    for e in episodes:
        if e.expected_start is None or (e.expected_end or e.expected_start) < today:
            continue
        end = (e.expected_end or e.expected_start) + timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:episode-{e.id}@{host}",
            f"DTSTAMP:{_ics_time(e.last_seen)}",  # without METHOD: when the event last changed (RFC 5545 3.8.7.2)
            f"CREATED:{_ics_time(e.first_seen)}",
            f"LAST-MODIFIED:{_ics_time(e.last_seen)}",
            f"DTSTART;VALUE=DATE:{e.expected_start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_ics_text(e.title)}",
            f"DESCRIPTION:{_ics_text(_text(feed, e))}",
            f"LOCATION:{_ics_text(e.state_name)}",
            f"URL;VALUE=URI:{_page(feed, e)}",
            f"STATUS:{'CANCELLED' if e.status in CLOSED else 'TENTATIVE'}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode()


def _web_link(source: PublicSource) -> str | None:
    """A report's link if a reader can follow it on the web."""
    return source.url if source.url and source.url.lower().startswith(("https://", "http://")) else None


def _about_source(source: PublicSource) -> str:
    return ", ".join(
        [p for p in (source.outlet, source.published and _utc(source.published)) if p]
        + (["after the trip"] if source.aftermath else [])
    )


def _utc(iso: str) -> str:
    """A publication time as readers read it: 2024-09-04 09:00 UTC."""
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _html(feed: Feed, e: PublicEpisode) -> str:
    """The summary, the reports behind the trip with their links, and a link to its page, as HTML."""
    items = []
    for s in e.sources:
        headline = escape(s.title or s.url or "untitled")
        link = _web_link(s)
        shown = f'<a href="{escape(link)}">{headline}</a>' if link else headline
        about = _about_source(s)
        items.append(f"<li>{shown}{f' ({escape(about)})' if about else ''}</li>")
    listed = f"<p>Sources:</p><ul>{''.join(items)}</ul>" if items else "<p>No source is public yet.</p>"
    page = escape(_page(feed, e))
    return f'<p>{escape(e.summary)}</p>{listed}<p><a href="{page}">The trip, its sources and its history</a></p>'


def _text(feed: Feed, e: PublicEpisode) -> str:
    """The same as plain text: the summary, one line per report with its link, the trip's page."""
    lines = [e.summary, "", "Sources:" if e.sources else "No source is public yet."]
    for s in e.sources:
        about = _about_source(s)
        link = _web_link(s)
        lines.append(f"- {s.title or 'untitled'}{f' ({about})' if about else ''}{f': {link}' if link else ''}")
    return "\n".join([*lines, "", f"The trip, its sources and its history: {_page(feed, e)}"])


def _ics_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _ics_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return "\\n".join(" ".join(line.split()) for line in escaped.splitlines())


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)
