"""Replaying archived reports to see when an alert would have fired (`tracker backtest`).

The feeds go into a throwaway database and are processed as `tracker ingest` does, day by day in
publication order, each day "as of" its own time, with the open episodes re-decided as the days pass,
exactly as a live run would have met them. For each known episode
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

from alerts.raising import GOOD_OFFICES
from tracker.config import Config
from tracker.episodes import seen_at
from tracker.errors import UsageError
from tracker.ingest import ingest
from tracker.models import Alert, Episode, Notice, Report, TravelClaim, as_utc, episode_of
from tracker.pipeline import process_in_order
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
    expected_end: date | None = None


@dataclass
class Result:
    reports: int = 0
    first_alert: dict[KnownEpisode, Fired | None] = field(default_factory=dict)
    false_alarms: list[Fired] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # every message the replay would have sent, and when

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


def backtest(feeds: list[Path], known: list[KnownEpisode], config: Config) -> Result:
    """Ingest the feeds into a throwaway database and replay them day by day exactly as `tracker ingest`
    does (the same pipeline, re-deciding open episodes as the days pass); then read each good-offices alert
    back with the time it was raised and the report that had just come in."""
    result = Result(first_alert={k: None for k in known})
    with tempfile.TemporaryDirectory(prefix="tracker-backtest-") as folder:
        engine = make_engine(f"sqlite:///{folder}/backtest.db")
        prepare(engine)
        ingest(engine, feeds, "backtest")
        with Session(engine) as session:
            ids = list(session.exec(select(Report.id)))
        result.reports = len(ids)
        process_in_order(engine, ids, config.model_copy(update={"data_dir": Path(folder)}))
        with Session(engine) as session:
            fired = sorted(raised(session), key=lambda f: f.at)
            result.messages = would_have_sent(session)
        engine.dispose()
    for f in fired:
        match = next((k for k in known if _matches(k, f)), None)
        if match is None:
            result.false_alarms.append(f)
        elif result.first_alert[match] is None:
            result.first_alert[match] = f
    return result


def would_have_sent(session: Session) -> list[str]:
    """Each message the replay queued, in the order it would have gone out: time, reason, trip."""
    lines = []
    for notice in session.exec(select(Notice).order_by(Notice.created_at, Notice.id)):
        episode = episode_of(session, notice)
        expected = (notice.facts or {}).get("expected_start") or "no date"
        lines.append(f"{as_utc(notice.created_at):%Y-%m-%d %H:%M} {notice.reason} {episode.person_id} → "
                     f"{episode.state} ({expected})")  # fmt: skip
    return lines


def raised(session: Session) -> list[Fired]:
    """Every good-offices alert in the database, as first raised: its time, the trip's dates as the first
    message gave them, and the newest report of the trip by then."""
    out = []
    for alert in session.exec(select(Alert).where(Alert.kind == GOOD_OFFICES)):
        episode = session.get(Episode, alert.episode_id)
        first = session.exec(select(Notice).where(Notice.alert_id == alert.id).order_by(Notice.id)).first()
        at = as_utc(first.created_at if first else alert.created_at)
        facts = (first.facts or {}) if first else {}
        start, end = facts.get("expected_start"), facts.get("expected_end")
        reports = session.exec(
            select(Report)
            .join(TravelClaim, TravelClaim.report_id == Report.id)
            .where(TravelClaim.episode_id == episode.id)
        ).all()
        before = [r for r in reports if seen_at(r) <= at] or reports
        url = max(before, key=lambda r: (seen_at(r), r.id)).url if before else ""
        out.append(Fired(episode.person_id, episode.state, at, date.fromisoformat(start) if start else None, url,
                         tuple(alert.why), date.fromisoformat(end) if end else None))  # fmt: skip
    return out


def _matches(known: KnownEpisode, fired: Fired) -> bool:
    if (known.person, known.state) != (fired.person, fired.state) or fired.at.date() > known.end:
        return False
    if fired.expected_start is None:
        return known.start - fired.at.date() <= timedelta(days=30)
    return abs((fired.expected_start - known.start).days) <= MATCH_DAYS or within(fired, known.start)


def within(fired: Fired, day: date) -> bool:
    """The alert gave a window ("in July", "next week") that holds the day."""
    return fired.expected_end is not None and fired.expected_start <= day <= fired.expected_end
