"""Builds tracker/data/verb_forms.csv: the third-person forms of the travel verbs of tracker/data/verbs.yaml,
each with the modality its tense gives, from verbecc's conjugation tables.

Run when verbs.yaml changes, not at run time (needs the `build` extra: verbecc, which trains its model for
a language on first use, up to a few minutes):

    python -m tracker.build_verb_forms
"""

from __future__ import annotations

import csv
import json
import logging
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


def build() -> int:
    from verbecc import CompleteConjugator

    logging.getLogger("verbecc").setLevel(logging.ERROR)
    lexicon = yaml.safe_load(VERBS_FILE.read_text(encoding="utf-8"))
    source = f"verbecc {version('verbecc')}"
    rows = []
    for language, classes in lexicon.items():
        conjugator = CompleteConjugator(lang=language)
        for kind, lemmas in classes.items():
            for lemma in lemmas:
                table = json.loads(str(conjugator.conjugate(lemma)))
                seen = set()
                for form, mood, tense, time in third_person_forms(table, TENSES[language]):
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
