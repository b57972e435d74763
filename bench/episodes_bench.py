"""Trips, not reports: replays a corpus of real reports through the whole pipeline (extraction, episodes,
re-decision as the days pass, alert rules, the outbox's dedup) exactly as `tracker ingest` does, and
judges the alerts it raises trip by trip, as the President's office would.

    .venv/bin/python bench/episodes_bench.py [--set tests/data/replay/ra ...] [--totals-only] [--until DATE]

A corpus folder holds `trips.csv` (trip,person,state,start,end,situation,expect,source_url,note: the real
dates and whether a trip to a state bound on them should alert) and `reports.jsonl` (short excerpts with
URL, outlet, language, publication date, the trip they belong to and the per-report gold labels of
`tests/data/README.md`). Printed, per trip and in total:

- alerted: a good-offices alert about the trip came before it ended (expected `alert` trips that some
  report announced within the horizon, i.e. with a report labelled `alert`);
- timely: the first alert came on the day of the earliest report labelled `alert` (the corpus's best
  possible lead), and the lead time in days before the trip;
- duplicates: more alerts than one about the same trip;
- false démarches: alerts that match no trip expected to alert, counted per person–state–ISO week;
- stale re-alerts: alerts raised after the trip they match had ended or been called off;
- per-report decision F1 (`tracker extract` on each report alone, as `bench/extract_bench.py` counts it).

Blind sets: pass `--totals-only` so that no trip or report of the set is shown.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tracker.backtest import within

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT / "tests/data/replay/ra", ROOT / "tests/data/replay/rb"]
MATCH_DAYS = 7  # an alert's expected start this close to a trip's is about it
UNDATED_BEFORE = 30  # an undated alert this many days before a trip (or during it) is about it


@dataclass
class Trip:
    id: str
    person: str
    state: str
    start: date | None
    end: date | None
    situation: str
    expect: str
    reports: list[dict] = field(default_factory=list)

    @property
    def first_alert_report(self) -> date | None:
        days = [published_day(r) for r in self.reports if r["gold"]["decision"] == "alert"]
        return min(days, default=None)

    @property
    def called_off(self) -> date | None:
        days = [published_day(r) for r in self.reports if r["gold"]["modality"] in ("cancelled", "denied")]
        return min(days, default=None)

    @property
    def over(self) -> date | None:
        """The last day the trip could still call for good offices."""
        return self.called_off or self.end or self.start


def published_day(report: dict) -> date:
    return date.fromisoformat(report["published"][:10])


def load(folder: Path) -> list[Trip]:
    with (folder / "trips.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    trips = {r["trip"]: trip_of(r) for r in rows}
    for line in (folder / "reports.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            report = json.loads(line)
            trips[report["trip"]].reports.append(report)
    return list(trips.values())


def trip_of(row: dict) -> Trip:
    start, end = _day(row["start"]), _day(row["end"])
    return Trip(row["trip"], row["person"], row["state"].upper(), start, end, row["situation"], row["expect"])


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value and value.strip() else None


def replay(trips: list[Trip], until: datetime | None) -> list:
    """Store every report as if fetched when published, replay them in order, return the alerts raised."""
    from sqlmodel import Session

    from tracker.assess import parse_published
    from tracker.backtest import raised
    from tracker.collecting import ensure_source
    from tracker.config import load_config
    from tracker.models import Report
    from tracker.pipeline import process_in_order
    from tracker.refdata import prepare
    from tracker.storage import make_engine

    reports = [r for t in trips for r in t.reports]
    with tempfile.TemporaryDirectory(prefix="tracker-episodes-bench-") as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        prepare(engine)
        with Session(engine) as session:
            ensure_source(session, "replay", "replay", "file:")
            for r in reports:
                published = parse_published(r["published"])
                when = published if isinstance(published, datetime) else datetime(*published.timetuple()[:3], 12)
                when = when if when.tzinfo else when.replace(tzinfo=UTC)
                session.add(Report(source_id="replay", url=r["url"], canonical_url=r["url"], title=r["title"] or "",
                                   summary=r["summary"] or "", language=r.get("language"), published_at=when,
                                   fetched_at=when, content_hash=r["id"], host=r.get("outlet") or ""))  # fmt: skip
            session.commit()
            ids = [r.id for r in session.exec(Report.__table__.select()).all()]
        config = load_config(ROOT / "config.yaml").model_copy(update={"data_dir": Path(folder)})
        last = max(published_day(r) for r in reports)
        end = until or datetime.combine(last + timedelta(days=60), datetime.min.time(), UTC)
        process_in_order(engine, ids, config, until=end)
        with Session(engine) as session:
            fired = sorted(raised(session), key=lambda f: f.at)
        engine.dispose()
    return fired


def matches(trip: Trip, fired) -> bool:
    if (trip.person, trip.state) != (fired.person, fired.state):
        return False
    if trip.start is None:  # no real dates (a trip that never happened): the days its reports cover
        days = [published_day(r) for r in trip.reports]
        return min(days) - timedelta(days=MATCH_DAYS) <= fired.at.date() <= max(days) + timedelta(days=MATCH_DAYS)
    if fired.expected_start is not None:
        return abs((fired.expected_start - trip.start).days) <= MATCH_DAYS or within(fired, trip.start)
    return trip.start - timedelta(days=UNDATED_BEFORE) <= fired.at.date() <= (trip.end or trip.start)


def decision_f1(trips: list[Trip]) -> dict:
    from extract_bench import Tally, report_of

    from tracker.assess import assess
    from tracker.extract import Extractor

    extractor, tally = Extractor(), Tally()
    for t in trips:
        for r in t.reports:
            tally.add(r["gold"], assess(report_of(r), extractor).as_json(r["id"]))
    return tally.row()


def judge(trips: list[Trip], fired: list, totals_only: bool) -> dict:
    expected = [t for t in trips if t.expect == "alert" and t.first_alert_report is not None]
    by_trip: dict[str, list] = defaultdict(list)
    unmatched = []
    for f in fired:
        trip = next((t for t in trips if matches(t, f)), None)
        (by_trip[trip.id] if trip else unmatched).append(f)
    alerted = timely = duplicates = stale = 0
    false_weeks: set[tuple] = set()
    leads = []
    for t in trips:
        mine = by_trip.get(t.id, [])
        if t.expect != "alert":
            false_weeks |= {(f.person, f.state, f.at.isocalendar()[:2]) for f in mine}
            continue
        late = [f for f in mine if t.over and f.at.date() > t.over]
        stale += len(late)
        for f in late if not totals_only else []:
            print(f"  STALE {f.at:%Y-%m-%d} {f.person} → {f.state} ({f.expected_start}) after {t.id} {f.report_url}")
        before = [f for f in mine if not t.over or f.at.date() <= t.over]
        duplicates += max(0, len(before) - 1)
        if t not in expected:
            continue
        first = before[0] if before else None
        alerted += first is not None
        on_time = first is not None and first.at.date() <= t.first_alert_report
        timely += on_time
        lead = (t.start - first.at.date()).days if first and t.start else None
        if lead is not None:
            leads.append(lead)
        if not totals_only:
            got = f"first alert {first.at:%Y-%m-%d}" if first else "no alert"
            best = f"best {t.first_alert_report}"
            print(f"  {'ok ' if on_time else 'LATE' if first else 'MISS'} {t.id:32} {t.person} → {t.state} "
                  f"{t.start or '?'}: {got} ({best}){f', lead {lead} d' if lead is not None else ''}")  # fmt: skip
    false_weeks |= {(f.person, f.state, f.at.isocalendar()[:2]) for f in unmatched}
    situations = [t for t in trips if t.expect != "alert"]
    if not totals_only:
        for f in unmatched:
            print(f"  FALSE {f.at:%Y-%m-%d} {f.person} → {f.state} ({f.expected_start}) {f.report_url}")
        for t in trips:
            for f in by_trip.get(t.id, []) if t.expect != "alert" else []:
                print(f"  FALSE {f.at:%Y-%m-%d} {f.person} → {f.state} on {t.id} ({t.situation})")
    return {
        "trips": len(trips),
        "reports": sum(len(t.reports) for t in trips),
        "alertable trips": len(expected),
        "alerted": alerted,
        "timely (on the first announcing day)": timely,
        "timely share": timely / len(expected) if expected else float("nan"),
        "median lead (days)": sorted(leads)[len(leads) // 2] if leads else float("nan"),
        "duplicate alerts": duplicates,
        "non-warranted situations": len(situations),
        "false démarches (person–state–week)": len(false_weeks),
        "false per 25 situations": 25 * len(false_weeks) / max(1, len(situations)),
        "stale re-alerts": stale,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, nargs="+", default=DEFAULT_SETS, help="corpus folders")
    parser.add_argument("--totals-only", action="store_true", help="for blind sets: print no trip or report")
    parser.add_argument("--until", help="replay until this day (default: 60 days after the last report)")
    parser.add_argument("--no-f1", action="store_true", help="skip the per-report decision F1")
    args = parser.parse_args()
    missing = [s for s in args.set if not (s / "trips.csv").is_file()]
    if missing:
        sys.exit(f"no trips.csv in {', '.join(map(str, missing))}")
    trips = [t for s in args.set for t in load(s)]
    until = datetime.combine(date.fromisoformat(args.until), datetime.min.time(), UTC) if args.until else None
    began = time.perf_counter()
    fired = replay(trips, until)
    seconds = time.perf_counter() - began
    print(f"replayed {sum(len(t.reports) for t in trips)} reports of {len(trips)} trips in {seconds:.1f} s;"
          f" {len(fired)} good-offices alerts")  # fmt: skip
    totals = judge(trips, fired, args.totals_only)
    if not args.no_f1:
        totals.update({f"report {k}": v for k, v in decision_f1(trips).items() if k in ("decision F1", "alert P",
                                                                                       "alert R")})  # fmt: skip
    for key, value in totals.items():
        print(f"{key:40} {value:.3f}" if isinstance(value, float) else f"{key:40} {value}")


if __name__ == "__main__":
    main()
