"""Finds the places a text names and the country each one is in.

The gazetteer proposes every name that stands in the text; word boundaries (any script, with the
inflected forms the gazetteer holds), capitalisation and the longest match keep the real mentions.
Names that belong to people are set aside: the watched people's own names ("Vladimir Putin"), and a
small town or a given-name country next to a capitalised word that is no place ("Chad Smith",
"Michael Jordan", "Kelly Jones"). Each mention's candidates are then scored by kind, population and
the document's other places, which settles Georgia (the state or the country), Congo, and a town
called like a common word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache
from itertools import pairwise

import ahocorasick

from geo.gazetteer import Gazetteer, default_gazetteer
from geo.names import fold, is_word_char, script_of
from geo.people import default_name_forms, plain

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
SHORT_NAME = 4  # a doubtful capital this short needs its country named (Hebrew "they said" is Maseru's name)
COMMON_TOWN = 100_000  # a town called like a common word needs its region named; a bigger one, its country
CASED_SCRIPTS = ("Latin", "Cyrillic")
UNBOUNDED_SCRIPTS = ("Han",)
WORD = re.compile(r"\w[\w'’.-]*", re.UNICODE)
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


@dataclass
class Mention:
    start: int
    end: int
    candidates: list[int]  # place ids in the gazetteer
    doubtful: bool  # a frequent word, or written in a script without capitals
    name: str  # folded: the same name means the same place throughout a document


Pick = tuple[int, float] | None


@cache
def _people_names() -> ahocorasick.Automaton:
    """The watched people's full names in every script and combination news uses ("Vladimir Poutine",
    "Владимир Путин", "فلاديمير بوتين"). They are never places."""
    automaton = ahocorasick.Automaton()
    for forms in default_name_forms().values():
        for name in forms.full:
            automaton.add_word(name, len(name))
    automaton.make_automaton()
    return automaton


def _bounded(text: str, start: int, end: int) -> bool:
    before = start == 0 or not is_word_char(text[start - 1])
    after = end == len(text) or not is_word_char(text[end])
    return (before and after) or script_of(text[start:end]) in UNBOUNDED_SCRIPTS


def _cased_right(text: str, start: int, end: int, gaz: Gazetteer, key: int) -> bool:
    """Capitalised in cased scripts (Turkey the state, not turkey the bird); a short all-capital word
    matches only a name written in capitals ("EU" is not the town of Eu)."""
    span = text[start:end]
    if not span[0].isupper() and script_of(span) in CASED_SCRIPTS:
        return False
    letters = span.replace(".", "")
    return not (letters.isupper() and len(letters) <= 3 and not gaz.is_acronym(key))


def _word_after(text: str, end: int) -> str:
    match = WORD.match(text, end + 1) if end < len(text) and text[end] == " " else None
    return match.group(0) if match else ""


def _word_just_before(text: str, start: int) -> str:
    """The word right before, whatever its case or the punctuation before it ("said Harding")."""
    words = WORD.findall(text[max(0, start - 40) : start])
    return words[-1] if words and start > 0 and text[start - 1] == " " else ""


def _word_before(text: str, start: int) -> str:
    """The word right before, unless a sentence or clause ends between them."""
    if start < 2 or text[start - 2] in ".!?:;,\n":
        return ""
    return _word_just_before(text, start)


def _namelike(word: str, gaz: Gazetteer) -> bool:
    """A capitalised word that could continue a person's name: no title, no function word, no place."""
    word = word.removesuffix("'s").removesuffix("’s")
    if not word or not word[0].isupper() or word.isupper() or fold(word) in NOT_NAMES:
        return False
    return not any(e.kind != "city" or e.population >= PERSONAL_TOWN for e in gaz.lookup(word.rstrip(".")))


def _minor(gaz: Gazetteer, p: int, population: int) -> bool:
    """A town under `population`, or a lesser subdivision: small enough to be a namesake."""
    kind = gaz.kind_of[p]
    return kind == "admin2" or (kind == "city" and gaz.people[p] < population)


def _person(text: str, start: int, end: int, places: list[int], gaz: Gazetteer) -> tuple[int, int] | None:
    """A given-name country, or a town only, written beside a name-like word is part of a person's name:
    the span of both words, so that neither is read as a place ("Paris Hilton", "Kelly Jones")."""
    name = fold(text[start:end])
    # a city known by another name is a namesake up to a larger size ("Boni Yayi" is no Bonn), but no capital
    towns = all(
        _minor(gaz, p, RENAMED_TOWN if _renamed(gaz, p, name) and not gaz.is_capital[p] else PERSONAL_TOWN)
        for p in places
    )
    if not (towns or fold(text[start:end]) in GIVEN_NAMES):
        return None
    after, before = _word_after(text, end), _word_before(text, start)
    middle = all(_minor(gaz, p, BIG_CITY) for p in places)
    if middle and _namelike(after, gaz) and _namelike(before, gaz):
        return start - 1 - len(before), end + 1 + len(after)  # "Omar Hassan Ahmad"
    if towns and (fold(after) in SPEECH or fold(_word_just_before(text, start)) in SPEECH | HONORIFICS):
        return start, end  # "Barnes said", "said Harding", "Mr. Patterson"
    if _namelike(after, gaz):
        return start, end + 1 + len(after)
    if _namelike(before, gaz):
        return start - 1 - len(before), end
    return None


