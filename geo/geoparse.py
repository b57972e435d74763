"""Finds the places a text names and the country each one is in.

One Aho-Corasick pass over the folded text finds every gazetteer name; word boundaries (any script,
with the inflected forms the gazetteer holds), capitalisation and the longest match keep the real
mentions; then each mention's candidates are scored by kind, population and the document's other
places, which settles Georgia (the state or the country), Congo, a small town called like a common
word, and a country's name worn by a person ("Chad Smith", "Michael Jordan").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass

from geo.gazetteer import Entry, Gazetteer, default_gazetteer
from geo.names import fold, is_word_char, script_of

# admin1 and admin2 entries carry no population: their prior stands in for a typical one
KIND_PRIOR = {"country": 3.0, "continent": 2.5, "demonym": 2.2, "admin1": 3.0, "city": 1.0, "admin2": 2.0}
CAPITAL_BONUS = 0.8
CONTEXT_BONUS = 2.5
ADMIN1_BONUS = 1.0
QUALIFIER_BONUS = 4.0
PLACE_WORD_POPULATION = 100_000
CITY_OVER_REGION = 100_000
SMALL_TOWN = 5_000
BIG_CITY = 1_000_000
CASED_SCRIPTS = ("Latin", "Cyrillic")
UNBOUNDED_SCRIPTS = ("Han",)
# Place names that are also given names: dropped when the next word continues a person's name.
GIVEN_NAMES = frozenset(
    fold(n)
    for n in (
        "Chad",
        "Jordan",
        "Georgia",
        "Israel",
        "India",
        "Victoria",
        "Florence",
        "Paris",
        "Austin",
        "Charlotte",
        "Lincoln",
        "Houston",
        "Madison",
        "Chelsea",
        "Sydney",
        "Phoenix",
        "Dallas",
        "Jackson",
        "Aurora",
        "Kent",
        "Tyler",
        "Eugene",
        "Orlando",
        "Winston",
        "Marshall",
        "Lafayette",
        "Franklin",
        "Clinton",
        "Warren",
        "Hamilton",
        "Washington",
        "Columbus",
        "America",
        "Regina",
        "Adelaide",
        "Alexandria",
        "Santiago",
        "Salvador",
        "Jersey",
        "Kingston",
        "Chester",
        "Camden",
        "Denver",
        "Lorraine",
        "Beverly",
        "Shelby",
        "Vladimir",
        "Sergei",
        "Maria",
        "Rodrigo",
        "Omar",
        "Joseph",
        "Viktor",
        "Valery",
        "Benjamin",
        "Yoav",
        "Ali",
    )
)
WORD = re.compile(r"\w[\w'’.-]*", re.UNICODE)


@dataclass(frozen=True)
class Place:
    """One mention of a place: where it stands in the text and what it resolved to."""

    name: str
    start: int
    end: int
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    score: float

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class Mention:
    start: int
    end: int
    candidates: list[Entry]
    common_word: bool


Pick = tuple[Entry, float] | None


def _bounded(text: str, start: int, end: int) -> bool:
    if script_of(text[start:end]) in UNBOUNDED_SCRIPTS:
        return True
    before = start == 0 or not is_word_char(text[start - 1])
    after = end == len(text) or not is_word_char(text[end])
    return before and after


def _cased_right(text: str, start: int, end: int) -> bool:
    """Latin and Cyrillic names are capitalised in running text (Turkey the state, not turkey the bird)."""
    span = text[start:end]
    if script_of(span) not in CASED_SCRIPTS:
        return True
    return span[0].isupper()


def _next_word(text: str, end: int) -> str:
    match = WORD.match(text, end + 1) if end < len(text) and text[end] == " " else None
    return match.group(0) if match else ""


def _previous_word(text: str, start: int) -> str:
    if start < 2 or text[start - 1] != " " or text[start - 2] in ".!?:;\n":
        return ""
    words = WORD.findall(text[max(0, start - 40) : start - 1])
    return words[-1] if words else ""


def _is_place_word(word: str, gaz: Gazetteer) -> bool:
    """A word that names a country, a region or a sizeable city (a namesake hamlet does not count)."""
    return any(e.kind != "city" or e.population >= PLACE_WORD_POPULATION for e in gaz.lookup(word.rstrip(".")))


def _person_span(text: str, start: int, end: int, gaz: Gazetteer) -> tuple[int, int] | None:
    """'Chad Smith', 'Michael Jordan': a given-name toponym with a capitalised word beside it that is no
    place is a person; the span of both words is returned so that neither is read as a place."""
    if fold(text[start:end]) not in GIVEN_NAMES:
        return None
    following = _next_word(text, end)
    if following and following[0].isupper() and not following.isupper() and not _is_place_word(following, gaz):
        return start, end + 1 + len(following)
    preceding = _previous_word(text, start)
    if preceding and preceding[0].isupper() and not preceding.isupper() and not _is_place_word(preceding, gaz):
        return start - 1 - len(preceding), end
    return None


def find_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Every gazetteer name standing as a word of its own, the longest where mentions overlap."""
    folded = fold(text)
    hits = [
        (start, end, key)
        for start, end, key in gaz.find(folded)
        if _bounded(text, start, end) and _cased_right(text, start, end)
    ]
    people = [span for span in (_person_span(text, s, e, gaz) for s, e, _ in hits) if span]
    mentions: list[Mention] = []
    for start, end, key in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        taken = mentions and any(start < m.end and m.start < end for m in mentions)
        if taken or any(start < p_end and p_start < end for p_start, p_end in people):
            continue
        mentions.append(Mention(start, end, _prune(gaz.places_for_key(key)), gaz.is_common_word(key)))
    return sorted(mentions, key=lambda m: m.start)


