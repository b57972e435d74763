"""Summits and gatherings named in reports ("the BRICS summit", "G20", "the UN General Assembly"): where
and when each edition was held, so that a trip to one resolves to its host state and dates; and a few
buildings that stand for their state ("at the White House"). The table is `data/events.csv`, each row
with its source; an edition is chosen by the report's date, a building has no dates."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from geo.names import fold

EVENTS_FILE = Path(__file__).with_name("data") / "events.csv"
REACH_DAYS = 500  # an edition further from the report than this is not the one it means


@dataclass(frozen=True)
class Event:
    id: str
    series: str
    host: str
    city: str
    start: date
    end: date


@dataclass(frozen=True)
class Venue:
    """A building that stands for its state in the news ("at the White House")."""

    id: str
    host: str
    city: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Events:
    editions: tuple[Event, ...]
    patterns: dict[str, re.Pattern]  # series -> pattern on folded text
    venues: tuple[Venue, ...] = ()

    def venues_in(self, folded: str) -> list[tuple[int, int, Venue]]:
        return [(m.start(), m.end(), v) for v in self.venues for m in v.pattern.finditer(folded)]

    def named_in(self, folded: str, published: date, past: bool = False) -> Event | None:
        """The edition of the first series named in the text that the report's date points to: the next
        one (or the one under way), or for a trip already over, the last one."""
        for series, pattern in self.patterns.items():
            if not pattern.search(folded):
                continue
            editions = [e for e in self.editions if e.series == series]
            if past:
                done = [e for e in editions if e.start <= published]
                best = max(done, key=lambda e: e.start, default=None)
            else:
                coming = [e for e in editions if (e.end - published).days >= -3]
                best = min(coming, key=lambda e: e.start, default=None)
            if best is not None and abs((best.start - published).days) <= REACH_DAYS:
                return best
        return None

    def hosted_by(self, event: Event, host: str, published: date) -> Event | None:
        """The edition of the same series held in `host` ("the G20 in Brazil next year", said in India)."""
        return next(
            (
                e
                for e in self.editions
                if e.series == event.series and e.host == host and abs((e.start - published).days) <= REACH_DAYS
            ),
            None,
        )


@cache
def default_events() -> Events:
    with EVENTS_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    dated = [r for r in rows if r["start"]]
    editions = tuple(
        Event(r["id"], r["series"], r["host"], r["city"], date.fromisoformat(r["start"]), date.fromisoformat(r["end"]))
        for r in dated
    )
    patterns = {r["series"]: _pattern(r["pattern"]) for r in dated}
    venues = tuple(Venue(r["id"], r["host"], r["city"], _pattern(r["pattern"])) for r in rows if not r["start"])
    return Events(editions, patterns, venues)


def _pattern(words: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + fold(words) + r")(?!\w)")
