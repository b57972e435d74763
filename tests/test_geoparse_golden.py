"""The geoparser's places on 430 documents are the ones it found before its compiled core.

`tests/data/geoparse_golden.json` holds what the pure-Python geoparser (commit 6ad2fc9) returned for every
tenth document of the four gold corpora and for the title and lead of every labelled and held-out report
(without and with the report's language). A change that moves any span, country, kind, position or score
shows here. A change of the rules or of the gazetteer that does so on purpose rewrites the file with
`python tests/test_geoparse_golden.py "why"` (from the current geoparser, the shared corpora beside the
project) and says why in its commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from geo.geoparse import geoparse

DATA = Path(__file__).parent / "data"
GOLDEN_FILE = DATA / "geoparse_golden.json"
CORPORA = Path(__file__).resolve().parents[2] / "shared/corpora/geoparsing"
CORPUS_NAMES = ("geovirus", "geowebnews", "lgl", "trnews")
REPORT_SETS = ("labelled_reports", "heldout_reports")
CORPUS_STEP = 10  # every tenth document of each corpus


def _rows(text: str, lang: str | None) -> list[list]:
    return [[p.name, p.start, p.end, p.country, p.lat, p.lon, p.kind, p.score] for p in geoparse(text, lang)]


def _jsonl(path: Path) -> list[dict]:
    # one object a "\n"-ended line (texts may hold other line separators, which str.splitlines would split on)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _documents(source: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Document id -> (text, the languages it is parsed with: "" is none) of a corpus or report set."""
    if source in REPORT_SETS:
        return {
            r["id"]: ((r.get("title") or "") + "\n" + (r.get("summary") or ""), ("", r.get("language") or ""))
            for r in _jsonl(DATA / f"{source}.jsonl")
        }
    return {d["id"]: (d["text"], ("",)) for d in _jsonl(CORPORA / f"{source}.jsonl")}


def _golden(source: str) -> dict[tuple[str, str], list[list]]:
    """(document id, language) -> places, for one corpus or report set."""
    out = {}
    for key, places in json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))["places"].items():
        where, lang = key.rsplit("|", 1)
        corpus, doc = where.split("/", 1)
        if corpus == source:
            out[(doc, lang)] = places
    return out


def _check(source: str, documents: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    golden = _golden(source)
    assert len(golden) >= 10, f"too few golden documents for {source}"
    for (doc, lang), places in golden.items():
        assert _rows(documents[doc][0], lang or None) == places, f"{source} {doc} lang={lang!r}"


@pytest.mark.parametrize("reports", REPORT_SETS)
def test_reports_give_the_golden_places(reports):
    # a report keeps its id when it moves from the held-out set to the labelled set
    _check(reports, {doc: text for source in REPORT_SETS for doc, text in _documents(source).items()})


@pytest.mark.parametrize("corpus", CORPUS_NAMES)
def test_corpora_give_the_golden_places(corpus):
    if not (CORPORA / f"{corpus}.jsonl").is_file():
        pytest.skip(f"the shared gold corpora are not beside the project ({CORPORA / corpus}.jsonl absent)")
    _check(corpus, _documents(corpus))


def regenerate(why: str) -> None:
    """Rewrites the golden file from the current geoparser: one line a document and language."""
    rows = []
    for source in CORPUS_NAMES + REPORT_SETS:
        documents = list(_documents(source).items())
        for doc, (text, langs) in documents[:: CORPUS_STEP if source in CORPUS_NAMES else 1]:
            rows += [(f"{source}/{doc}|{lang}", _rows(text, lang or None)) for lang in langs]
    lines = ",\n".join(f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False, separators=(',', ':'))}" for k, v in rows)
    GOLDEN_FILE.write_text(f'{{"generated_by":{json.dumps(why)},\n"places":{{\n{lines}\n}}}}\n', encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not CORPORA.is_dir():
        print('usage: python tests/test_geoparse_golden.py "why places change" (../shared beside)', file=sys.stderr)
        sys.exit(2)
    regenerate(sys.argv[1])
