"""The cue words of `data/cues.yaml`, compiled once: modality verbs and nouns, titles, relatives and the
phrases of a mere mention, every language in one pattern per kind, matched on folded text."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from geo.names import fold, script_of

CUES_FILE = Path(__file__).with_name("data") / "cues.yaml"
VERB_FORMS_FILE = Path(__file__).with_name("data") / "verb_forms.csv"  # built by tracker.build_verb_forms
MODALITIES = ("denied", "cancelled", "ongoing", "completed", "planned")  # priority order
UNSPACED = ("zh", "ja", "th")
SHARED = {"sh": ("sr", "hr", "bs"), "no": ("no", "nb", "nn")}  # one list of cues for the languages that share it
DAY_ARTICLE = r"(?:on|le|el|am|в|во|this|ce|cette|este|esta|diesen)"  # "said on Thursday", "a confirmé ce mardi"
# groups of the lexicon matched as they are, anywhere in the text
WORD_GROUPS = ("support", "custody", "transfer", "negation", "aftermath", "looking_back", "trip_over", "left_place",
               "returned_to", "court", "meeting", "flight", "airspace", "held", "to_be_held")  # fmt: skip


@dataclass(frozen=True)
class Cue:
    kind: str  # a modality, or "object" / "noun"
    start: int
    end: int
    text: str


ARABIC_LETTER = re.compile(r"([\u0621-\u064a])")
ARABIC_MARK = "[\u064b-\u0652\u0640]"  # short vowels, shadda, sukun and tatweel
HARAKAT = ARABIC_MARK + "*"  # written or not


def marks_optional(word: str) -> str:
    """ "توجه" also matches "توّجه": Arabic marks are optional in print and kept by folding."""
    return ARABIC_LETTER.sub(lambda m: m.group(1) + HARAKAT, word)


# a word starts after a space, or after the one-letter words Arabic and Hebrew write joined to the next one:
# "and", "so", "in", "that" («ووصل», «فوصل», «בביקור», «והגיע»), so one cue covers its prefixed forms. Not
# Hebrew ל: on a verb it makes the infinitive, «להגיע» "to arrive", a plan where «הגיע» says "arrived".
PROCLITICS = "\u0648\u0641\u0628\u0644\u05d5\u05d1\u05e9"  # و ف ب ل  ו ב ש
WORD_START = rf"(?:(?<!\w)|(?<=(?<!\w)[{PROCLITICS}])|(?<=(?<!\w)[{PROCLITICS}][{PROCLITICS}]))"
FOLD_UNSAFE = re.compile(r"\\[SWDB]")  # folding lower-cases \S into \s: the opposite class


def _union(words: dict[str, list[str]]) -> re.Pattern:
    """One pattern for all languages; words of scripts without spaces (zh) match anywhere."""
    unsafe = sorted(w for ws in words.values() for w in ws if FOLD_UNSAFE.search(w))
    if unsafe:
        raise ValueError(f"{CUES_FILE}: {unsafe[0]!r}: cues are folded to lower case, which turns \\S, \\W, \\D, \\B "
                         "into their opposites; write [^ ] or [^\\w] instead")  # fmt: skip
    alternatives = sorted(
        {marks_optional(fold(w)) for lang, ws in words.items() if lang not in UNSPACED for w in ws}, key=len
    )
    unspaced = sorted({fold(w) for lang, ws in words.items() if lang in UNSPACED for w in ws}, key=len)
    pattern = WORD_START + r"(?:" + "|".join(reversed(alternatives)) + r")(?!\w)"
    if unspaced:
        pattern = "(?:" + pattern + "|" + "|".join(reversed(unspaced)) + ")"
    return re.compile(pattern)


@dataclass(frozen=True)
class Cues:
    modality: dict[str, re.Pattern]
    titles: re.Pattern
    relatives: re.Pattern
    relative_word: re.Pattern
    mention_only: re.Pattern
    support: re.Pattern
    title_anywhere: re.Pattern
    titles_after: re.Pattern
    ambiguous_surnames: frozenset[str]
    adjective_surnames: frozenset[str]
    offices: dict[tuple[str, str], frozenset[str]]  # (state, office) -> phrases that name its holder
    custody: re.Pattern
    transfer: re.Pattern
    negation: re.Pattern
    aftermath: re.Pattern
    looking_back: re.Pattern
    trip_over: re.Pattern
    left_place: re.Pattern
    returned_to: re.Pattern
    saying: re.Pattern
    saying_word: re.Pattern
    saying_verb_first: re.Pattern
    court: re.Pattern
    meeting: re.Pattern
    flight: re.Pattern
    airspace: re.Pattern
    not_places: frozenset[str]
    held: re.Pattern
    to_be_held: re.Pattern
    present: frozenset[str]  # conjugated present-tense forms: "llega el lunes" speaks of a coming day
    languages: frozenset[str]  # those with travel cues: the extractor reads them
    scripts: frozenset[str]  # the scripts they are written in, bar "Other" (which lumps many)

    def find(self, folded: str, start: int = 0, end: int | None = None) -> list[Cue]:
        """Every travel cue in folded[start:end], in text order."""
        end = len(folded) if end is None else end
        found = [
            Cue(kind, start + m.start(), start + m.end(), m.group(0))
            for kind, pattern in self.modality.items()
            for m in pattern.finditer(folded[start:end])
        ]
        return sorted(found, key=lambda c: (c.start, -c.end))


def _words(by_language: dict[str, list[str]]) -> list[str]:
    return [w for ws in by_language.values() for w in ws]


class _UniqueKeys(yaml.SafeLoader):
    """YAML would silently keep the last of two `de:` lists; an edit that repeats a key is an error."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(f"{CUES_FILE}: key {repeated[0]!r} appears twice near line {node.start_mark.line + 1}")
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@cache
def default_cues() -> Cues:
    data = yaml.load(CUES_FILE.read_text(encoding="utf-8"), _UniqueKeys)  # a SafeLoader underneath
    present = _add_verb_forms(data["modality"])
    return Cues(
        present=present,
        modality={kind: _union(words) for kind, words in data["modality"].items()},
        titles=re.compile(r"(?:" + _union(data["titles"]).pattern + r")[\s.,]*$"),
        relatives=re.compile(r"(?:" + _union(data["relatives"]).pattern + r")[\s.,]*(?:\w+\s+)?$"),
        relative_word=_union(data["relatives"]),
        mention_only=re.compile(r"(?:" + _union(data["mention_only"]).pattern + r")\s*(?:\w+\s+){0,5}$"),
        title_anywhere=_union(data["titles"]),
        titles_after=re.compile(r"\s+(?:" + _union(data["titles"]).pattern + r")"),
        saying=re.compile(
            r"(?:" + _union(data["saying"]).pattern + r")\s+(?:" + DAY_ARTICLE + r"\s+)?(?:[^\s,]+,\s+)?$"
        ),  # "said on Friday, November 22"
        saying_word=_union(data["saying"]),
        saying_verb_first=re.compile(r"(?:" + _union(data["saying"]).pattern + r")(?:\s+\S+){1,3}\s+$"),
        not_places=frozenset(fold(w) for ws in data["not_places"].values() for w in ws),
        ambiguous_surnames=frozenset(fold(w).replace("-", " ") for w in data["ambiguous_surnames"]),
        adjective_surnames=frozenset(fold(w).replace("-", " ") for w in data["adjective_surnames"]),
        offices={
            tuple(key.split()): frozenset(fold(w).replace("-", " ") for ws in by_language.values() for w in ws)
            for key, by_language in data["offices"].items()
        },
        languages=frozenset(c for ws in data["modality"].values() for lang in ws for c in SHARED.get(lang, [lang])),
        scripts=frozenset(script_of(w) for ws in data["modality"].values() for w in _words(ws)) - {"Other"},
        **{group: _union(data[group]) for group in WORD_GROUPS},
    )