def _prune(candidates: list[Entry]) -> list[Entry]:
    """A subdivision named after its big city (Ulaanbaatar, Moscow, Budapest) yields to the city itself."""
    cities = {e.country for e in candidates if e.kind == "city" and e.population >= CITY_OVER_REGION}
    return [e for e in candidates if not (e.kind in ("admin1", "admin2") and e.country in cities)]


def _prior(entry: Entry) -> float:
    score = KIND_PRIOR[entry.kind] + math.log10(entry.population + 1) / 3
    return score + (CAPITAL_BONUS if entry.capital else 0.0)


def _needs_support(entry: Entry, common_word: bool) -> bool:
    """Small towns, common words and lesser subdivisions count only where the text points to their country."""
    if entry.kind == "admin2":
        return True
    if entry.kind != "city" or entry.capital:
        return False
    return entry.population < SMALL_TOWN or (common_word and entry.population < BIG_CITY)


def _qualifiers(text: str, mentions: list[Mention]) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """'Alexandria, Louisiana': a place and the region or country right after its comma belong together.

    Returns, for inner places, the codes of the regions and countries that follow them, and for those
    regions and countries, the codes of the places they qualify."""
    inner: dict[int, set[str]] = {}
    outer: dict[int, set[str]] = {}
    for i, (m, nxt) in enumerate(itertools.pairwise(mentions)):
        if text[m.end : nxt.start].strip() != ",":
            continue
        regions = [e for e in nxt.candidates if e.kind in ("country", "admin1")]
        if regions:
            inner[i] = {e.admin1 for e in regions if e.kind == "admin1"} | {e.country for e in regions}
            outer[i + 1] = {e.admin1 for e in m.candidates} | {e.country for e in m.candidates}
    return inner, outer


def _qualified(e: Entry, i: int, qualifiers: tuple[dict[int, set[str]], dict[int, set[str]]]) -> bool:
    inner, outer = qualifiers
    if e.country in inner.get(i, ()) or e.admin1 in inner.get(i, ()):
        return True
    codes = outer.get(i, ())
    return (e.kind == "admin1" and e.admin1 in codes) or (e.kind == "country" and e.country in codes)


def _resolve(
    mentions: list[Mention],
    qualifiers: dict[int, set[str]],
    countries: Counter,
    regions: Counter,
    previous: list[Pick] | None = None,
) -> list[Pick]:
    """The best supported candidate of each mention; a mention's own earlier pick does not support itself."""
    chosen: list[Pick] = []
    for i, m in enumerate(mentions):
        own = previous[i][0] if previous and previous[i] else None
        best = None
        for e in m.candidates:
            in_country = countries[e.country] - (own is not None and own.country == e.country)
            in_region = regions[e.admin1] - (own is not None and own.admin1 == e.admin1 and own.kind == "admin1")
            qualified = _qualified(e, i, qualifiers)
            if _needs_support(e, m.common_word) and not (in_country > 0 or in_region > 0 or qualified):
                continue
            score = _prior(e)
            score += (CONTEXT_BONUS + (in_country > 1) * 0.5) if e.country and in_country > 0 else 0.0
            score += ADMIN1_BONUS if e.admin1 and in_region > 0 else 0.0
            score += QUALIFIER_BONUS if qualified else 0.0
            if best is None or score > best[1]:
                best = (e, score)
        chosen.append(best)
    return chosen


def _one_sense(text: str, mentions: list[Mention], chosen: list[Pick]) -> list[Pick]:
    """A name means the same place throughout a document: the most confident reading wins for all."""
    best: dict[str, Pick] = {}
    for m, pick in zip(mentions, chosen, strict=True):
        key = fold(text[m.start : m.end])
        if pick is not None and (best.get(key) is None or pick[1] > best[key][1]):
            best[key] = pick
    out = []
    for m, pick in zip(mentions, chosen, strict=True):
        winner = best.get(fold(text[m.start : m.end]))
        out.append(winner if winner is not None and winner[0] in m.candidates else pick)
    return out


def _context(chosen: list[Pick]) -> tuple[Counter, Counter]:
    countries, regions = Counter(), Counter()
    for pick in chosen:
        if pick is not None:
            entry = pick[0]
            countries[entry.country] += 1
            if entry.kind == "admin1" and entry.admin1:
                regions[entry.admin1] += 1
    return countries, regions


def geoparse(text: str, lang: str | None = None, gaz: Gazetteer | None = None) -> list[Place]:
    """The places named in `text`, in order, each with its country (ISO alpha-2) and position.

    `lang` is accepted for callers that know it; names of every language are matched either way.
    """
    gaz = gaz or default_gazetteer()
    mentions = find_mentions(text, gaz)
    qualifiers = _qualifiers(text, mentions)
    countries, regions = Counter(), Counter()
    for m in mentions:  # unambiguous mentions (one country among the candidates) anchor the context
        if len({e.country for e in m.candidates}) == 1 and not all(
            _needs_support(e, m.common_word) for e in m.candidates
        ):
            countries[m.candidates[0].country] += 1
    first = _one_sense(text, mentions, _resolve(mentions, qualifiers, countries, regions))
    countries, regions = _context(first)
    chosen = _one_sense(text, mentions, _resolve(mentions, qualifiers, countries, regions, previous=first))
    return [
        Place(
            text[m.start : m.end],
            m.start,
            m.end,
            pick[0].country or None,
            pick[0].lat,
            pick[0].lon,
            pick[0].kind,
            round(pick[1], 3),
        )
        for m, pick in zip(mentions, chosen, strict=True)
        if pick is not None
    ]
