"""Reports the extractor cannot read: a language with no cue words in `data/cues.yaml`. Such a report
that names a watched person and a state bound to arrest them on its day is passed to a human reader
rather than dropped: reports of real trips arrive in Finnish, Slovak or Georgian too, and silence there
would look like "no travel"."""

from __future__ import annotations

from geo.geoparse import Place
from geo.names import script_of
from geo.obligations import Strength, obligation
from geo.reference import Reference
from tracker.claims import READER_RULE, Claim, Evidence, ReportText
from tracker.cues import Cues

BOUND = (Strength.BINDING, Strength.CONTESTED)
UNREAD_CONFIDENCE = 0.3  # a person and a state in one text, nothing more


def unread(report: ReportText, folded: str, cues: Cues) -> bool:
    """No lexicon for the report's language; with no language given, a script other than those of the big
    lexicons (`script_of` calls Greek, Devanagari and Georgian alike "Other") and no cue word in the text."""
    if report.language:
        return report.language.split("-")[0].lower() not in cues.languages
    return script_of(folded) not in cues.scripts and not cues.find(folded)


def needs_reader(report: ReportText, text: str, person: str, places: list[Place], ref: Reference) -> Claim | None:
    """A `none` claim for a human reader: the first state the text names that is bound to arrest the person
    on the report's day (never their own state), or None when no such state is named."""
    day = report.day
    home = ref.people[person].nationality
    abroad = [p for p in places if p.country and p.country != home and p.country in ref.states]
    bound = [p for p in abroad if obligation(p.country, ref.people[person], day, ref).strength in BOUND]
    if not bound:
        return None
    first = bound[0]
    states = ", ".join(dict.fromkeys(p.country for p in bound if p.country))
    language = report.language or "unknown"
    sentence = text[max(0, first.start - 120) : first.end + 120].strip()
    rule = f"{READER_RULE}: no cue words for language {language!r}; names a state bound to arrest ({states})"
    return Claim(person, first.country, "none", None, UNREAD_CONFIDENCE, Evidence(sentence, (), rule, "", first.name))
