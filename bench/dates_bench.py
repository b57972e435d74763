"""Travel dates: tracker's own resolver (tracker.when) against dateparser's search_dates, on the reports'
date field (travel start within ±1 day of the gold), in the same process.

Run: .venv/bin/pip install dateparser && .venv/bin/python bench/dates_bench.py [SET.jsonl ...]

Each method resolves every date the extractor asks for (dateparser with the report's language, relative
to the publication day, preferring the future for plans and the past for trips over); `fallback` asks
dateparser only where tracker.when finds no date. Default sets: the labelled reports and the open replay
sets ra and rb (never a blind set: choosing between methods on it would be tuning on it).
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SETS = [ROOT / "tests/data/labelled_reports.jsonl", ROOT / "tests/data/replay/ra/reports.jsonl",
        ROOT / "tests/data/replay/rb/reports.jsonl"]  # fmt: skip


def with_dateparser(language: list[str]):
    from dateparser.search import search_dates

    from tracker.when import When

    def find(text, published, future=True):
        settings = {"RELATIVE_BASE": datetime(published.year, published.month, published.day),
                    "PREFER_DATES_FROM": "future" if future else "past"}  # fmt: skip
        try:
            dates = search_dates(text, languages=language or None, settings=settings)
        except ValueError:  # a language dateparser does not know ("tk"): let it detect one
            dates = search_dates(text, settings=settings)
        found, at = [], 0
        for said, moment in dates or []:
            start = text.find(said, at)
            if start >= 0:
                at = start + len(said)
                found.append(When(moment.date(), moment.date(), start, at, said))
        return found

    return find


def measure(method: str, path: Path) -> str:
    from extract_bench import Tally, load, report_of

    import tracker.claim_dates
    import tracker.looking_back
    from tracker.assess import assess
    from tracker.extract import Extractor
    from tracker.when import find_dates

    extractor, tally, began = Extractor(), Tally(), time.perf_counter()
    language: list[str] = []
    parser = with_dateparser(language)
    chosen = {"tracker.when": find_dates, "dateparser": parser,
              "fallback": lambda *a, **k: find_dates(*a, **k) or parser(*a, **k)}[method]  # fmt: skip
    tracker.claim_dates.find_dates = tracker.looking_back.find_dates = chosen
    for item in load(path):
        language[:] = [item["language"]] if item.get("language") else []
        tally.add(item["gold"], assess(report_of(item), extractor).as_json(item["id"]))
    row, took = tally.row(), time.perf_counter() - began
    return (
        f"{method:13s} {path.parent.name + '/' + path.name:38s} date ±1 day {row['date ±1 day']:.3f}  "
        f"decision F1 {row['decision F1']:.3f}  modality {row['modality']:.3f}  {took:5.1f} s"
    )


def main() -> None:
    try:
        import dateparser  # noqa: F401
    except ImportError:
        sys.exit("dateparser is not installed: .venv/bin/pip install dateparser")
    for path in [Path(p) for p in sys.argv[1:]] or SETS:
        for method in ("tracker.when", "dateparser", "fallback"):
            print(measure(method, path), flush=True)


if __name__ == "__main__":
    main()