PRESENT = ("indicatif présent", "indicativo presente", "indicative pres")  # the tenses of verb_forms.csv that say "now"
# what an attendance verb is said before: the event attended ("assiste au sommet", "participa en la cumbre")
ATTENDED = (
    r"(?= (?:a|au|aux|en|dans|de|da|do|das|dos|na|no|nas|nos|em|alla|allo|alle|al|ai|agli|del|della|la|el"
    r"|в|во|на|у)\b)"
)


def _add_verb_forms(modality: dict[str, dict[str, list[str]]]) -> frozenset[str]:
    """The conjugated travel verbs join the cue words of the modality their tense gives. The cues of all
    languages share one pattern, so a form that means something else in any of them stays out: one that
    two tenses or languages share (French "visita", Spanish "visita"), or that an existing cue of another
    kind already reads (the noun "visita", "visite")."""
    with VERB_FORMS_FILE.open(encoding="utf-8", newline="") as f:
        rows = [(fold(r["form"]), r["modality"], r["class"], r["language"], r["tense"]) for r in csv.DictReader(f)]
    kinds: dict[str, set[str]] = {}
    present = set()
    for form, kind, *_ in rows:
        kinds.setdefault(form, set()).add(kind)
    existing = {kind: _union(words) for kind, words in modality.items()}
    for form, kind, verb_class, language, tense in rows:
        if len(kinds[form]) > 1 or any(p.fullmatch(form) for k, p in existing.items() if k != kind):
            continue
        modality[kind].setdefault(language, []).append(form + ATTENDED if verb_class == "attendance" else form)
        present.update([form] if tense.endswith(PRESENT) else [])
    return frozenset(present)
