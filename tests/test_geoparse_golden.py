"""The geoparser's places on 430 documents are the ones it found before its compiled core.

`tests/data/geoparse_golden.json` holds what the pure-Python geoparser (commit 6ad2fc9) returned for every
tenth document of the four gold corpora and for the title and lead of every labelled and held-out report
(without and with the report's language). A change that moves any span, country, kind, position or score
shows here; a change of the rules that does so on purpose regenerates the file and says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.geoparse import geoparse

DATA = Path(__file__).parent / "data"
CORPORA = Path(__file__).resolve().parents[2] / "shared/corpora/geoparsing"
GOLDEN = json.loads((DATA / "geoparse_golden.json").read_text(encoding="utf-8"))["places"]


def _rows(text: str, lang: str | None) -> list[list]:
    return [[p.name, p.start, p.end, p.country, p.lat, p.lon, p.kind, p.score] for p in geoparse(text, lang)]


def _jsonl(path: Path) -> list[dict]:
    # one object a "\n"-ended line (texts may hold other line separators, which str.splitlines would split on)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _golden(source: str) -> dict[tuple[str, str], list[list]]:
    """(document id, language) -> places, for one corpus or report set."""
    out = {}
    for key, places in GOLDEN.items():
        where, lang = key.rsplit("|", 1)
        corpus, doc = where.split("/", 1)
        if corpus == source:
            out[(doc, lang)] = places
    return out


@pytest.mark.parametrize("reports", ["labelled_reports", "heldout_reports"])
def test_reports_give_the_golden_places(reports):
    golden = _golden(reports)
    texts = {}
    for report in _jsonl(DATA / f"{reports}.jsonl"):
        texts[report["id"]] = (report.get("title") or "") + "\n" + (report.get("summary") or "")
    assert golden, f"no golden places for {reports}"
    for (doc, lang), places in golden.items():
        assert _rows(texts[doc], lang or None) == places, f"{reports} {doc} lang={lang!r}"


@pytest.mark.parametrize("corpus", ["geovirus", "geowebnews", "lgl", "trnews"])
def test_corpora_give_the_golden_places(corpus):
    path = CORPORA / f"{corpus}.jsonl"
    if not path.is_file():
        pytest.skip(f"the shared gold corpora are not beside the project ({path} absent)")
    texts = {d["id"]: d["text"] for d in _jsonl(path)}
    golden = _golden(corpus)
    assert len(golden) >= 10, f"too few golden documents for {corpus}"
    for (doc, lang), places in golden.items():
        assert _rows(texts[doc], lang or None) == places, f"{corpus} {doc}"
