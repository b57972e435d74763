"""Reports in languages the extractor has few or no words for: a reader is asked for rather than silence,
and the watched names are found in their Slavic cases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import run_tracker
from tracker.assess import assess
from tracker.claims import ReportText
from tracker.extract import Extractor
from tracker.people import default_matcher

# demokraatti.fi (Finnish), the Kremlin's announcement of 29 August 2024 (the page shows no date)
FINNISH = (
    "Putinin on määrä vierailla Mongoliassa, joka on kansainvälisen rikostuomioistuimen jäsen",
    "Kremlin mukaan Putin vierailee Mongoliassa maan presidentti Uhnaagiin Hurelsuhin kutsumana. Mongolia on "
    "kansainvälisen rikostuomioistuimen ICC:n jäsen. ICC antoi Putinista kansainvälisen pidätysmääräyksen viime "
    "vuonna.",
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_a_language_without_cue_words_asks_for_a_reader(extractor):
    got = assess(ReportText(*FINNISH, published=date(2024, 8, 29), language="fi"), extractor).as_json("x")
    got_fields = (got["persons"], got["destination"], got["modality"], got["decision"])
    assert got_fields == (["putin"], "MN", "none", "monitor")
    assert got["why"][0].startswith("needs a reader: no cue words for language 'fi'")


def test_a_reader_only_where_a_bound_state_is_named(extractor):
    """Before the warrant (17 March 2023) Mongolia owed the Court nothing about Putin: nothing to read for."""
    got = assess(ReportText(*FINNISH, published=date(2019, 7, 1), language="fi"), extractor)
    assert got.decision.decision == "none"


def test_the_extract_command_shows_the_reader_is_needed():
    line = {"id": "fi", "title": FINNISH[0], "summary": FINNISH[1], "published": "2024-08-29", "language": "fi"}
    result = run_tracker("extract", stdin=json.dumps(line) + "\n")
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["decision"] == "monitor" and got["destination"] == "MN"
    assert any(w.startswith("needs a reader") for w in got["why"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tadżykistan gości Władimira Putina mimo wydanego przez MTK nakazu aresztowania", [("putin", "Putina")]),
        ("Spotkanie z Putinem", [("putin", "Putinem")]),
        ("Ruski predsjednik sastao se s Putinom", [("putin", "Putinom")]),
        ("Tajomník ruskej Bezpečnostnej rady Sergej Šojgu pricestoval v stredu do Pchjongjangu",
         [("shoigu", "Sergej Šojgu")]),  # topky.sk, 2025-06-04
        ("Sergejs Šoigu otrdien ieradies kārtējā vizītē Ziemeļkorejā", [("shoigu", "Sergejs Šoigu")]),  # tvnet.lv
        ("राष्ट्रपति व्लादिमीर पुतिन के मंगलवार को मंगोलिया की यात्रा करने की उम्मीद है",
         [("putin", "व्लादिमीर पुतिन")]),  # shaktialmora.com, 2024-09
    ],
)  # fmt: skip
def test_slavic_cases_and_more_spellings(text, expected):
    assert [(m.person, text[m.start : m.end]) for m in default_matcher().find(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Joseph Kony's rebels were far from Konya, the Turkish city.",  # an ambiguous surname takes no ending
        "Netanyahu disambut di Bandara Internasional Liszt Ferenc.",  # "Banda" + "ra" is the airport
    ],
)
def test_a_longer_word_is_no_inflected_name(text):
    found = [text[m.start : m.end] for m in default_matcher().find(text)]
    assert "Konya" not in found and "Bandara" not in found
