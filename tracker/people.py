"""Finding the watched people in a report, in any script, and only when the name is really theirs.

One Aho-Corasick scan over the folded text finds every name form; most reports name nobody and stop
there. A full name ("Vladimir Putin", "Владимир Путин") counts as it stands. A bare surname counts
when it is distinctive (not in the `ambiguous_surnames` of cues.yaml: "Putin" is, "Kony" and "Gallant"
are not), or with support: the full name elsewhere in the report, a title or office ("President
Putin", «Президент России»), or the Court and its warrants named in the report; and never after a
relative's word or another given name ("his wife Sara Netanyahu", "Yair Netanyahu"), nor written
in lower case ("a gallant effort"). Inflected forms (Путина, Putyinnal) and Arabic and Hebrew
prefixes (وبوتين) are accepted at the edges of the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import ahocorasick

from geo.gazetteer import default_gazetteer
from geo.geoparse import geoparse
from geo.names import fold, is_word_char, script_of
from geo.people import NameForms, default_name_forms, plain
from geo.reference import Reference, default_reference
from tracker.cues import Cues, default_cues

ARABIC_PREFIXES = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال)?$")
HEBREW_PREFIXES = re.compile(r"^(?:ו)?(?:ש)?(?:ה|ב|ל|מ|כ)?$")
CYRILLIC_ENDING = re.compile(r"^[а-я]{1,3}$")
LATIN_ENDING = re.compile(  # German genitive (Putins), Hungarian suffixes (Putyinnal)
    r"^(?:s|(?:(\w)\1?)?(?:t|nak|nek|nal|nel|val|vel|al|el|hoz|hez|hoz|rol|tol|ra|re|ba|be|ban|ben|on|en|ot|et|at|ert|ig|kent))$"
)
# Slavic cases written in Latin letters: Putina, Putinu, Putinom, Putinem, Putinowi, Putinovi, Putinie (pl, cs,
# sk, sl, hr, sr, bs); for ambiguous surnames only where the stem is the whole word, so "Konya" is no Kony
SLAVIC_ENDING = re.compile(r"^(?:a|u|om|em|ovi|owi|ie|e)$")
THAI = re.compile(r"[\u0e00-\u0e7f]")  # Thai, written without spaces: "ประธานาธิบดีปูติน"
FULL, SURNAME, OFFICE = "full", "surname", "office"
NAME_AFTER = re.compile(r"['’]?s?,?\s+(?:[A-ZÀ-Þ]\.\s*)*([A-ZÀ-ÞА-Я][a-zà-ÿа-я]+)")  # "Russian President Dmitry ..."
POSSESSIVE_BEFORE = re.compile(r"(?:^|\s)(?:son|sa)\s+$")  # French "son homologue soudanais": his, no son
OTHER_HOLDER = re.compile(r"(?:former|ex|ancien|south|sud|бывш\w*|южн\w*|جنوب|السابق)\s*$")
PLACE_WORDS = ("country", "demonym", "continent", "region", "admin1")
BIG_TOWN = 100_000  # a town this big beside a surname is the place, not a given name ("Budapestre Netanjahu")
NICKNAME = re.compile(r"[\"“”'‘’«»][^\"“”'‘’«»]{1,20}[\"“”'‘’«»]$")  # a quoted nickname: “Bato”
# Capitalised words before a surname that are no given name: function words, days, months, labels.
NOT_A_GIVEN_NAME = frozenset(
    fold(w)
    for line in (
        "The A An As At When If But And While After Before Since Today Yesterday Tomorrow On In For From To",
        "With By Of Why How What Where Who Says Said Will Would Could Should Not No Yes Now Then Also Only",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July",
        "August September October November December Breaking Update Exclusive Watch Live Video Photos",
        "Analysis Opinion Le La Les Der Die Das El Los Las",
    )
    for w in line.split(" ")
)


@dataclass(frozen=True)
class PersonMention:
    person: str
    start: int
    end: int
    full: bool  # a full name; a bare surname otherwise
    office: bool = False  # named by the office held ("the Sudanese president")


class PeopleMatcher:
    def __init__(self, forms: dict[str, NameForms], cues: Cues, ref: Reference | None = None) -> None:
        self.cues = cues
        self.ref = ref or default_reference()
        self.forms = forms
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple]] = {}
        for person, f in forms.items():
            for name in f.full:
                entries.setdefault(name, []).append((person, FULL))
            for name in f.surnames:
                entries.setdefault(name, []).append((person, SURNAME))
        for office, phrases in cues.offices.items():
            for phrase in phrases:
                entries.setdefault(phrase, []).append((office, OFFICE))
        for name, owners in entries.items():
            self.automaton.add_word(name, (len(name), tuple(owners)))
        self.automaton.make_automaton()

    def find(self, text: str, day: date | None = None) -> list[PersonMention]:
        """The watched people named in `text`, longest names first where they overlap; on `day`, also
        those an office names ("the Sudanese president" in 2015)."""
        folded = plain(text)
        hits = []
        for end, (length, owners) in self.automaton.iter(folded):
            start, end = end + 1 - length, end + 1
            end = _inflected_end(text, folded, start, end, self.cues.ambiguous_surnames)
            if end > 0 and self._bounded(text, folded, start, end):
                for who, kind in owners:
                    person = self._holder(text, folded, start, end, who, day) if kind == OFFICE else who
                    if person:
                        hits.append((start, end, person, kind))
        if not hits:
            return []  # most reports: one scan, nothing found, nothing more to do
        hits.sort(key=lambda h: (h[0] - h[1], h[0]))
        taken: list[tuple[int, int]] = []
        kept = []
        for start, end, person, kind in hits:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            kept.append(PersonMention(person, start, end, kind == FULL, kind == OFFICE))
        return sorted(self._supported(text, folded, kept), key=lambda m: m.start)

    def _holder(self, text: str, folded: str, start: int, end: int, office: tuple[str, str], day) -> str | None:
        """Who the office phrase names: its holder on `day`, unless a name follows ("Russian President
        Dmitry Medvedev"), or "former", "South" or a relative's word comes before ("former Israeli prime
        minister", "the wife of the Israeli prime minister")."""
        before = folded[max(0, start - 40) : start]
        relative = self.cues.relatives.search(before) and not POSSESSIVE_BEFORE.search(before)
        if day is None or OTHER_HOLDER.search(folded, max(0, start - 12), start) or relative:
            return None  # "la moglie del premier israeliano": his wife
        name = NAME_AFTER.match(text, end)
        if name and not any(e.kind in PLACE_WORDS for e in default_gazetteer().lookup(name.group(1))):
            return None  # a name, not "the Sudanese leader's Kenyan trip"
        return self.ref.holder(*office, day)

    def _bounded(self, text: str, folded: str, start: int, end: int) -> bool:
        script = script_of(text[start:end])
        if script == "Han" or THAI.match(text, start):  # scripts written without spaces between words
            return True
        before = _word_before(folded, start)
        if before and not (
            (script == "Arabic" and ARABIC_PREFIXES.match(before))
            or (script == "Hebrew" and HEBREW_PREFIXES.match(before))
        ):
            return False
        # in a cased script a name has a capital ("a gallant effort" is no Gallant), unless it is a distinctive
        # name that some outlets write in lower case on purpose ("putin refuses to attend")
        if script not in ("Latin", "Cyrillic") or any(c.isupper() for c in text[start:end]):
            return True
        name = folded[start:end]
        return len(name) >= 5 and name not in self.cues.ambiguous_surnames

    def _supported(self, text: str, folded: str, mentions: list[PersonMention]) -> list[PersonMention]:
        named_in_full = {m.person for m in mentions if m.full or m.office}
        support = self.cues.support.search(folded) is not None or self.cues.title_anywhere.search(folded) is not None
        out = []
        for m in mentions:
            if m.full or m.office:
                out.append(m)
                continue
            before = folded[max(0, m.start - 40) : m.start]
            inflected = plain(text[m.start : m.end]) not in self.forms[m.person].surnames  # Putyinnal, Путину
            if self.cues.relatives.search(before) or (not inflected and self._other_given_name(text, m)):
                continue
            surname = plain(text[m.start : m.end])
            stem = max((s for s in self.forms[m.person].surnames if surname.startswith(s)), key=len, default=surname)
            ambiguous = stem in self.cues.ambiguous_surnames or not (len(surname) >= 4 or script_of(surname) == "Han")
            bare, given = self._own_names_before(before, m.person)  # "Senator Ronald “Bato” Dela Rosa"
            if surname in self.cues.adjective_surnames and not (m.person in named_in_full or given):
                continue  # "الرئيس المصري": the Egyptian president, whatever the title says
            titled = self.cues.titles.search(before) or self.cues.titles.search(bare)
            if m.person in named_in_full or titled or given >= 2 or (not ambiguous and support):
                out.append(m)  # an ambiguous surname ("Kony", «ضيف», "guest") needs the full name or a title
            elif not ambiguous:
                out.append(m)
        return out

    def _own_names_before(self, before: str, person: str) -> tuple[str, int]:
        """The text before a surname less the person's own given names and quoted nicknames right before
        it, and how many there were ("Ronald “Bato” Dela" before "Rosa": three)."""
        words = before.split()
        taken = 0
        while words and (plain(words[-1].strip("\"“”'‘’«»")) in self.forms[person].firsts or NICKNAME.match(words[-1])):
            words.pop()
            taken += 1
        return " ".join(words) + " ", taken

    def _other_given_name(self, text: str, m: PersonMention) -> bool:
        """A capitalised word right before the surname that is none of this person's first names."""
        match = re.search(r"(\w+)\s$", text[max(0, m.start - 30) : m.start])
        if not match:
            return False
        word = match.group(1)
        folded = fold(word)
        if not word[0].isupper() or word.isupper() or folded in NOT_A_GIVEN_NAME or _title_case(text, m.start):
            return False
        if _spelling_of(plain(word), self.forms[m.person].firsts) or self.cues.titles.search(folded + " "):
            return False
        if any(p.fullmatch(folded) for p in self.cues.modality.values()):
            return False  # "Визит Путина", "Visit of"
        # "Russia's", "Russian", "Mongolia", "Budapestre" are no given names; a small town called Sara is no obstacle
        entries = default_gazetteer().lookup(word)
        if entries:  # a big city's name, in any of its forms ("Budapestre", to Budapest), is no given name either
            return not any(e.kind in PLACE_WORDS or e.population >= BIG_TOWN for e in entries)
        return not any(p.end == len(word) for p in geoparse(word))  # an inflected place name the gazetteer lacks


def _spelling_of(word: str, firsts: frozenset[str]) -> bool:
    """The person's own given name in another spelling (Benyamin, Binyamin, Benjamín for Benjamin)."""
    return any(word == f or (word[:2] == f[:2] and abs(len(word) - len(f)) <= 1 and _near(word, f)) for f in firsts)


def _near(a: str, b: str) -> bool:
    """At most two letters differ (a cheap edit distance for short names)."""
    if len(a) > len(b):
        a, b = b, a
    previous = list(range(len(a) + 1))
    for i, cb in enumerate(b, 1):
        current = [i]
        for j, ca in enumerate(a, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] <= 2


def _title_case(text: str, at: int) -> bool:
    """Is the line around `at` a headline in Title Case ("Hungary Withdraws Amid Netanyahu's Visit"),
    where a capital says nothing about a given name?"""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    words = [w for w in re.findall(r"\w{4,}", text[line_start : line_end if line_end >= 0 else len(text)])]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.8


def _word_before(folded: str, start: int) -> str:
    """The letters glued to the front of a name (an Arabic or Hebrew prefix, or a longer word)."""
    i = start
    while i > 0 and is_word_char(folded[i - 1]):
        i -= 1
    return folded[i:start]


def _inflected_end(text: str, folded: str, start: int, end: int, ambiguous: frozenset[str]) -> int:
    """Where the name ends, taking in a case ending (Путина, Putina) or a Hungarian suffix (Putyinnal); an
    ambiguous surname takes no Slavic ending, which would make the Turkish city Konya a Kony."""
    j = end
    while j < len(folded) and is_word_char(folded[j]):
        j += 1
    if j == end:
        return end
    tail = folded[end:j]
    script = script_of(text[end - 1 : end])
    if script == "Cyrillic" and CYRILLIC_ENDING.match(tail):
        return j
    if script == "Latin" and (
        LATIN_ENDING.match(tail) or (SLAVIC_ENDING.match(tail) and folded[start:end] not in ambiguous)
    ):
        return j
    if script in ("Arabic", "Hebrew", "Han") or (script == "Other" and THAI.match(text, end - 1)):
        return end
    return -1  # glued to a longer word: no name


@cache
def default_matcher() -> PeopleMatcher:
    return PeopleMatcher(default_name_forms(), default_cues())
