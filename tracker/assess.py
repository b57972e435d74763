"""One report, assessed alone: the travel it claims and what the alert rules would do with it on its
publication date. This is `tracker extract`, the interface evaluations call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from alerts.rules import DEFAULT_THRESHOLDS, Decision, Thresholds, decide
from tracker.claims import CUSTODY_RULE, PRESENT_RULE, PROCEEDINGS_RULE, READER_RULE, Claim, ReportText
from tracker.extract import Extractor

DECISION_ORDER = ("alert", "monitor", "none")


@dataclass(frozen=True)
class Assessment:
    persons: tuple[str, ...]
    claim: Claim | None
    decision: Decision
    start: date | None = None  # the claim's travel start, or its estimate

    def as_json(self, report_id) -> dict:
        c = self.claim
        return {
            "id": report_id,
            "persons": list(self.persons),
            "destination": c.destination if c else None,
            "travel_start": self.start.isoformat() if self.start else None,
            "modality": c.modality if c else "none",
            "decision": self.decision.decision,
            "why": list(self.decision.why) + (_evidence(c) if c else []),
            "confidence": c.confidence if c else 0.0,
        }


def _evidence(c: Claim) -> list[str]:
    e = c.evidence
    parts = [f"rule: {e.rule}", f"sentence: {e.sentence}"]
    if e.cues:
        parts.append("cues: " + ", ".join(e.cues))
    if e.place_text:
        parts.append(f"place: {e.place_text}")
    if e.date_text:
        parts.append(f"date: {e.date_text}")
    return parts


def assess(report: ReportText, extractor: Extractor, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Assessment:
    """The report's claims, each decided on the publication day; the one with the strongest decision."""
    mentions, claims = extractor.read(report)
    named = tuple(dict.fromkeys([c.person for c in claims] + [m.person for m in mentions]))
    if not claims:
        return Assessment(named, None, Decision("none", ("no travel by a watched person in the report",)))
    claim, decision = _main(claims, report.day, thresholds)
    start = claim.travel_start if claim.evidence.rule == CUSTODY_RULE else claim.likely_start(report.day)
    return Assessment(named, claim, decision, start)


def claims_about(claims: list[Claim], day: date, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Claim]:
    """The claims a report is about, for the episodes: the one `tracker extract` reports, and another only
    where the text names a second trip on its own (a travel word, its own date, a confident reading).
    Place words that are not the trip (a treaty's city, a summit held elsewhere, a passing mention) stay
    out, so the single-report interface predicts what the pipeline does."""
    if not claims:
        return []
    main, _ = _main(claims, day, thresholds)
    return [main] + [c for c in claims if c is not main and _second_trip(c, main, thresholds)]


def _main(claims: list[Claim], day: date, thresholds: Thresholds) -> tuple[Claim, Decision]:
    custody = [c for c in claims if c.evidence.rule == CUSTODY_RULE]
    if custody:  # an arrest or a transfer to the Court: nothing for good offices to prevent
        return custody[0], Decision("none", ("the person is in custody",))
    decided = [
        (c, _unread(c) or decide(c.person, c.destination, c.modality, c.travel_start, c.confidence, day, thresholds))
        for c in claims
    ]
    return min(decided, key=lambda cd: (DECISION_ORDER.index(cd[1].decision), -cd[0].confidence))


def _second_trip(c: Claim, main: Claim, thresholds: Thresholds) -> bool:
    return (
        c.destination is not None
        and (c.person, c.destination) != (main.person, main.destination)
        and c.window is not None
        and c.confidence >= thresholds.min_confidence
        and c.evidence.rule not in (PRESENT_RULE, PROCEEDINGS_RULE)
    )


def _unread(claim: Claim) -> Decision | None:
    """A report in a language the extractor has no words for, naming the person and a state bound to arrest
    them: monitored until someone reads it, since what it says of the trip is unknown."""
    if not claim.evidence.rule.startswith(READER_RULE):
        return None
    return Decision("monitor", (claim.evidence.rule, "what it says of any trip is unknown until a person reads it"))


def parse_published(value) -> date | datetime | None:
    """ISO date or date-time ("2024-08-29", "2024-08-29T09:00:00Z"); None when absent."""
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"`published` {value!r} is not an ISO date (YYYY-MM-DD) or date-time") from None
