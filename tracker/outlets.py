"""News outlets whose names hold a place ("Agence France-Presse", «فرانس برس», "Hungary Today", "Sudan
Tribune"): the place inside an outlet's name is where the news comes from, never where anyone goes."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from geo.geoparse import Place
from geo.names import fold

OUTLETS_FILE = Path(__file__).with_name("data") / "outlets.csv"


@cache
def outlet_names() -> re.Pattern:
    with OUTLETS_FILE.open(encoding="utf-8", newline="") as f:
        names = sorted({fold(row["name"]) for row in csv.DictReader(f)}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def outside_outlets(folded: str, places: list[Place]) -> list[Place]:
    """The places that are not part of an outlet's name."""
    spans = [m.span() for m in outlet_names().finditer(folded)]
    return [p for p in places if not any(a <= p.start < b for a, b in spans)] if spans else places
