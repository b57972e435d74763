"""When a claim's trip is: the date nearest the cue in its sentence (not the dateline's, not the day
something was said), else one elsewhere in the report; and how a date settles the modality ("during his
visit last month" is a trip over)."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.claim_places import HOME_CUE
from tracker.claims import Sentence
from tracker.cues import Cue
from tracker.when import When, find_dates


def nearest_date(
    text: str, s: Sentence, anchor: Cue, day: date, modality: str, dateline, said=lambda at: False
) -> When | None:
    """The date nearest the cue in the sentence, leaving out the dateline's and the day of a saying
    ("the Kremlin said on Thursday"); a trip still to come has no date long past, one over none to come."""
    future = modality in ("planned", "cancelled", "denied")
    dates = [
        w
        for w in find_dates(text[s.start : s.end], day, future)
        if not (dateline and dateline[0] <= s.start + w.start < dateline[1]) and not said(s.start + w.start)
    ]
    if modality in ("planned", "ongoing"):
        dates = [w for w in dates if (w.last - day).days >= -3]
    if modality == "completed":
        dates = [w for w in dates if w.first <= day]
    arrival = [w for w in dates if w.first <= day and (day - w.last).days <= 1]
    if modality == "ongoing" and arrival:  # the arrival's day ("Sonntagmorgen"), not the next meeting's
        dates = arrival
    if not dates:
        return None
    cue_at = anchor.start - s.start
    return min(dates, key=lambda w: abs(w.start - cue_at))


def date_elsewhere(text: str, anchor: Cue, day: date, modality: str, dateline, said) -> When | None:
    """For a plan with no date in its sentence, the nearest date still to come elsewhere in the report
    (not today's: that is the report's own date, "Москва. 4 сентября. INTERFAX")."""
    if modality not in ("planned", "cancelled", "denied"):
        return None
    when = nearest_date(text, Sentence(0, len(text)), anchor, day, modality, dateline, said)
    return when if when is not None and when.first > day else None


STALE = 31  # days: a date further back is no date of a trip said to be under way


def settle(modality: str, rule: str, when, past, anchor: Cue, day: date):
    """A plan said with a past date is a trip that is over ("during his visit last month"); a trip named
    as a noun on a day it spans is under way ("un voyage d'Etat en Mongolie ce mardi", said on Tuesday)."""
    over = modality in HOME_CUE and past is not None and (day - past.last).days > 1
    over = over and not (modality == "planned" and when is not None and when.last >= day)
    over = over and not (modality == "ongoing" and when is not None and abs((day - when.last).days) <= 1)
    over = over and not (modality == "ongoing" and (day - past.last).days > STALE)  # "a warrant in March 2009"
    if over and (when is None or abs(past.start - anchor.start) < abs(when.start - anchor.start)):
        return "completed", past
    noun = rule.startswith(("trip named", "the person's trip"))
    if noun and modality == "planned" and when is not None and when.first <= day <= when.last:
        return "ongoing", when
    return modality, when


def vaguer(when, event, day: date) -> bool:
    """A week or a month that holds the event's first day says less than the event's own days; so does
    the report's own day when the event is still to come ("Lula said on Saturday Putin will be invited")."""
    if when is None:
        return False
    if when.first == when.last and abs((when.first - day).days) <= 1 and event.start > day + timedelta(days=1):
        return True  # "announced on Wednesday": the day of the saying
    return (when.last - when.first).days >= 6 and when.first <= event.start <= when.last
