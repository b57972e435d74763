"""What extraction produces and what it reads: a travel claim with its evidence, the report's text
(headline, lead, body) cut into sentences, with the dateline set apart ("MOSCOW, Aug 29 (Reuters) -")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from geo.names import fold

# "MOSCOW, Aug 29 (Reuters) -", "ULAANBAATAR (AP) —", "Budapest, 3 avril (AFP) -"
# "MOSCOW, Aug 29 (Reuters) -", "ULAANBAATAR (AP) —", "Budapest, 3 avril (AFP) -"
DATELINE = re.compile(
    r"^\s*([^\W\d_][^\W\d_ .'’/-]*(?:[ .'’/-]+[^\W\d_]+){0,3})\s*(?:,[^()\n—–/-]{0,40})?\s*"
    r"(?:(?:\([^)]{1,40}\))?\s*[-–—:]+\s|/[^/\n]{1,20}/\.?\s)"  # "(Reuters) -", "(Xinhua) --", "/ТАСС/."
)
SENTENCE_END = re.compile(r"(?<=[.!?。؟])\s+(?=[\"'«“(]?[^\W\d_])|\n+")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "lt",
        "col",
        "sen",
        "rep",
        "gov",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "u.s",
        "u.k",
    ]
)
MONTH_NEXT = re.compile(
    r"(?:januar|februar|marz|april|mai|juni|juli|august|september|oktober|november|dezember|janvier|fevrier)\b"
)
LEAD_AS_TITLE = 120  # characters: a "headline" this long is the story's first sentence, dateline and all
PRESENT_RULE = "the person in a foreign place"
NOUN_RULES = ("trip named", "the person's trip", "the trip the person's clause")  # a trip named by a noun alone
CUSTODY_RULE = "the person is in custody"
FLIGHT_RULE = "the person's flight"
MEETING_RULE = "a meeting with the person in a place abroad"
PROCEEDINGS_RULE = "the Court's finding that a state failed to arrest: proceedings, not travel"
FAILED_TO_ARREST_RULE = "a state's failure to arrest the person there"
READER_RULE = "needs a reader"  # a language the extractor has no cue words for


@dataclass(frozen=True)
class Evidence:
    sentence: str
    cues: tuple[str, ...]
    rule: str
    date_text: str = ""
    place_text: str = ""


@dataclass
class Claim:
    person: str
    destination: str | None
    modality: str
    window: tuple[date, date] | None
    confidence: float
    evidence: Evidence

    @property
    def travel_start(self) -> date | None:
        return self.window[0] if self.window else None

    def likely_start(self, published: date) -> date | None:
        """The travel start, or for news of a trip just over that gives no date, the day before the
        report's: such news follows the trip (an estimate, for a single report read alone; episodes
        keep the claim undated so that it joins the trip it speaks of)."""
        if self.window is None and self.modality == "completed" and self.evidence.rule != CUSTODY_RULE:
            return published - timedelta(days=1)
        return self.travel_start


@dataclass(frozen=True)
class ReportText:
    title: str
    summary: str = ""
    content: str = ""
    published: datetime | date | None = None
    language: str | None = None

    @property
    def text(self) -> str:
        parts = [p.strip() for p in (self.title, self.summary, self.content) if p and p.strip()]
        return "\n".join(parts)

    @property
    def day(self) -> date:
        when = self.published
        if isinstance(when, datetime):
            return when.date()
        return when or date.today()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def s_start(text: str, at: int) -> int:
    """Where the line or sentence holding `at` begins."""
    cut = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at), text.rfind(": ", 0, at))
    return 0 if cut < 0 else cut + (1 if text[cut] == "\n" else 2)


def clause_before(folded: str, at: int, reach: int, floor: int = 0) -> str:
    """The part of the clause before `at`, at most `reach` characters back and not before `floor`."""
    return re.split(r"[,;:]", folded[max(floor, at - reach) : at])[-1]


def dateline_span(text: str, title: str) -> tuple[int, int] | None:
    """The span of a dateline at the start of the body (after the headline line), or at the start of a
    headline that is the story's first sentence ("Adis Abeba - O presidente do Sudão ... chegou")."""
    body_start = len(title.strip()) + 1 if title.strip() else 0
    for start in (body_start, 0):
        match = DATELINE.match(text[start:])
        if match and (start == body_start or len(title) > LEAD_AS_TITLE):
            return start + match.start(), start + match.end()
    return None


def sentences_of(text: str) -> list[Sentence]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)[.!?]$", text[start : m.start()])
        if word and fold(word.group(1)).rstrip(".") in ABBREVIATIONS and m.group(0).strip() == "":
            continue
        if m.group(0).strip() == "" and text[m.end() : m.end() + 1].islower():
            continue  # "Washington D.C. gelandet": a sentence starts with a capital where the script has them
        if re.search(r"\d\.$", text[start : m.start()]) and MONTH_NEXT.match(fold(text[m.end() : m.end() + 12])):
            continue  # "den 17. Juli": a German date, no sentence end
        out.append(Sentence(start, m.start()))
        start = m.end()
    out.append(Sentence(start, len(text)))
    return [s for s in out if s.end > s.start]
