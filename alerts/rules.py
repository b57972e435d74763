"""When a travel claim warrants the good-offices alert, and why: the rule that fired, in words a focal
point can check in a minute.

An alert needs all of: a planned or ongoing trip, a warrant public and in force on the travel day, a
destination with a duty to arrest that is binding or contested on that day (a State Party, a state
bound by a referral or a declaration, a former party under Art. 127(2)), a trip not further away than
the horizon, and a claim confident enough. A trip that falls short of any of these but is still a trip
is worth monitoring; no trip, no decision. A visit to such a state reported over while the warrant is
still in force (the person was not arrested there) calls for a post-visit notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from geo.obligations import Strength, obligation, warrant_status
from geo.reference import Reference, default_reference
from tracker.config import Config

ALERT_STRENGTHS = (Strength.BINDING, Strength.CONTESTED)
TRAVEL = ("planned", "ongoing")
HIGH_CONFIDENCE = 0.85  # at or above: the "high" tier; an update is sent when the tier changes
COURT_SEAT = "NL"  # Art. 3(1): "The seat of the Court shall be established at The Hague in the Netherlands"


@dataclass(frozen=True)
class Thresholds:
    horizon_days: int = 30
    min_confidence: float = 0.6
    expire_days: int = 30  # an undated plan with no new report for this long has expired


DEFAULT_THRESHOLDS = Thresholds()


def thresholds_for(config: Config) -> Thresholds:
    """The alert rules' thresholds from config.yaml (`alerts:`)."""
    a = config.alerts
    return Thresholds(a.horizon_days, a.min_confidence, a.expire_undated_days)


@dataclass(frozen=True)
class Decision:
    decision: str  # alert | monitor | none
    why: tuple[str, ...]
    strength: str = "none"
    basis: str = "none"
    confidence: float = 0.0


def tier(confidence: float, thresholds: Thresholds | None = None) -> str:
    """Confidence in words: low (below the alert threshold), medium, or high."""
    thresholds = thresholds or DEFAULT_THRESHOLDS
    if confidence < thresholds.min_confidence:
        return "low"
    return "high" if confidence >= HIGH_CONFIDENCE else "medium"


def decide(
    person: str,
    destination: str | None,
    modality: str,
    travel_start: date | None,
    confidence: float,
    published: date,
    thresholds: Thresholds | None = None,
    ref: Reference | None = None,
) -> Decision:
    ref = ref or default_reference()
    thresholds = thresholds or DEFAULT_THRESHOLDS
    if modality == "none":
        return Decision("none", ("no travel by the person is reported",))
    who = ref.people[person]
    day = travel_start or published
    why = [f"{modality} trip of {who.name}" + (f" starting {travel_start}" if travel_start else ", no date given")]
    status = warrant_status(who, day, ref)
    if not status.in_force:
        return Decision("none", (*why, f"no warrant in force on {day}: {status.reason}"))
    if destination is None:
        return Decision("monitor", (*why, "destination not identified"))
    if destination not in ref.states:
        return Decision("monitor", (*why, f"destination {destination} is not a state in the reference data"))
    duty = obligation(destination, who, day, ref)
    why.append(duty.explanation)
    if duty.home_state:
        return Decision("none", (*why, "the person is at home"), duty.strength.value, duty.basis.value, confidence)
    if duty.strength not in ALERT_STRENGTHS:
        return Decision(
            "monitor", (*why, "no binding duty to arrest there"), duty.strength.value, duty.basis.value, confidence
        )
    if modality not in TRAVEL:
        return Decision("monitor", (*why, f"the trip is {modality}"), duty.strength.value, duty.basis.value, confidence)
    if destination == COURT_SEAT:  # "to The Hague", "Гаага": the Court, its warrant or a surrender, not a visit
        why.append("the Netherlands is the seat of the Court (Art. 3(1)): a wanted person goes there to be tried")
        return Decision("monitor", tuple(why), duty.strength.value, duty.basis.value, confidence)
    if travel_start and (travel_start - published).days > thresholds.horizon_days:
        why.append(f"more than {thresholds.horizon_days} days away")
        return Decision("monitor", tuple(why), duty.strength.value, duty.basis.value, confidence)
    if confidence < thresholds.min_confidence:
        why.append(f"confidence {confidence:.2f} below {thresholds.min_confidence:.2f}")
        return Decision("monitor", tuple(why), duty.strength.value, duty.basis.value, confidence)
    articles = ", ".join(duty.articles)
    why.append(f"{duty.name}: {duty.strength.value} duty to arrest ({articles})")
    return Decision("alert", tuple(why), duty.strength.value, duty.basis.value, confidence)


def post_visit(
    person: str,
    destination: str,
    travel_end: date | None,
    confidence: float,
    on: date,
    thresholds: Thresholds | None = None,
    ref: Reference | None = None,
) -> Decision | None:
    """A completed visit to a state bound to arrest, reported within the horizon after it, with the warrant
    still in force the day after (the person was not arrested there): the post-visit notice. None otherwise."""
    ref = ref or default_reference()
    thresholds = thresholds or DEFAULT_THRESHOLDS
    who = ref.people[person]
    end = travel_end or on
    if (
        destination not in ref.states
        or destination == COURT_SEAT  # brought to the Court, not visiting
        or (on - end).days > thresholds.horizon_days
        or confidence < thresholds.min_confidence
    ):
        return None
    duty = obligation(destination, who, end, ref)
    after = warrant_status(who, min(on, end + timedelta(days=1)), ref)
    if duty.home_state or duty.strength not in ALERT_STRENGTHS or not after.in_force:
        return None
    why = (
        f"completed visit of {who.name} to {duty.name}" + (f" ending {travel_end}" if travel_end else ""),
        duty.explanation,
        f"{duty.name}: {duty.strength.value} duty to arrest ({', '.join(duty.articles)}); warrant still in force",
    )
    return Decision("post_visit", why, duty.strength.value, duty.basis.value, confidence)
