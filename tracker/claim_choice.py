"""Which of a report's claims about a person stand, and how sure each is: per destination the claim of the
strongest modality, then the most confident; a claim with no destination only when there is nothing else."""

from __future__ import annotations

from dataclasses import replace

from tracker.claims import CUSTODY_RULE, NOUN_RULES, PRESENT_RULE, PROCEEDINGS_RULE, Claim
from tracker.cues import MODALITIES
from tracker.modality import WEAK_ONGOING
from tracker.people import PersonMention


def confidence(here: list[PersonMention], located: bool, destination: bool, dated: bool) -> float:
    """How much the claim rests on: the full name, a destination in the same sentence, a date."""
    score = 0.45
    score += 0.15 if any(m.full for m in here) else 0.05
    score += 0.25 if located else (0.1 if destination else 0.0)
    score += 0.1 if dated else 0.0
    return round(min(score, 1.0), 2)


def strongest_per_destination(claims: list[Claim]) -> list[Claim]:
    """Per destination, the claim of the strongest modality (a denial or cancellation outweighs the plan
    it denies), then the most confident; claims without a destination only when there is nothing else."""
    best: dict[str | None, Claim] = {}
    for c in claims:
        key = c.destination
        current = best.get(key)
        if current is None or _rank(c) < _rank(current):
            best[key] = c
    for key, c in best.items():  # "Putin Visits China" said of "a state visit to China this week"
        plans = [p for p in claims if p.destination == key and p.modality == "planned"]
        if _historic_present(c) and plans:
            best[key] = max(plans, key=lambda p: p.confidence)
        dated_past = [p for p in claims if p.destination == key and p.modality == "completed" and p.evidence.date_text]
        if _historic_present(c) and dated_past:  # "Tadżykistan gości Putina" over "odwiedził ... w dniach 8–10"
            best[key] = dated_past[0]
        findings = [p for p in claims if p.destination == key and p.evidence.rule == PROCEEDINGS_RULE]
        if findings and _looked_back_on(best[key]):  # the Court's finding, not the visit it looks back on
            best[key] = findings[0]
        dated = [p for p in claims if p.destination == key and p.modality == best[key].modality and p.window]
        if best[key].window is None and dated and key is not None:  # "a state visit ... It begins today"
            best[key] = replace(best[key], window=dated[0].window)
    located = [c for k, c in best.items() if k is not None]
    return located or [c for k, c in best.items() if k is None]


def _looked_back_on(c: Claim) -> bool:
    """A trip over, or one named by a noun alone with no date ("during his visit"): what a report of the
    Court's finding recalls, not a trip to come."""
    noun_only = c.evidence.rule.startswith(NOUN_RULES)
    return c.modality == "completed" or (c.modality == "planned" and noun_only and c.window is None)


def _historic_present(c: Claim) -> bool:
    """A headline's "visits" or "hosts" for a visit the lead says is to come, or dates in the past."""
    undated = not c.evidence.date_text  # "besucht heute Ungarn": today, said so
    describes = c.evidence.rule == "guest of the host" or any(WEAK_ONGOING.fullmatch(t) for t in c.evidence.cues)
    return c.modality == "ongoing" and undated and describes


def _rank(c: Claim) -> tuple[bool, bool, int, float]:
    """A claim from a travel word before one guessed from "in <place>"; then the strongest modality."""
    order = (*MODALITIES, "none")
    custody = c.evidence.rule == CUSTODY_RULE  # once arrested, what the person was doing before is moot
    return not custody, c.evidence.rule == PRESENT_RULE, order.index(c.modality), -c.confidence
