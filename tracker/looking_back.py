"""Whether a report looks back on a trip, read over the whole report rather than one sentence at a time.

One sentence may read as a plan or a visit under way ("Bashir's visit to Kenya", "the presence of Bashir")
while another sentence of the same report says the trip happened: the person is home again or the visit
ended (the trip is over), or the state should have arrested the person, did not, or was found by the Court
to have failed to (the person was there, and may still be on the day). The report then speaks of the past,
and its claim about that state with no day still to come is that trip, over: it never raises an alert. A
claim with a later day of its own ("returned from Chad; expected in Kenya on Friday") is another trip."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from geo.geoparse import Place
from tracker.claim_places import ADJECTIVES
from tracker.claims import CUSTODY_RULE, FAILED_TO_ARREST_RULE, PROCEEDINGS_RULE, Claim
from tracker.cues import Cues
from tracker.people import PersonMention
from tracker.when import find_dates

RETURN_REACH = 30  # characters from "returned to" to the place it names
RIGHT_AFTER = re.compile(r"\s*(?:the |le |la |l'|les |el |los |o |a |il |lo |den |die |das )?")  # "left the Congo"


@dataclass(frozen=True)
class LookBack:
    states: frozenset[str]  # the states it speaks of; empty: every trip the report tells of
    said: str  # the words, for the claim's `why`
    left: bool  # the person left: over even if the report is dated on a day of the visit


def looks_back(
    folded: str, sentences, own: list[PersonMention], places: list[Place], home: str, cues: Cues, found: list[Claim]
) -> list[LookBack]:
    """What in the report looks back on a trip of the person: words in a sentence that names the person,
    a return to the person's own state, the person leaving a place abroad, and the readings of a sentence
    that say a state failed to arrest."""
    signs: list[LookBack] = []
    for s in sentences:
        if not any(s.start <= m.start < s.end for m in own):
            continue
        abroad = frozenset(
            p.country for p in places if s.start <= p.start < s.end and p.kind not in ADJECTIVES and p.country != home
        )
        signs += [LookBack(abroad, m.group(0), False) for m in cues.looking_back.finditer(folded, s.start, s.end)]
        signs += [LookBack(abroad, m.group(0), True) for m in cues.trip_over.finditer(folded, s.start, s.end)]
        for m in cues.left_place.finditer(folded, s.start, s.end):
            gap = RIGHT_AFTER.match(folded, m.end())
            left = next((p for p in places if p.start == gap.end() and p.kind not in ADJECTIVES), None)
            if left is not None and left.country != home:  # "a quitté le Nigeria": that trip is over
                signs.append(LookBack(frozenset([left.country]), m.group(0), True))
        for m in cues.returned_to.finditer(folded, s.start, s.end):
            there = next((p for p in places if 0 <= p.start - m.end() <= RETURN_REACH), None)
            if there is not None and there.country == home:  # "returned to Khartoum": home again
                signs.append(LookBack(abroad, m.group(0), True))
    signs += [
        LookBack(frozenset([c.destination]), c.evidence.rule, False)
        for c in found
        if c.destination and c.evidence.rule in (PROCEEDINGS_RULE, FAILED_TO_ARREST_RULE)
    ]
    return signs


def settle_past(claims: list[Claim], signs: list[LookBack], day: date) -> list[Claim]:
    """The claims as the whole report tells them: a plan or a visit under way that the report looks back
    on, with no day of its own after the report's, is over."""
    return [_over(c, signs, day) for c in claims] if signs else claims


def _over(c: Claim, signs: list[LookBack], day: date) -> Claim:
    if c.modality not in ("planned", "ongoing") or c.evidence.rule == CUSTODY_RULE or not c.destination:
        return c
    if c.window is not None and c.window[0] > day:  # a day still to come: another trip, unless read forwards
        return _read_backwards(c, signs, day)
    dated_now = bool(c.evidence.date_text) and c.window is not None and (day - c.window[0]).days <= 1
    sign = next(
        (s for s in signs if (not s.states or c.destination in s.states) and (s.left or not dated_now)), None
    )  # "should have arrested him as he landed on Monday", said on Tuesday: he may still be there
    if sign is None:
        return c
    return _completed(c, sign)


def _read_backwards(c: Claim, signs: list[LookBack], day: date) -> Claim:
    """A day named without its year ("en mars", "on Tuesday") was read as the next one, as a plan's would
    be; in a report that looks back on the trip to that state it is the last one, and the trip is over."""
    sign = next((s for s in signs if c.destination in s.states), None)
    if sign is None:
        return c
    back = [w for w in find_dates(c.evidence.date_text, day, future=False) if w.first <= day]
    return _completed(replace(c, window=(back[0].first, back[0].last)), sign) if back else c


def _completed(c: Claim, sign: LookBack) -> Claim:
    why = f"{c.evidence.rule} (the report looks back on the trip: {sign.said})"
    return replace(c, modality="completed", evidence=replace(c.evidence, rule=why))
