"""Toponym recognition and country resolution on four gold corpora, against geotext in the same process.

Run: .venv/bin/python bench/geoparse_bench.py [--limit N] [--errors N] [--corpus NAME ...]

Reads ../shared/corpora/geoparsing/*.jsonl (GeoWebNews, LGL, TR-News, GeoVirus; see SOURCES.md there).
For each corpus and system: toponym precision, recall and F1 (a prediction matches a gold toponym when
their spans overlap, each gold and each prediction matched at most once), country accuracy on the
matched toponyms whose gold country is known, and documents per second (each system timed alone, warm,
best of --repeat runs over the same documents). Then the ratios ours/geotext and the targets.

geotext returns names, not offsets: each city and country name it returns is located in the text at
every whole-word occurrence (longest first where they overlap), with the country code from geotext's own
index (`GeoText.index.countries` / `GeoText.index.cities`). Only `GeoText(text)` and `geoparse(text)` are
timed; locating geotext's names and turning either system's answer into spans is this harness's work.
Demonyms count as predictions only where the gold annotates them (not in GeoVirus). `--errors N` prints N
sample misses, false alarms and country errors per corpus, and the most frequent ones, for tuning.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared/corpora/geoparsing"
ROOT = Path(__file__).resolve().parents[1]
TARGET_COUNTRY_ACCURACY = 0.95
TARGET_RECALL = 0.65
TARGET_F1_MARGIN = 0.15
# Gold toponyms naming a continent or a region spanning several states: the corpora's gold country comes from
# the point-in-polygon of a centroid (Africa → CF, Asia → CN, Europe → DE/PL), which no geoparser should
# reproduce. `country*` leaves them out; `country` is the plain metric.
SUPRANATIONAL = frozenset(
    (
        "africa", "asia", "europe", "oceania", "antarctica", "americas", "north america", "south america",
        "latin america", "central america", "middle east", "near east", "far east", "west africa", "east africa",
        "north africa", "southern africa", "sub-saharan africa", "horn of africa", "southeast asia",
        "south east asia", "south asia", "east asia", "central asia", "western europe", "eastern europe",
        "southern europe", "northern europe", "scandinavia", "balkans", "caribbean", "asia-pacific", "pacific",
        "atlantic", "mediterranean", "arctic", "eu", "european union", "gulf", "persian gulf", "sahel",
    )
)  # fmt: skip
# GeoWebNews, LGL and TR-News annotate demonyms ("Israeli" in "the Arab-Israeli conflict") as toponyms;
# GeoVirus does not (none of its 2,170 gold toponyms is one), so there our demonym Places (kind "demonym",
# told apart for every caller) are left out of the predictions, as geotext's nationalities are everywhere.
DEMONYM_CORPORA = frozenset({"geowebnews", "lgl", "trnews"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    name: str
    country: str | None
    kind: str = ""


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_country: int = 0
    country_right: int = 0
    with_national: int = 0  # gold country known and the toponym not SUPRANATIONAL
    national_right: int = 0
    seconds: float = 0.0
    docs: int = 0
    misses: list = field(default_factory=list)  # (doc, gold Span)
    false_alarms: list = field(default_factory=list)  # (doc, predicted Span)
    wrong_country: list = field(default_factory=list)  # (doc, gold Span, predicted Span)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def country_accuracy(self) -> float:
        return self.country_right / self.with_country if self.with_country else 0.0

    @property
    def national_accuracy(self) -> float:
        return self.national_right / self.with_national if self.with_national else 0.0

    @property
    def docs_per_second(self) -> float:
        return self.docs / self.seconds if self.seconds else float("inf")

    def add(self, other: Score) -> None:
        """Sum the counts and times (not the error samples) of another corpus into this one."""
        for f in fields(self):
            if f.type in ("int", "float"):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def load_corpora(names: list[str] | None, limit: int | None) -> dict[str, list[dict]]:
    if not CORPORA.is_dir() or not list(CORPORA.glob("*.jsonl")):
        sys.exit(f"geoparse_bench: no gold corpora at {CORPORA} (expected the shared corpora/geoparsing/*.jsonl)")
    corpora = {}
    for path in sorted(CORPORA.glob("*.jsonl")):
        if names and path.stem not in names:
            continue
        with path.open(encoding="utf-8") as handle:
            docs = [json.loads(line) for line in handle if line.strip()]
        corpora[path.stem] = docs[:limit] if limit else docs
    if not corpora:
        sys.exit(f"geoparse_bench: none of {names} in {CORPORA}")
    return corpora


def gold_spans(doc: dict) -> list[Span]:
    return [Span(t["start"], t["end"], t["name"], t.get("country")) for t in doc["toponyms"]]


def match(gold: list[Span], predicted: list[Span]) -> list[tuple[Span, Span]]:
    """Overlapping pairs, each span used at most once: largest overlap first, then nearest starts."""
    pairs = []
    for g in gold:
        for p in predicted:
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((-overlap, abs(g.start - p.start), g.start, p.start, g, p))
    pairs.sort(key=lambda x: x[:4])
    used_gold, used_pred, out = set(), set(), []
    for *_, g, p in pairs:
        if id(g) not in used_gold and id(p) not in used_pred:
            used_gold.add(id(g))
            used_pred.add(id(p))
            out.append((g, p))
    return out


def score_doc(score: Score, doc: dict, predicted: list[Span]) -> None:
    gold = gold_spans(doc)
    pairs = match(gold, predicted)
    score.gold += len(gold)
    score.predicted += len(predicted)
    score.matched += len(pairs)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    score.misses += [(doc, g) for g in gold if id(g) not in matched_gold]
    score.false_alarms += [(doc, p) for p in predicted if id(p) not in matched_pred]
    for g, p in pairs:
        if g.country:
            score.with_country += 1
            right = p.country == g.country
            score.country_right += right
            if g.name.casefold().removeprefix("the ") not in SUPRANATIONAL:
                score.with_national += 1
                score.national_right += right
            if not right:
                score.wrong_country.append((doc, g, p))


# --- the two systems -------------------------------------------------------------------------------------


def ours_spans(places) -> list[Span]:
    return [Span(p.start, p.end, p.name, p.country, p.kind) for p in places]


def _whole_words(text: str, name: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]


def geotext_spans(text: str, found) -> list[Span]:
    """Locate the names geotext returned; the longest wins where two occurrences overlap."""
    from geotext import GeoText

    index = GeoText.index
    candidates = []
    for name in set(found.countries):
        for start, end in _whole_words(text, name):
            candidates.append(Span(start, end, name, index.countries.get(name.lower()), "country"))
    for name in set(found.cities):
        for start, end in _whole_words(text, name):
            candidates.append(Span(start, end, name, index.cities.get(name.lower()), "city"))
    kept: list[Span] = []
    for span in sorted(candidates, key=lambda s: (s.start - s.end, s.start)):
        if not any(span.start < k.end and k.start < span.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def run_ours(docs: list[dict]) -> tuple[float, list[list[Span]]]:
    from geo.geoparse import geoparse

    began = time.perf_counter()
    found = [geoparse(doc["text"]) for doc in docs]
    seconds = time.perf_counter() - began
    return seconds, [ours_spans(places) for places in found]


def run_geotext(docs: list[dict]) -> tuple[float, list[list[Span]]]:
    from geotext import GeoText

    began = time.perf_counter()
    found = [GeoText(doc["text"]) for doc in docs]
    seconds = time.perf_counter() - began
    return seconds, [geotext_spans(doc["text"], f) for doc, f in zip(docs, found, strict=True)]


SYSTEMS = {"ours": run_ours, "geotext": run_geotext}


def evaluate(docs: list[dict], runner, repeat: int, demonyms: bool) -> Score:
    best, spans = None, None
    for _ in range(repeat):
        seconds, out = runner(docs)
        if best is None or seconds < best:
            best, spans = seconds, out
    score = Score(seconds=best, docs=len(docs))
    for doc, predicted in zip(docs, spans, strict=True):
        score_doc(score, doc, [s for s in predicted if demonyms or s.kind != "demonym"])
    return score


# --- reporting -------------------------------------------------------------------------------------------


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kilobytes


def snippet(doc: dict, span: Span, width: int = 40) -> str:
    text = doc["text"]
    before = text[max(0, span.start - width) : span.start].replace("\n", " ")
    after = text[span.end : span.end + width].replace("\n", " ")
    return f"…{before}[{text[span.start : span.end]}]{after}…"


def print_table(results: dict[str, dict[str, Score]]) -> None:
    header = (
        f"{'corpus':<11} {'system':<8} {'docs':>5} {'gold':>6} {'pred':>6} {'P':>6} {'R':>6} {'F1':>6}"
        f" {'country':>8} {'(n)':>6} {'country*':>8} {'(n)':>6} {'docs/s':>8}"
    )
    print(header)
    print("-" * len(header))
    for corpus, by_system in results.items():
        for system, s in by_system.items():
            print(
                f"{corpus:<11} {system:<8} {s.docs:>5} {s.gold:>6} {s.predicted:>6} {s.precision:>6.3f}"
                f" {s.recall:>6.3f} {s.f1:>6.3f} {s.country_accuracy:>8.3f} {s.with_country:>6}"
                f" {s.national_accuracy:>8.3f} {s.with_national:>6}"
                f" {s.docs_per_second:>8.0f}"
            )
    print("country* = country accuracy without gold continents and multi-state regions (SUPRANATIONAL)")
    print()
    print(f"{'corpus':<11} {'F1 ours/geotext':>16} {'speed ours/geotext':>19}")
    for corpus, by_system in results.items():
        o, g = by_system["ours"], by_system["geotext"]
        f1_ratio = o.f1 / g.f1 if g.f1 else float("inf")
        print(f"{corpus:<11} {f1_ratio:>16.2f} {o.docs_per_second / g.docs_per_second:>19.2f}")


def print_targets(results: dict[str, dict[str, Score]]) -> None:
    print()
    print(
        f"targets (every corpus): country accuracy >= {TARGET_COUNTRY_ACCURACY}, recall >= {TARGET_RECALL},"
        f" F1 >= geotext F1 + {TARGET_F1_MARGIN}, speed >= geotext"
    )
    for corpus, by_system in results.items():
        if corpus == "all":
            continue
        o, g = by_system["ours"], by_system["geotext"]
        checks = [
            (f"country {o.country_accuracy:.3f}", o.country_accuracy >= TARGET_COUNTRY_ACCURACY),
            (f"country* {o.national_accuracy:.3f}", o.national_accuracy >= TARGET_COUNTRY_ACCURACY),
            (f"recall {o.recall:.3f}", o.recall >= TARGET_RECALL),
            (f"F1 {o.f1:.3f} vs {g.f1 + TARGET_F1_MARGIN:.3f}", o.f1 >= g.f1 + TARGET_F1_MARGIN),
            (f"speed x{o.docs_per_second / g.docs_per_second:.2f}", o.docs_per_second >= g.docs_per_second),
        ]
        verdicts = ", ".join(f"{label} {'met' if ok else 'MISSED'}" for label, ok in checks)
        print(f"  {corpus:<11} {verdicts}")


def print_errors(corpus: str, score: Score, n: int) -> None:
    rng = random.Random(0)
    print(
        f"\n=== {corpus}: ours — {len(score.misses)} misses, {len(score.false_alarms)} false alarms,"
        f" {len(score.wrong_country)} country errors"
    )
    print("  most missed:", ", ".join(f"{k} ×{v}" for k, v in Counter(g.name for _, g in score.misses).most_common(15)))
    kinds = Counter(p.kind for _, p in score.false_alarms)
    print("  false alarms by kind:", ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print(
        "  most frequent false alarms:",
        ", ".join(f"{k} ×{v}" for k, v in Counter(p.name for _, p in score.false_alarms).most_common(15)),
    )
    confusions = Counter((g.name, g.country, p.country) for _, g, p in score.wrong_country)
    print(
        "  most frequent country errors:",
        ", ".join(f"{name} {gc}→{pc} ×{v}" for (name, gc, pc), v in confusions.most_common(15)),
    )
    gold_types = Counter(
        t.get("type") for doc, g in score.misses for t in doc["toponyms"] if t["start"] == g.start and t.get("type")
    )
    if gold_types:
        print("  misses by gold type:", ", ".join(f"{k} {v}" for k, v in gold_types.most_common()))
    print(f"  sample misses ({min(n, len(score.misses))}):")
    for doc, g in rng.sample(score.misses, min(n, len(score.misses))):
        print(f"    {g.name!r} gold {g.country}  {snippet(doc, g)}")
    print(f"  sample false alarms ({min(n, len(score.false_alarms))}):")
    for doc, p in rng.sample(score.false_alarms, min(n, len(score.false_alarms))):
        print(f"    {p.name!r} {p.kind} {p.country}  {snippet(doc, p)}")
    print(f"  sample country errors ({min(n, len(score.wrong_country))}):")
    for doc, g, p in rng.sample(score.wrong_country, min(n, len(score.wrong_country))):
        print(f"    {g.name!r} gold {g.country} ours {p.country} ({p.kind})  {snippet(doc, g)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="first N documents of each corpus")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N sample errors per corpus")
    parser.add_argument("--corpus", nargs="*", help="only these corpora (file stems)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per system and corpus (best is kept)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    corpora = load_corpora(args.corpus, args.limit)

    from geo.borders import default_borders
    from geo.geoparse import geoparse

    before = rss_mb()
    began = time.perf_counter()
    geoparse("Warm-up in Ulaanbaatar.")
    default_borders()
    print(
        f"gazetteer + borders loaded in {time.perf_counter() - began:.1f} s;"
        f" max RSS {before:.0f} MB after imports, {rss_mb():.0f} MB after loading"
    )

    import geotext  # noqa: F401  (its index loads on import: after our memory was measured)

    warm = [doc for docs in corpora.values() for doc in docs[:5]]
    for runner in SYSTEMS.values():
        runner(warm)

    results: dict[str, dict[str, Score]] = {}
    total = {system: Score() for system in SYSTEMS}
    for corpus, docs in corpora.items():
        results[corpus] = {
            system: evaluate(docs, runner, args.repeat, demonyms=corpus in DEMONYM_CORPORA)
            for system, runner in SYSTEMS.items()
        }
        for system, score in results[corpus].items():
            total[system].add(score)
    results["all"] = total

    print(f"{sum(len(d) for d in corpora.values())} documents from {CORPORA}\n")
    print_table(results)
    print_targets(results)
    if args.errors:
        for corpus in corpora:
            print_errors(corpus, results[corpus]["ours"], args.errors)


if __name__ == "__main__":
    main()
