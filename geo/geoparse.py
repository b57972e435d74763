"""Finds the places a text names and the country each one is in.

The gazetteer proposes every name that stands in the text; word boundaries (any script, with the
inflected forms the gazetteer holds), capitalisation and the longest match keep the real mentions.
Names that belong to people are set aside: the watched people's own names ("Vladimir Putin"), and a
small town or a given-name country next to a capitalised word that is no place ("Chad Smith",
"Michael Jordan", "Kelly Jones"). Each mention's candidates are then scored by kind, population and
the document's other places, which settles Georgia (the state or the country), Congo, and a town
called like a common word.

The per-character and per-candidate loops run in a compiled core (geo/_scan.c: text to mentions, with
_names.c, _people.c and _person.c; geo/_resolve.c: mentions to places; geo/_geoparse.c: the Parser). The
rules' constants and word lists below, and the judgements made once per character, name or place
(`char_traits`, `key_traits`, `_prior`, `_needs_support`), are handed to it when it is built, so that
tuning a rule is an edit here.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields
from functools import cache

import numpy as np

from geo import _geoparse as core
from geo.gazetteer import (
    CAPITAL,
    KINDS,
    MAX_NAME_LENGTH,
    SUFFIX_AFTER_APOSTROPHE,
    UNCASED_LETTER,
    Gazetteer,
    default_gazetteer,
)
from geo.names import fold, is_word_char, script_of
from geo.people import default_name_forms

# Places with no population (subdivisions, regions) get a prior that stands in for a typical one.
KIND_PRIOR = {
    "country": 5.0,
    "region": 6.5,
    "continent": 5.0,
    "demonym": 4.0,
    "admin1": 6.0,
    "city": 1.0,
    "admin2": 4.0,
}
CAPITAL_BONUS = 1.0
COUNTRY_SUPPORT = 1.0
REGION_SUPPORT = 4.0
FOREIGN_SUBDIVISION = 2.0  # a subdivision of a country the text does not name is seldom meant
QUALIFIER_BONUS = 5.0
SMALL_TOWN = 5_000
BIG_CITY = 1_000_000
PERSONAL_TOWN = 100_000  # a town this small beside a surname is more likely part of a name
RENAMED_TOWN = 500_000  # the same, for a town found by one of its other names
NAMED_CITY = 100_000  # a subdivision named after a city this big yields to the city (Ulaanbaatar, Moscow)
SHORT_NAME = 4  # a doubtful capital this short needs its country named (Hebrew "they said" is Maseru's name)
COMMON_TOWN = 100_000  # a town called like a common word needs its region named; a bigger one, its country
CASED_SCRIPTS = ("Latin", "Cyrillic")
UNBOUNDED_SCRIPTS = ("Han",)
SCORE_DIGITS = 3  # a Place's score is rounded to these decimals
WINDOW_BEFORE = 40  # characters looked back for the word before a name
COUNTY = re.compile(r" (?:County|Parish|Borough|Municipality|District)$")
# Country and state names that are also given names: dropped when the next word continues a name.
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
        "Kenya",
        "Virginia",
        "Carolina",
        "Dakota",
        "Nevada",
        "Montana",
        "Indiana",
        "Sudan",
        "Niger",
    )
)
# Capitalised words that are no part of a person's name (titles, institutions, sentence openers).
NOT_NAMES = frozenset(
    fold(w)
    for w in (
        "In",
        "On",
        "At",
        "From",
        "To",
        "For",
        "Since",
        "After",
        "Before",
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "Of",
        "By",
        "With",
        "Without",
        "Into",
        "Across",
        "Near",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "Northeast",
        "Northwest",
        "Southeast",
        "Southwest",
        "St.",
        "Governor",
        "President",
        "Prime",
        "Minister",
        "Ministry",
        "Government",
        "Parliament",
        "Police",
        "Army",
        "Court",
        "City",
        "State",
        "States",
        "University",
        "Republic",
        "Kingdom",
        "National",
        "Federal",
        "County",
        "Province",
        "Region",
        "Embassy",
        "Foreign",
        "Defence",
        "Defense",
        "Senate",
        "Congress",
        "Council",
        "King",
        "Queen",
        "Prince",
        "Sheikh",
        "General",
        "Gen.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Sen.",
        "Rep.",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Reuters",
        "AP",
        "AFP",
        "Airport",
        "International",
        "Summit",
        "Talks",
        "Visit",
        "Capital",
        "Border",
        "Coast",
        "Island",
        "Islands",
    )
)


SPEECH = frozenset(("said", "says", "told", "added", "asked", "wrote", "explained", "noted", "insisted", "believed"))
HONORIFICS = frozenset(
    fold(w)
    for w in (
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Lt.",
        "Sgt.",
        "Capt.",
        "Gov.",
        "Sen.",
        "Rep.",
        "Del.",
        "Mayor",
        "Judge",
        "Coach",
        "Officer",
        "Chief",
        "Sheriff",
        "Deputy",
        "Detective",
        "Det.",
        "Prof.",
        "Rev.",
        "Father",
        "Sister",
    )
)


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


def char_traits(code: int) -> tuple[int, int]:
    """What the core asks once of each character: its folded form, and whether it is part of a word (marks
    included), of a script with capitals or written without spaces, or a letter of a script without capitals
    (the gazetteer's automaton looks for names in those)."""
    char = chr(code)
    folded, script = fold(char), script_of(char)
    flags = (
        (core.CH_WORD if is_word_char(char) else 0)
        | (core.CH_CASED_SCRIPT if script in CASED_SCRIPTS else 0)
        | (core.CH_UNBOUNDED_SCRIPT if script in UNBOUNDED_SCRIPTS else 0)
        | (core.CH_UNCASED_LETTER if re.fullmatch(UNCASED_LETTER, folded) else 0)
    )
    return ord(folded), flags


def key_traits(gaz: Gazetteer, key: int) -> int:
    """What the core asks once of each name: a frequent word (Mobile, Nice, Split: it needs support), written
    in capitals (US, DRC), meaning some place only in some languages, a given name (GIVEN_NAMES), and whether
    it names a place too big or of a kind that no one's surname is (a capitalised word beside a town is part
    of a person's name unless it is such a place)."""
    blocks_name = any(gaz.kind_of[p] != "city" or gaz.people[p] >= PERSONAL_TOWN for p in gaz.members(key))
    return (
        (core.KEY_COMMON if gaz.is_common_word(key) else 0)
        | (core.KEY_ACRONYM if gaz.is_acronym(key) else 0)
        | (core.KEY_BOUND if key in gaz.bound_keys else 0)
        | (core.KEY_GIVEN_NAME if gaz.keys[key] in GIVEN_NAMES else 0)
        | (core.KEY_BLOCKS_NAME if blocks_name else 0)
    )


def _own_key(gaz: Gazetteer, p: int) -> int:
    """The name a place goes by, as a key (-1 if it is none): a place found by another key was found by one of
    its other names."""
    return gaz.key_of(fold(gaz.name[p]))


def _prior(gaz: Gazetteer, p: int) -> float:
    score = KIND_PRIOR[gaz.kind_of[p]] + math.log10(gaz.people[p] + 1) / 2
    return score + (CAPITAL_BONUS if gaz.is_capital[p] else 0.0)


def _described(gaz: Gazetteer, p: int) -> tuple[str | None, float | None, float | None, str]:
    """What a Place says of the place it resolved to, beside its name, position and score."""
    e = gaz.entry(p)
    return e.country or None, e.lat, e.lon, e.kind


def _needs_support(gaz: Gazetteer, p: int, doubtful: bool, renamed: bool, long_name: bool) -> int:
    """What a candidate needs before it counts: its country named elsewhere, its region (or a qualifier), or
    nothing. A doubtful name (a frequent word, or any name in a script that joins prefixes to words, where
    short words collide with towns' names: Arabic "يوما", a day, is Yuma) needs more unless its city is very
    big. `renamed`: found by one of its other names; `long_name`: a name longer than SHORT_NAME."""
    kind = gaz.kind_of[p]
    if kind == "admin2":
        # "Butler County" says what it is; a bare subdivision name ("Butler") needs its country named
        return core.NEED_NOTHING if COUNTY.search(gaz.name[p]) else core.NEED_COUNTRY
    if kind != "city":
        return core.NEED_NOTHING
    population = gaz.people[p]
    if population < COMMON_TOWN and renamed:
        doubtful = True  # a town's other name ("Büros", offices in German, for Borås)
    if doubtful:
        if population >= BIG_CITY or (gaz.is_capital[p] and long_name):
            return core.NEED_NOTHING
        return core.NEED_REGION if population < COMMON_TOWN and not gaz.is_capital[p] else core.NEED_COUNTRY
    return core.NEED_COUNTRY if population < SMALL_TOWN and not gaz.is_capital[p] else core.NEED_NOTHING


@cache
def _parser(gaz: Gazetteer) -> core.Parser:
    """The compiled core over `gaz`, with this module's rules. Countries and regions (admin1) are numbered
    together, as the rules compare them as codes; "" (no region) is 0."""
    codes: dict[str, int] = {"": 0}
    country = np.fromiter((codes.setdefault(c, len(codes)) for c in gaz.country), np.int32, len(gaz.country))
    admin1 = np.fromiter((codes.setdefault(a, len(codes)) for a in gaz.admin1), np.int32, len(gaz.admin1))
    return core.Parser(
        names=gaz.keys,
        other_first_words=gaz.other_first_words,
        not_names=NOT_NAMES,
        speech=SPEECH,
        speech_or_honorifics=SPEECH | HONORIFICS,
        people=sorted({name for forms in default_name_forms().values() for name in forms.full}),
        kind=np.ascontiguousarray(gaz.kind, dtype=np.uint8),
        population=np.ascontiguousarray(gaz.population, dtype=np.int64),
        capital=(gaz.flags & CAPITAL).astype(np.uint8),
        country=country,
        admin1=admin1,
        key_offsets=np.ascontiguousarray(gaz.key_offsets, dtype=np.int32),
        key_members=np.ascontiguousarray(gaz.key_members, dtype=np.int32),
        most_words=gaz.most_words,
        char_traits=char_traits,
        key_traits=lambda key: key_traits(gaz, key),
        members=gaz.members,
        uncased_hits=gaz.uncased_hits,
        prior=lambda p: _prior(gaz, p),
        needs_support=lambda p, doubtful, renamed, long_name: _needs_support(gaz, p, doubtful, renamed, long_name),
        own_key=lambda p: _own_key(gaz, p),
        constants={
            "kind_country": KINDS.index("country"),
            "kind_admin1": KINDS.index("admin1"),
            "kind_admin2": KINDS.index("admin2"),
            "kind_city": KINDS.index("city"),
            "kind_region": KINDS.index("region"),
            "personal_town": PERSONAL_TOWN,
            "renamed_town": RENAMED_TOWN,
            "big_city": BIG_CITY,
            "named_city": NAMED_CITY,
            "short_name": SHORT_NAME,
            "max_name_length": MAX_NAME_LENGTH,
            "suffix_after_apostrophe": SUFFIX_AFTER_APOSTROPHE,
            "window_before": WINDOW_BEFORE,
            "country_support": COUNTRY_SUPPORT,
            "region_support": REGION_SUPPORT,
            "foreign_subdivision": FOREIGN_SUBDIVISION,
            "qualifier_bonus": QUALIFIER_BONUS,
            "score_digits": SCORE_DIGITS,
        },
        place_class=Place,
        place_fields=tuple(f.name for f in fields(Place)),
        describe=lambda p: _described(gaz, p),
    )


def geoparse(text: str, lang: str | None = None, gaz: Gazetteer | None = None) -> list[Place]:
    """The places named in `text`, in order, each with its country (ISO alpha-2) and position.

    Names of every language are matched; `lang` (two letters), where the caller knows it, also admits the
    names that are frequent English words but name a country in that language (French "Chili", "Argentine").
    """
    return _parser(gaz or default_gazetteer()).parse(text, lang[:2].lower() if lang else None)
