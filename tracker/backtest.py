"""Replaying archived reports to see when an alert would have fired (`tracker backtest`).

The feeds go into a throwaway database; reports are then processed one at a time in publication
order, each "as of" its own time, exactly as a live run would have met them. For each known episode
(person, state, first and last day, from a CSV with sources) the first alert that matches it and its
lead time before the trip are reported; every alert that matches no known episode is a false alarm.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from alerts.rules import DEFAULT_THRESHOLDS, Thresholds
from tracker.episodes import seen_at
from tracker.errors import UsageError
from tracker.extract import Extractor
from tracker.ingest import ingest
from tracker.models import Report
from tracker.pipeline import process
from tracker.refdata import prepare
from tracker.storage import make_engine

MATCH_DAYS = 7  # an alert's expected dates this close to a known trip are about it


@dataclass(frozen=True)
class KnownEpisode:
    person: str
    state: str
    start: date
    end: date
    source_url: str = ""


@dataclass
class Fired:
    person: str
    state: str
    at: datetime
    expected_start: date | None
    report_url: str
    why: tuple[str, ...]


@dataclass
class Result:
    reports: int = 0
    first_alert: dict[KnownEpisode, Fired | None] = field(default_factory=dict)
    false_alarms: list[Fired] = field(default_factory=list)

    def lead(self, known: KnownEpisode) -> timedelta | None:
        fired = self.first_alert.get(known)
        if fired is None:
            return None
        return datetime.combine(known.start, datetime.min.time(), fired.at.tzinfo) - fired.at


def read_known(path: Path) -> list[KnownEpisode]:
    """person,state,start,end[,source_url] rows; a bad row is an error naming its line."""
    known = []
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), 2):
            try:
                known.append(
                    KnownEpisode(
                        row["person"].strip(),
                        row["state"].strip().upper(),
                        date.fromisoformat(row["start"]),
                        date.fromisoformat(row["end"]),
                        (row.get("source_url") or "").strip(),
                    )
                )
            except (KeyError, ValueError, AttributeError) as e:
                raise UsageError(f"{path}:{line}: expected person,state,start,end[,source_url] ({e})") from None
    return known


def backtest(feeds: list[Path], known: list[KnownEpisode], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Result:
    result = Result(first_alert={k: None for k in known})
    with tempfile.TemporaryDirectory(prefix="tracker-backtest-") as folder:
        engine = make_engine(f"sqlite:///{folder}/backtest.db")
        prepare(engine)
        ingest(engine, feeds, "backtest")
        with Session(engine) as session:
            reports = sorted(session.exec(select(Report)).all(), key=lambda r: (seen_at(r), r.id))
            order = [(r.id, seen_at(r), r.url) for r in reports]
        extractor = Extractor()
        alerted: set[tuple] = set()
        for report_id, at, url in order:
            result.reports += 1
            for episode, decision in process(engine, [report_id], extractor, thresholds, as_of=at).alerts:
                start = episode.expected_start
                key = (episode.person_id, episode.state, start.isocalendar()[:2] if start else None)
                if key in alerted:
                    continue
                alerted.add(key)
                fired = Fired(episode.person_id, episode.state, at, episode.expected_start, url, decision.why)
                match = next((k for k in known if _matches(k, fired)), None)
                if match is None:
                    result.false_alarms.append(fired)
                elif result.first_alert[match] is None:
                    result.first_alert[match] = fired
        engine.dispose()
    return result


def _matches(known: KnownEpisode, fired: Fired) -> bool:
    if (known.person, known.state) != (fired.person, fired.state) or fired.at.date() > known.end:
        return False
    if fired.expected_start is None:
        return known.start - fired.at.date() <= timedelta(days=30)
    return abs((fired.expected_start - known.start).days) <= MATCH_DAYS
