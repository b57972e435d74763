"""Public feeds of travel episodes for civil society: Atom, JSON Feed, GeoJSON and iCalendar.

Only public facts go in: the person, the state, the expected dates, the status, the outlets count and
the duty to arrest on that day. Nothing internal (recipients, deliveries, acknowledgements, notes,
silences) is read here at all, so nothing internal can leak. Report text is escaped by the XML and
JSON writers and folded for iCalendar.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from geo.gazetteer import default_gazetteer
from geo.obligations import obligation
from geo.reference import default_reference
from tracker.models import Episode, as_utc

ATOM = "http://www.w3.org/2005/Atom"
TITLE = "tracker: reported travel of people sought by the ICC"


@dataclass(frozen=True)
class PublicEpisode:
    """An episode as the public sees it."""

    id: int
    person: str
    person_name: str
    state: str
    state_name: str
    expected_start: date | None
    expected_end: date | None
    status: str
    outlets: int
    first_seen: datetime
    last_seen: datetime
    strength: str
    basis: str
    explanation: str

    @property
    def title(self) -> str:
        when = f" from {self.expected_start}" if self.expected_start else ""
        return f"{self.person_name}: reported trip to {self.state_name}{when} ({self.status.replace('_', ' ')})"

    @property
    def summary(self) -> str:
        return (
            f"{self.outlets} independent outlet(s) report a {self.status.replace('_', ' ')} trip of "
            f"{self.person_name} to {self.state_name}. Duty to arrest on that day: {self.strength}. "
            f"{self.explanation}"
        )


def public(episodes: Sequence[Episode]) -> list[PublicEpisode]:
    ref = default_reference()
    out = []
    for e in episodes:
        if e.person_id not in ref.people or e.state not in ref.states:
            continue
        on = e.expected_start or as_utc(e.last_seen).date()
        duty = obligation(e.state, e.person_id, on, ref)
        out.append(
            PublicEpisode(
                e.id,
                e.person_id,
                ref.people[e.person_id].name,
                e.state,
                ref.states[e.state].name,
                e.expected_start,
                e.expected_end,
                e.status,
                e.outlets,
                as_utc(e.first_seen),
                as_utc(e.last_seen),
                duty.strength.value,
                duty.basis.value,
                duty.explanation,
            )
        )
    return sorted(out, key=lambda p: p.last_seen, reverse=True)


def atom(
    episodes: Sequence[PublicEpisode], base_url: str, path: str = "/feeds/episodes.atom", about: str = ""
) -> bytes:
    """The episodes as an Atom feed published at `path`; `about` narrows the title (a person, a state)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = TITLE + (f": {about}" if about else "")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base_url}{path}"
    updated = max((e.last_seen for e in episodes), default=datetime.now(UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat(timespec="seconds")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=f"{base_url}{path}", rel="self")
    for e in episodes:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{base_url}/episodes/{e.id}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = e.last_seen.isoformat(timespec="seconds")
        ET.SubElement(entry, f"{{{ATOM}}}published").text = e.first_seen.isoformat(timespec="seconds")
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = e.summary
        ET.SubElement(entry, f"{{{ATOM}}}category", term=e.strength)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = "tracker"
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def json_feed(
    episodes: Sequence[PublicEpisode], base_url: str, path: str = "/feeds/episodes.json", about: str = ""
) -> str:
    items = [
        {
            "id": f"{base_url}/episodes/{e.id}",
            "title": e.title,
            "content_text": e.summary,
            "date_published": e.first_seen.isoformat(timespec="seconds"),
            "date_modified": e.last_seen.isoformat(timespec="seconds"),
            "tags": [e.person, e.state, e.status, e.strength],
            "_episode": properties(e),
        }
        for e in episodes
    ]
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": TITLE + (f": {about}" if about else ""),
            "feed_url": f"{base_url}{path}",
            "items": items,
        },
        ensure_ascii=False,
    )


NARROWED = {"atom": "application/atom+xml", "json": "application/feed+json"}  # format -> media type


def narrowed_feed(fmt: str, episodes: Sequence[PublicEpisode], base_url: str, stem: str, about: str) -> bytes:
    """One person's or one state's trips (`about`) as the Atom or JSON feed published at `stem`.`fmt`; the
    same bytes for `tracker feeds --out` and the web app."""
    path = f"{stem}.{fmt}"
    return (
        atom(episodes, base_url, path, about) if fmt == "atom" else json_feed(episodes, base_url, path, about).encode()
    )


def geojson(episodes: Sequence[PublicEpisode]) -> str:
    features = [
        {"type": "Feature", "geometry": point, "properties": properties(e)}
        for e in episodes
        if (point := state_point(e.state)) is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def state_point(iso2: str) -> dict | None:
    """Where an episode is drawn: the gazetteer's point for the destination state (GeoJSON)."""
    where = default_gazetteer().country_entry(iso2)
    if where is None or where.lat is None:
        return None
    return {"type": "Point", "coordinates": [where.lon, where.lat]}


def icalendar(episodes: Sequence[PublicEpisode], today: date, host: str = "tracker") -> str:
    """Upcoming expected visits, one all-day event each (RFC 5545, lines folded at 75 octets)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tracker//episodes//EN", "CALSCALE:GREGORIAN"]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for e in episodes:
        if e.expected_start is None or (e.expected_end or e.expected_start) < today:
            continue
        end = (e.expected_end or e.expected_start) + timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:episode-{e.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.expected_start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_ics_text(e.title)}",
            f"DESCRIPTION:{_ics_text(e.summary)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def properties(e: PublicEpisode) -> dict:
    return {
        "episode": e.id, "person": e.person, "person_name": e.person_name, "state": e.state,
        "state_name": e.state_name, "expected_start": e.expected_start.isoformat() if e.expected_start else None,
        "expected_end": e.expected_end.isoformat() if e.expected_end else None, "status": e.status,
        "outlets": e.outlets, "strength": e.strength, "basis": e.basis,
        "first_seen": e.first_seen.isoformat(timespec="seconds"),
        "last_seen": e.last_seen.isoformat(timespec="seconds"),
    }  # fmt: skip


def _ics_text(text: str) -> str:
    flat = " ".join(text.split())
    return flat.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


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
