"""Summits and gatherings named in reports ("the BRICS summit", "G20", "the UN General Assembly"): where
and when each edition was held, so that a trip to one resolves to its host state and dates. The table
is `data/events.csv`, each row with its source; an edition is chosen by the report's date."""

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
class Events:
    editions: tuple[Event, ...]
    patterns: dict[str, re.Pattern]  # series -> pattern on folded text

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


@cache
def default_events() -> Events:
    with EVENTS_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    editions = tuple(
        Event(r["id"], r["series"], r["host"], r["city"], date.fromisoformat(r["start"]), date.fromisoformat(r["end"]))
        for r in rows
    )
    patterns = {r["series"]: re.compile(r"(?<!\w)(?:" + fold(r["pattern"]) + r")(?!\w)") for r in rows}
    return Events(editions, patterns)
