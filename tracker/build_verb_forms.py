"""Builds tracker/data/verb_forms.csv: the third-person forms of the travel verbs of tracker/data/verbs.yaml,
each with the modality its tense gives, from verbecc's conjugation tables (French, Spanish, Portuguese,
Italian) and pymorphy3's dictionaries (Russian, Ukrainian: the past, present and future of the indicative;
no participles, gerunds or imperatives).

Run when verbs.yaml changes, not at run time (needs the `build` extra: verbecc, which trains its model for
a language on first use, up to a few minutes, and pymorphy3 with its Russian and Ukrainian dictionaries):

    python -m tracker.build_verb_forms
"""

from __future__ import annotations

import csv
import json
import logging
from functools import partial
from importlib.metadata import version
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")
VERBS_FILE = DATA / "verbs.yaml"
FORMS_FILE = DATA / "verb_forms.csv"
PRONOUNS = frozenset(
    ["il", "elle", "on", "ils", "elles", "él", "ella", "usted", "ellos", "ellas", "ustedes",
     "ele", "ela", "você", "eles", "elas", "vocês", "lui", "lei", "loro"]
)  # fmt: skip
# (mood, tense) → when the tense puts the action: now, in the past (told as a fact), or to come
TENSES = {
    "fr": {("indicatif", "présent"): "now", ("indicatif", "imparfait"): "now", ("indicatif", "passé-simple"): "past",
           ("indicatif", "passé-composé"): "past", ("indicatif", "plus-que-parfait"): "over",
           ("indicatif", "futur-simple"): "future", ("conditionnel", "présent"): "future"},
    "es": {("indicativo", "presente"): "now", ("indicativo", "pretérito-imperfecto"): "now",
           ("indicativo", "pretérito-perfecto-simple"): "past", ("indicativo", "pretérito-perfecto-compuesto"): "past",
           ("indicativo", "pretérito-pluscuamperfecto"): "over", ("indicativo", "futuro"): "future",
           ("condicional", "presente"): "future"},
    "pt": {("indicativo", "presente"): "now", ("indicativo", "pretérito-imperfeito"): "now",
           ("indicativo", "pretérito-perfeito"): "past", ("indicativo", "pretérito-mais-que-perfeito-composto"): "over",
           ("indicativo", "futuro-do-presente"): "future", ("condicional", "futuro-do-pretérito"): "future"},
    "it": {("indicativo", "presente"): "now", ("indicativo", "imperfetto"): "now",
           ("indicativo", "passato-remoto"): "past", ("indicativo", "passato-prossimo"): "past",
           ("indicativo", "trapassato-prossimo"): "over", ("indicativo", "futuro"): "future",
           ("condizionale", "presente"): "future"},
}  # fmt: skip
# the modality a time gives each class of verb: an arrival told in the past leaves the person there
MODALITY = {
    "arrival": {"now": "ongoing", "past": "ongoing", "over": "completed", "future": "planned"},
    "attendance": {"now": "ongoing", "past": "completed", "over": "completed", "future": "planned"},
    "visit": {"now": "ongoing", "past": "completed", "over": "completed", "future": "planned"},
}


def third_person_forms(conjugation: dict, tenses: dict[tuple[str, str], str]):
    """(form, mood, tense, time) for each third-person form, the pronoun taken off."""
    for mood, by_tense in conjugation["moods"].items():
        for tense, rows in by_tense.items():
            time = tenses.get((mood, tense))
            if time is None:
                continue
            for row in rows:
                if row.get("p") != "3":
                    continue
                for said in row["c"]:
                    words = said.split()
                    form = " ".join(words[1:] if words[0] in PRONOUNS else words)
                    yield form, mood, tense, time


MORPHOLOGY = ("ru", "uk")  # languages conjugated from pymorphy3's dictionaries
MORPHOLOGY_TIME = {"past": "past", "pres": "now", "futr": "future"}


def inflected_forms(analyzer, lemma: str):
    """(form, mood, tense, time) for each indicative form of the lemma in pymorphy3's dictionary."""
    parses = [p for p in analyzer.parse(lemma) if p.tag.POS == "INFN" or "infn" in p.tag]  # uk: VERB,infn
    if not parses:
        raise SystemExit(f"{VERBS_FILE}: {lemma!r} is no infinitive in pymorphy3's dictionary")
    for form in parses[0].lexeme:
        tag = form.tag
        indicative = tag.mood in ("indc", None)  # the Ukrainian dictionary marks only the imperative
        if tag.POS == "VERB" and indicative and tag.tense in MORPHOLOGY_TIME and tag.person in (None, "3per"):
            yield form.word, "indicative", tag.tense, MORPHOLOGY_TIME[tag.tense]


def conjugator_for(language: str):
    """A function from a lemma to its forms, and the source to cite for them."""
    if language in MORPHOLOGY:
        import pymorphy3

        analyzer = pymorphy3.MorphAnalyzer(lang=language)
        return partial(inflected_forms, analyzer), f"pymorphy3 {version('pymorphy3')}"
    from verbecc import CompleteConjugator

    conjugator = CompleteConjugator(lang=language)

    def forms(lemma: str):
        return third_person_forms(json.loads(str(conjugator.conjugate(lemma))), TENSES[language])

    return forms, f"verbecc {version('verbecc')}"


def build() -> int:
    logging.getLogger("verbecc").setLevel(logging.ERROR)
    lexicon = yaml.safe_load(VERBS_FILE.read_text(encoding="utf-8"))
    rows = []
    for language, classes in lexicon.items():
        forms_of, source = conjugator_for(language)
        for kind, lemmas in classes.items():
            for lemma in lemmas:
                seen = set()
                for form, mood, tense, time in forms_of(lemma):
                    if form not in seen:
                        seen.add(form)
                        rows.append([language, lemma, kind, form, MODALITY[kind][time], f"{mood} {tense}", source])
    with FORMS_FILE.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["language", "lemma", "class", "form", "modality", "tense", "source"])
        writer.writerows(sorted(rows))
    return len(rows)


if __name__ == "__main__":
    print(f"{FORMS_FILE}: {build()} forms")
