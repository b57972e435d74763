"""The geoparser's compiled core on odd input: any character of any script (lone surrogates, combining
marks, unassigned code points), names glued to marks and punctuation, texts of 100,000 characters,
punctuation only. It must return well-formed places, the same on every call, and never crash."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.gazetteer import KINDS
from geo.geoparse import Place, geoparse

# names, people, titles and joiners that lead the scan down its every path, in several scripts
PIECES = [
    "Paris", "Georgia", "Alexandria, Louisiana", "Chad Smith", "Vladimir Putin", "Владимир Путин", "Москва",
    "Ulaanbaatar", "Ankara'ya", "Türkiye'den", "U.S.", "EU", "St. Louis", "Mr. Patterson", "said Harding",
    "القاهرة", "فلاديمير بوتين", "ירושלים", "ארה\"ב", "北京", "普京访问蒙古", "Ἀθῆναι", "\u0301", "\u064b", "’s",
    "'", "-", ".", ",", " ", "\n", "\u2028", "_", "ǅ", "İstanbul", "ß", "\ud800", "\udfff", "\U0010ffff", "\x00",
]  # fmt: skip
any_char = st.characters(exclude_categories=())  # every code point, surrogates included
texts = st.one_of(
    st.text(any_char, max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(any_char, max_size=3)), max_size=60).map("".join),
    st.text(st.sampled_from(".,;:!?'’\"-–—()[]{}…«»„“ \n\t/\\*&%$#@"), max_size=500),
)


def check(text: str, lang: str | None = None) -> None:
    places = geoparse(text, lang)
    assert places == geoparse(text, lang)
    ends = 0
    for p in places:
        assert ends <= p.start < p.end <= len(text), (p, len(text))
        assert text[p.start : p.end] == p.name
        assert p.kind in KINDS and isinstance(p.score, float)
        assert p.country is None or len(p.country) == 2
        assert p == Place(**p.as_json()) and hash(p) == hash(Place(**p.as_json()))  # built by the core
        ends = p.end


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "en", "fr", "ar", "he", "zh", "ru", "xx", ""]))
def test_any_text_gives_well_formed_places(text, lang):
    check(text, lang)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_texts_of_100_000_characters(seed):
    check((seed * (100_000 // len(seed) + 1))[:100_000])


def test_places_built_by_the_core_are_frozen():
    place = geoparse("Talks in Paris.")[0]
    with pytest.raises(FrozenInstanceError):
        place.name = "Lyon"  # type: ignore[misc]
    assert vars(place) == place.as_json()


def test_empty_and_punctuation_only():
    for text in ("", " ", "\n", ".", "'s", "’", "-" * 10_000, "\u0301" * 1000, "..." * 5000):
        check(text)
