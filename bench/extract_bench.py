"""Travel extraction on the labelled report set: quality per field, and speed.

Run: .venv/bin/python bench/extract_bench.py [--set tests/data/labelled_reports.jsonl] [--errors N]
(a blind set, never read: --set tests/data/blind/ba.jsonl --totals-only)

Each labelled report (real headline and lead, its URL and date, with gold persons, destination,
modality, travel start and decision) goes through `tracker.assess.assess`, the code behind
`tracker extract`. Printed: decision precision/recall/F1 for "alert" against everything else (target
F1 ≥ 0.90), person precision/recall on the reports of a trip (the set labels persons only where they
travel), destination accuracy on the reports whose gold has a destination
(≥ 0.90), modality accuracy on all (≥ 0.85), travel start within ±1 day on the reports whose gold
has a date (≥ 80 %), and the same per language; then how many reports fall in each error class, by
their first wrong field (a trip missed, travel read where there is none, a false or missed alert, the
destination, the modality, the date), blind sets too. Speed: reports per second on one core for reports
naming no watched person (the gold corpora's news texts; target ≥ 10,000/s) and for the labelled
reports, which do (≥ 100/s). The baseline in the same process for the first is one pass of Python's
`str.lower` over the same texts: the cost of merely touching every character once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_SET = ROOT / "tests/data/labelled_reports.jsonl"
CORPORA = ROOT.parent / "shared/corpora/geoparsing"
TARGETS = {"decision F1": 0.90, "destination": 0.90, "modality": 0.85, "date ±1 day": 0.80}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def report_of(item: dict):
    from tracker.assess import parse_published
    from tracker.claims import ReportText

    return ReportText(
        item.get("title") or "", item.get("summary") or "", "", parse_published(item.get("published")),
        item.get("language"),
    )  # fmt: skip


def within_a_day(got: dict, gold: dict) -> bool:
    """The travel start found is the gold one, give or take a day (both given)."""
    from datetime import date

    return abs((date.fromisoformat(got["travel_start"]) - date.fromisoformat(gold["travel_start"])).days) <= 1


class Tally:
    def __init__(self) -> None:
        self.n = 0
        self.tp = self.fp = self.fn = 0
        self.person_tp = self.person_fp = self.person_fn = 0
        self.dest = Counter()
        self.modality = Counter()
        self.dates = Counter()
        self.fields = Counter()  # per field: right, predicted and gold counts for precision and recall

    def add(self, gold: dict, got: dict) -> None:
        self.n += 1
        alert_gold, alert_got = gold["decision"] == "alert", got["decision"] == "alert"
        self.tp += alert_gold and alert_got
        self.fp += alert_got and not alert_gold
        self.fn += alert_gold and not alert_got
        if gold["modality"] != "none":  # the set names people only where they travel
            gp, pp = set(gold["persons"]), set(got["persons"])
            self.person_tp += len(gp & pp)
            self.person_fp += len(pp - gp)
            self.person_fn += len(gp - pp)
        if gold.get("destination"):
            self.dest[gold["destination"] == got["destination"]] += 1
        self.modality[gold["modality"] == got["modality"]] += 1
        right = False
        if gold.get("travel_start"):
            right = got["travel_start"] is not None and within_a_day(got, gold)
            self.dates[right] += 1
        self._count("date", got["travel_start"] is not None, gold.get("travel_start") is not None, right)
        self._count("destination", got["destination"] is not None, gold.get("destination") is not None,
                    got["destination"] is not None and got["destination"] == gold.get("destination"))  # fmt: skip
        for kind in ("planned", "ongoing", "completed", "cancelled", "denied", "none"):
            self._count(
                kind, got["modality"] == kind, gold["modality"] == kind, got["modality"] == gold["modality"] == kind
            )

    def _count(self, field: str, predicted: bool, expected: bool, right: bool) -> None:
        self.fields[field, "predicted"] += predicted
        self.fields[field, "gold"] += expected
        self.fields[field, "right"] += right

    def precision_recall(self, field: str) -> tuple[float, float]:
        right = self.fields[field, "right"]
        return right / max(1, self.fields[field, "predicted"]), right / max(1, self.fields[field, "gold"])

    @staticmethod
    def ratio(c: Counter) -> float:
        return c[True] / (c[True] + c[False]) if c else float("nan")

    def row(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        pp = self.person_tp / (self.person_tp + self.person_fp) if self.person_tp + self.person_fp else 1.0
        pr = self.person_tp / (self.person_tp + self.person_fn) if self.person_tp + self.person_fn else 1.0
        return {
            "n": self.n, "alert P": p, "alert R": r, "decision F1": f1, "person P": pp, "person R": pr,
            "destination": self.ratio(self.dest), "modality": self.ratio(self.modality),
            "date ±1 day": self.ratio(self.dates),
        }  # fmt: skip


ERROR_CLASSES = (
    "trip missed (gold travel, no claim)",
    "travel read where the gold has none",
    "false alert",
    "alert missed",
    "wrong destination",
    "wrong modality",
    "wrong travel start (beyond ±1 day)",
    "right",
)


def error_class(gold: dict, got: dict) -> str:
    """The first way a report is wrong, from what the user feels most (a trip unseen, a false alert) to the
    details: the classes of bench output, so a change can be judged by what it moves."""
    travels = gold["modality"] != "none"
    if travels and got["modality"] == "none" and not got["destination"]:
        return ERROR_CLASSES[0]
    if not travels and not gold.get("destination") and got["destination"]:
        return ERROR_CLASSES[1]
    if got["decision"] == "alert" and gold["decision"] != "alert":
        return ERROR_CLASSES[2]
    if gold["decision"] == "alert" and got["decision"] != "alert":
        return ERROR_CLASSES[3]
    if gold.get("destination") and got["destination"] != gold["destination"]:
        return ERROR_CLASSES[4]
    if got["modality"] != gold["modality"]:
        return ERROR_CLASSES[5]
    if gold.get("travel_start") and got["travel_start"] and not within_a_day(got, gold):
        return ERROR_CLASSES[6]
    return ERROR_CLASSES[7]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--errors", type=int, default=0, help="print up to N wrong reports")
    parser.add_argument("--totals-only", action="store_true", help="for blind sets: totals and targets, no report")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):  # one core, as the target says
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from tracker.assess import assess
    from tracker.extract import Extractor

    items = load(args.set)
    extractor = Extractor()
    assess(report_of(items[0]), extractor)  # warm: gazetteer, automata
    total, by_language = Tally(), defaultdict(Tally)
    wrong = []
    began = time.perf_counter()
    results = [assess(report_of(item), extractor).as_json(item["id"]) for item in items]
    named_rate = len(items) / (time.perf_counter() - began)
    for item, got in zip(items, results, strict=True):
        gold = item["gold"]
        total.add(gold, got)
        by_language[item.get("language") or "?"].add(gold, got)
        fields = ("decision", "destination", "modality")
        if any(gold.get(f) != got.get(f) for f in fields) or set(gold["persons"]) != set(got["persons"]):
            wrong.append((item, got))

    columns = list(total.row())
    print(f"{len(items)} labelled reports from {args.set}\n")
    print(f"{'language':10s}" + "".join(f"{c:>13s}" for c in columns))
    for name, tally in [("all", total), *([] if args.totals_only else sorted(by_language.items()))]:
        row = tally.row()
        print(f"{name:10s}" + "".join(f"{row[c]:>13.0f}" if c == "n" else f"{row[c]:>13.3f}" for c in columns))

    print()
    row = total.row()
    for field, target in TARGETS.items():
        print(f"target {field} ≥ {target:.2f}: {row[field]:.3f} {'met' if row[field] >= target else 'MISSED'}")

    print("\nper field (all reports), precision / recall:")
    for field in ("destination", "date", "planned", "ongoing", "completed", "cancelled", "denied", "none"):
        p, r = total.precision_recall(field)
        label = field if field in ("destination", "date") else f"modality {field}"
        print(f"  {label:20s} P {p:.3f}  R {r:.3f}  ({total.fields[field, 'gold']} in the gold)")

    classes = Counter(error_class(item["gold"], got) for item, got in zip(items, results, strict=True))
    print("\nerror classes (each report counted once, by its first wrong field in this order):")
    for name in ERROR_CLASSES:
        print(f"  {name:44s} {classes[name]:4d}")

    texts = [json.loads(line)["text"][:600] for f in sorted(CORPORA.glob("*.jsonl")) for line in f.open()]
    if texts:
        began = time.perf_counter()
        for t in texts:
            t.lower()
        baseline = len(texts) / (time.perf_counter() - began)
        began = time.perf_counter()
        unnamed = [t for t in texts if not extractor.extract(report_of({"title": t}))]
        rate = len(texts) / (time.perf_counter() - began)
        print(
            f"\nspeed, reports naming no watched person ({len(unnamed)} of {len(texts)} news leads of 600 chars):"
            f" {rate:,.0f}/s (target 10,000/s: {'met' if rate >= 10_000 else 'MISSED'});"
            f" baseline str.lower {baseline:,.0f}/s, ratio {rate / baseline:.3f}"
        )
    print(f"speed, labelled reports (they name someone): {named_rate:,.0f}/s (target 100/s:"
          f" {'met' if named_rate >= 100 else 'MISSED'})")  # fmt: skip

    if args.errors and not args.totals_only:
        print(f"\n{len(wrong)} reports with a wrong field; the first {args.errors}:")
        for item, got in wrong[: args.errors]:
            g = item["gold"]
            print(f"- {item['id']} [{item.get('language')}] {item['title'][:90]}")
            print(f"    gold {g['persons']} {g['destination']} {g['modality']} {g['travel_start']} {g['decision']}")
            print(f"    got  {got['persons']} {got['destination']} {got['modality']} {got['travel_start']}"
                  f" {got['decision']} | {got['why'][-4:] if got['why'] else ''}")  # fmt: skip


if __name__ == "__main__":
    main()