def find_mentions(text: str, gaz: Gazetteer, lang: str | None = None) -> list[Mention]:
    """Every gazetteer name standing as a word of its own, the longest where names overlap, leaving out
    the watched people's names and any name that turns out to be part of a person's name. A name that
    means a place only in other languages' texts (French "Argentine" in English) is no name here."""
    taken = [(end - length, end + 1) for end, length in _people_names().iter(plain(text))]
    chosen = []
    for start, end, key in sorted(set(gaz.find(text)), key=lambda h: (h[0] - h[1], h[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        places = gaz.members(key, lang)
        if places and _bounded(text, start, end) and _cased_right(text, start, end, gaz, key):
            taken.append((start, end))
            chosen.append((start, end, key, places))
    people = [span for span in (_person(text, s, e, places, gaz) for s, e, _, places in chosen) if span]
    mentions = [
        Mention(start, end, _prune(gaz, places), _doubtful(text, start, end, gaz, key), fold(text[start:end]))
        for start, end, key, places in chosen
        if not any(start < p_end and p_start < end for p_start, p_end in people)
    ]
    return sorted(mentions, key=lambda m: m.start)


def _renamed(gaz: Gazetteer, p: int, name: str) -> bool:
    """The place was found by one of its other names (folded `name`), not its own."""
    return fold(gaz.name[p]) != name


def _doubtful(text: str, start: int, end: int, gaz: Gazetteer, key: int) -> bool:
    return gaz.is_common_word(key) or script_of(text[start:end]) not in CASED_SCRIPTS


def _prune(gaz: Gazetteer, candidates: list[int]) -> list[int]:
    """A subdivision named after its big city (Ulaanbaatar, Moscow, Budapest) yields to the city itself."""
    cities = {gaz.country[p] for p in candidates if gaz.kind_of[p] == "city" and gaz.people[p] >= 100_000}
    return [p for p in candidates if not (gaz.kind_of[p] in ("admin1", "admin2") and gaz.country[p] in cities)]


def _prior(gaz: Gazetteer, p: int) -> float:
    score = KIND_PRIOR[gaz.kind_of[p]] + math.log10(gaz.people[p] + 1) / 2
    return score + (CAPITAL_BONUS if gaz.is_capital[p] else 0.0)


def _needs_support(gaz: Gazetteer, p: int, name: str, doubtful: bool) -> str | None:
    """What a candidate needs before it counts: 'country' (its country named elsewhere), 'region' (its
    region or a qualifier), or nothing. A doubtful name (a frequent word, or any name in a script that
    joins prefixes to words, where short words collide with towns' names: Arabic "يوما", a day, is Yuma)
    needs more unless its city is very big."""
    kind = gaz.kind_of[p]
    if kind == "admin2":
        # "Butler County" says what it is; a bare subdivision name ("Butler") needs its country named
        return None if COUNTY.search(gaz.name[p]) else "country"
    if kind != "city":
        return None
    population = gaz.people[p]
    if population < COMMON_TOWN and _renamed(gaz, p, name):
        doubtful = True  # a town's other name ("Büros", offices in German, for Borås)
    if doubtful:
        if population >= BIG_CITY or (gaz.is_capital[p] and len(name) > SHORT_NAME):
            return None
        return "region" if population < COMMON_TOWN and not gaz.is_capital[p] else "country"
    return "country" if population < SMALL_TOWN and not gaz.is_capital[p] else None


def _qualifiers(text: str, mentions: list[Mention], gaz: Gazetteer) -> tuple[dict, dict]:
    """'Alexandria, Louisiana': a place and the region or country right after its comma belong together.

    Returns, for inner places, the codes of the regions and countries that follow them, and for those
    regions and countries, the codes of the places they qualify."""
    inner: dict[int, set[str]] = {}
    outer: dict[int, set[str]] = {}
    for i, (m, nxt) in enumerate(pairwise(mentions)):
        if text[m.end : nxt.start].strip() != ",":
            continue
        regions = [p for p in nxt.candidates if gaz.kind_of[p] in ("country", "admin1", "region")]
        if regions:
            inner[i] = {gaz.admin1[p] for p in regions if gaz.admin1[p]} | {gaz.country[p] for p in regions}
            outer[i + 1] = {gaz.admin1[p] for p in m.candidates if gaz.admin1[p]} | {
                gaz.country[p] for p in m.candidates
            }
    return inner, outer


def _qualified(gaz: Gazetteer, p: int, i: int, qualifiers: tuple[dict, dict]) -> bool:
    inner, outer = qualifiers
    if gaz.country[p] in inner.get(i, ()) or (gaz.admin1[p] and gaz.admin1[p] in inner.get(i, ())):
        return True
    kind, codes = gaz.kind_of[p], outer.get(i, ())
    return (kind == "admin1" and gaz.admin1[p] in codes) or (kind == "country" and gaz.country[p] in codes)


def _resolve(mentions: list[Mention], gaz: Gazetteer, qualifiers, context: Context) -> list[Pick]:
    """The best supported candidate of each mention, supported only by the document's other names."""
    chosen: list[Pick] = []
    for i, m in enumerate(mentions):
        countries, regions = context.without(m.name)
        best = None
        for p in m.candidates:
            country, admin1 = gaz.country[p], gaz.admin1[p]
            in_country = countries[country]
            in_region = regions[admin1] if admin1 else 0
            qualified = _qualified(gaz, p, i, qualifiers)
            need = _needs_support(gaz, p, m.name, m.doubtful)
            if (need == "country" and not (in_country > 0 or in_region > 0 or qualified)) or (
                need == "region" and not (in_region > 0 or qualified)
            ):
                continue
            score = _prior(gaz, p)
            score += COUNTRY_SUPPORT * min(in_country, 2) if country else 0.0
            score += REGION_SUPPORT if in_region > 0 else 0.0
            if gaz.kind_of[p] in ("admin1", "admin2") and not in_country and not qualified:
                score -= FOREIGN_SUBDIVISION
            score += QUALIFIER_BONUS if qualified else 0.0
            if best is None or score > best[1]:
                best = (p, score)
        chosen.append(best)
    return chosen


def _one_sense(mentions: list[Mention], chosen: list[Pick]) -> list[Pick]:
    """A name means the same place throughout a document: the most confident reading wins for all."""
    best: dict[str, tuple[int, float]] = {}
    for m, pick in zip(mentions, chosen, strict=True):
        if pick is not None and (m.name not in best or pick[1] > best[m.name][1]):
            best[m.name] = pick
    out = []
    for m, pick in zip(mentions, chosen, strict=True):
        winner = best.get(m.name)
        out.append(winner if winner is not None and winner[0] in m.candidates else pick)
    return out


class Context:
    """The countries and regions (admin1) the document's names stand for, each distinct name counted once,
    so that a name repeated does not vouch for its own reading."""

    def __init__(self) -> None:
        self.countries: Counter = Counter()
        self.regions: Counter = Counter()
        self.by_name: dict[str, tuple[str, str]] = {}
        self._without: dict[str, tuple[Counter, Counter]] = {}

    def add(self, name: str, country: str, admin1: str = "") -> None:
        if name in self.by_name:
            return
        self.by_name[name] = (country, admin1)
        self._without.clear()
        self.countries[country] += 1
        if admin1:
            self.regions[admin1] += 1

    @classmethod
    def of(cls, gaz: Gazetteer, mentions: list[Mention], chosen: list[Pick]) -> Context:
        context = cls()
        for m, pick in zip(mentions, chosen, strict=True):
            if pick is not None:
                context.add(m.name, gaz.country[pick[0]], gaz.admin1[pick[0]])
        return context

    def without(self, name: str) -> tuple[Counter, Counter]:
        """The context less the name itself and its longer or shorter forms ("Dublin City", "Dublin")."""
        if name not in self._without:
            self._without[name] = self._less(name)
        return self._without[name]

    def _less(self, name: str) -> tuple[Counter, Counter]:
        own = [v for k, v in self.by_name.items() if k == name or k.startswith(name + " ") or name.startswith(k + " ")]
        if not own:
            return self.countries, self.regions
        return self.countries - Counter(c for c, _ in own), self.regions - Counter(a for _, a in own if a)


def geoparse(text: str, lang: str | None = None, gaz: Gazetteer | None = None) -> list[Place]:
    """The places named in `text`, in order, each with its country (ISO alpha-2) and position.

    Names of every language are matched; `lang` (two letters), where the caller knows it, also admits the
    names that are frequent English words but name a country in that language (French "Chili", "Argentine").
    """
    gaz = gaz or default_gazetteer()
    mentions = find_mentions(text, gaz, lang[:2].lower() if lang else None)
    qualifiers = _qualifiers(text, mentions, gaz)
    anchors = Context()  # names whose candidates all lie in one country anchor the first pass
    for m in mentions:
        if len({gaz.country[p] for p in m.candidates}) == 1 and any(
            _needs_support(gaz, p, m.name, m.doubtful) is None for p in m.candidates
        ):
            anchors.add(m.name, gaz.country[m.candidates[0]])
    first = _one_sense(mentions, _resolve(mentions, gaz, qualifiers, anchors))
    chosen = _one_sense(mentions, _resolve(mentions, gaz, qualifiers, Context.of(gaz, mentions, first)))
    places = []
    for m, pick in zip(mentions, chosen, strict=True):
        if pick is not None:
            e = gaz.entry(pick[0])
            places.append(
                Place(text[m.start : m.end], m.start, m.end, e.country or None, e.lat, e.lon, e.kind, round(pick[1], 3))
            )
    return places
