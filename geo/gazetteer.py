"""The gazetteer: place names (folded) and the places they may mean, with a population prior.

Built by `geo.build_gazetteer` into one compact file and loaded once into numpy arrays, with what the
lookups derive from the names (their scripts, their first words) worked out when the file is written, so
that loading it is reading arrays, not a second and a half of Python over 600,000 names. Names in
scripts with capital letters are looked up word by word (a name starts with a capital, so only
capitalised words start a lookup; the geoparser's core does it, with `most_words` and
`other_first_words` saying how far a lookup may reach); names in Arabic, Hebrew and Chinese are found by
an Aho-Corasick automaton over the text, since those scripts attach prefixes or write no spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import ahocorasick
import numpy as np

from geo.names import fold, script_of
from geo.reference import DATA_DIR

GAZETTEER_FILE = DATA_DIR / "gazetteer.npz"
KINDS = ("country", "demonym", "continent", "admin1", "admin2", "city", "region")
CAPITAL = 1  # flag bit
CASED_SCRIPTS = ("Latin", "Cyrillic")
TOKEN = re.compile(r"\w+(?:[.'’-]\w+)*\.?")
MAX_NAME_LENGTH = 80
SUFFIX_AFTER_APOSTROPHE = 4  # letters of a case ending written after an apostrophe ("'nın")
# A stretch of text in the scripts the automaton holds (Arabic, Hebrew, Han and the rest): letters of no
# cased script, joined by spaces, hyphens, apostrophes and marks. Only such stretches are scanned: the
# automaton's root has a child for every first letter of thousands of Han names, and pyahocorasick looks
# children up one by one, so scanning English text with it cost a microsecond a character.
UNCASED_LETTER = r"[^\W\d_A-Za-z\u00C0-\u024F\u0400-\u052F]"
UNCASED_RUN = re.compile(rf"{UNCASED_LETTER}(?:[\s\-'\"\u064B-\u065F\u0591-\u05C7\u05F3\u05F4]*{UNCASED_LETTER})*")


def pack_strings(strings) -> np.ndarray:
    """Strings as the file keeps them: one UTF-8 buffer, newline between them (no name holds a newline)."""
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def unpack_strings(data: np.ndarray) -> list[str]:
    return data.tobytes().decode("utf-8").split("\n")


def derived(keys: list[str]) -> dict[str, np.ndarray]:
    """What the lookups need beyond the sorted names, worked out when the file is written: for each name that
    is also the first word of names in a cased script, the most words such a name has; the same for first
    words that are no name themselves; and the names in scripts without capitals (the automaton's)."""
    index = {k: i for i, k in enumerate(keys)}
    words_after: dict[str, int] = {}  # first word of a name -> most words in such a name
    uncased = []
    for i, key in enumerate(keys):
        if script_of(key) in CASED_SCRIPTS:
            words = TOKEN.findall(key)
            if words:
                words_after[words[0]] = max(words_after.get(words[0], 0), len(words))
        else:
            uncased.append(i)
    most_words = np.zeros(len(keys), dtype=np.uint8)
    others: dict[str, int] = {}
    for word, most in words_after.items():
        if word in index:
            most_words[index[word]] = most
        else:
            others[word] = most
    other_words = sorted(others)
    return {
        "key_most_words": most_words,
        "key_uncased": np.asarray(uncased, dtype=np.int32),
        "other_word": pack_strings(other_words),
        "other_most_words": np.asarray([others[w] for w in other_words], dtype=np.uint8),
    }


def save_gazetteer(
    path: Path,
    places: list[dict],
    keys: dict[str, set[int]],
    common: set[str],
    acronyms: set[str],
    only_in: dict[tuple[str, int], set[str]],
) -> None:
    names = sorted(keys)
    position = {k: i for i, k in enumerate(names)}
    restricted = sorted((position[k], p, ",".join(sorted(langs))) for (k, p), langs in only_in.items())
    offsets = np.cumsum([0] + [len(keys[k]) for k in names]).astype(np.int32)
    members = np.fromiter((i for k in names for i in sorted(keys[k])), dtype=np.int32, count=int(offsets[-1]))
    flags = np.zeros(len(places), dtype=np.uint8)
    flags[[i for i, p in enumerate(places) if p["capital"]]] |= CAPITAL
    np.savez_compressed(
        path,
        place_name=pack_strings(p["name"] for p in places),
        place_kind=np.asarray([p["kind"] for p in places], dtype=np.uint8),
        place_country=pack_strings(p["country"] for p in places),
        place_admin1=pack_strings(p["admin1"] for p in places),
        place_lat=np.asarray([p["lat"] for p in places], dtype=np.float32),
        place_lon=np.asarray([p["lon"] for p in places], dtype=np.float32),
        place_population=np.asarray([p["population"] for p in places], dtype=np.int64),
        place_flags=flags,
        key_name=pack_strings(names),
        key_common=np.asarray([k in common for k in names], dtype=bool),
        key_acronym=np.asarray([k in acronyms for k in names], dtype=bool),
        key_offsets=offsets,
        key_members=members,
        only_key=np.asarray([k for k, _, _ in restricted], dtype=np.int32),
        only_place=np.asarray([p for _, p, _ in restricted], dtype=np.int32),
        only_languages=pack_strings(langs for _, _, langs in restricted),
        **derived(names),
    )


@dataclass(frozen=True)
class Entry:
    """One place a name may mean."""

    id: int
    name: str
    kind: str
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    population: int
    capital: bool


class Gazetteer:
    def __init__(self, path: Path = GAZETTEER_FILE) -> None:
        with np.load(path) as data:
            self.name = unpack_strings(data["place_name"])
            self.kind = data["place_kind"]
            self.country = unpack_strings(data["place_country"])
            self.admin1 = unpack_strings(data["place_admin1"])
            self.lat = data["place_lat"]
            self.lon = data["place_lon"]
            self.population = data["place_population"]
            self.flags = data["place_flags"]
            self.keys = unpack_strings(data["key_name"])  # sorted
            self.key_common = data["key_common"]
            self.key_acronym = data["key_acronym"]
            self.key_offsets = data["key_offsets"]
            self.key_members = data["key_members"]
            # a place a name means only in texts of some languages (French "Argentine" is Argentina)
            languages = unpack_strings(data["only_languages"]) if len(data["only_key"]) else []
            self.only_in: dict[tuple[int, int], frozenset[str]] = {
                (int(k), int(p)): frozenset(langs.split(","))
                for k, p, langs in zip(data["only_key"], data["only_place"], languages, strict=True)
            }
            self.bound_keys = {k for k, _ in self.only_in}
            self.most_words = data["key_most_words"]
            self.other_first_words = dict(
                zip(unpack_strings(data["other_word"]), data["other_most_words"].tolist(), strict=True)
            )
            self._uncased_keys = data["key_uncased"]
        # plain lists beside the arrays for the geoparser's per-candidate questions: a list item costs a
        # fifth of a numpy scalar
        self.kind_of: list[str] = [KINDS[k] for k in self.kind.tolist()]
        self.people: list[int] = self.population.tolist()
        self.is_capital: list[bool] = (self.flags & CAPITAL).astype(bool).tolist()
        countries = np.flatnonzero(self.kind == KINDS.index("country"))
        self._country_index = {self.country[i]: int(i) for i in countries}

    @cached_property
    def automaton(self) -> ahocorasick.Automaton:
        """The names in scripts without capitals, for `uncased_hits`: built at the first text in such a script."""
        automaton = ahocorasick.Automaton()
        for i in self._uncased_keys.tolist():
            automaton.add_word(self.keys[i], (i, len(self.keys[i])))
        automaton.make_automaton()
        return automaton

    def key_of(self, folded: str) -> int:
        """The number of a folded name, or -1 (a binary search: the names are sorted)."""
        i = bisect_left(self.keys, folded)
        return i if i < len(self.keys) and self.keys[i] == folded else -1

    def entry(self, place: int) -> Entry:
        lat, lon = float(self.lat[place]), float(self.lon[place])
        return Entry(
            id=place,
            name=self.name[place],
            kind=KINDS[self.kind[place]],
            country=self.country[place],
            admin1=self.admin1[place],
            lat=None if np.isnan(lat) else round(lat, 5),
            lon=None if np.isnan(lon) else round(lon, 5),
            population=int(self.population[place]),
            capital=bool(self.flags[place] & CAPITAL),
        )

    def members(self, key: int, lang: str | None = None) -> list[int]:
        """The places a name may mean in a text of `lang` (None: any text, so no language-bound reading)."""
        places = self.key_members[self.key_offsets[key] : self.key_offsets[key + 1]].tolist()
        if key in self.bound_keys:
            places = [p for p in places if lang in self.only_in.get((key, p), (lang,))]
        return places

    def places_for_key(self, key: int) -> list[Entry]:
        return [self.entry(p) for p in self.members(key)]

    def country_entry(self, iso2: str) -> Entry | None:
        """The country entry for an ISO alpha-2 code (its position is a point inside its largest land)."""
        index = self._country_index.get(iso2)
        return None if index is None else self.entry(index)

    def capital(self, iso2: str) -> Entry | None:
        """The country's capital (the most populous place flagged so), else its country entry."""
        index = self._capitals.get(iso2)
        return self.country_entry(iso2) if index is None else self.entry(index)

    @cached_property
    def _capitals(self) -> dict[str, int]:
        best: dict[str, int] = {}
        for i in np.flatnonzero(self.flags & CAPITAL):
            country = self.country[i]
            if country not in best or self.population[i] > self.population[best[country]]:
                best[country] = int(i)
        return best

    def is_common_word(self, key: int) -> bool:
        """The name is also a frequent word (Mobile, Nice, Split): it needs support in the text."""
        return bool(self.key_common[key])

    def is_acronym(self, key: int) -> bool:
        """The name is written in capitals (US, DRC): "EU" in a text is not the town of Eu."""
        return bool(self.key_acronym[key])

    def lookup(self, name: str) -> list[Entry]:
        """Every place called exactly `name` (any language), countries first, then the most populous."""
        key = self.key_of(fold(name.strip()))
        if key < 0:
            return []
        return sorted(self.places_for_key(key), key=lambda e: (KINDS.index(e.kind) > 0, -e.population))

    def uncased_hits(self, folded: str) -> list[tuple[int, int, int]]:
        """Every (start, end, key) where a name in a script without capitals may stand in `folded` text:
        the automaton scans only the stretches of such scripts."""
        return [
            (end + 1 - length, end + 1, key)
            for run in UNCASED_RUN.finditer(folded)
            for end, (key, length) in self.automaton.iter(folded, run.start(), run.end())
        ]


@cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
