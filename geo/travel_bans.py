"""Security Council travel bans: a second duty beside the duty to arrest, never merged into it.

A person listed under a sanctions regime with a travel ban must be kept out: every UN member, party to
the Rome Statute or not, must prevent their entry into or transit through its territory. The ban does
not oblige anyone to arrest, and no state need refuse entry to its own nationals. Like the duty to
arrest, it is evaluated on the day of the trip: from the listing to the delisting, while the regime's
measures stand and the person is alive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.reference import Person, Reference, TravelBan, default_reference

DUTY = "prevent entry or transit (UN Charter Art. 25); it does not oblige arrest"


@dataclass(frozen=True)
class TravelBanDuty:
    """One state's duty, on one day, to keep a listed person out of its territory."""

    ban: TravelBan
    text: str
    renewal_unverified: bool = False

    def as_json(self) -> dict[str, object]:
        b = self.ban
        return {
            "regime": b.regime,
            "reference": b.reference,
            "source_url": b.source_url.split(" ; ")[0],
            "listed": b.listed.isoformat() if b.listed else None,
            "measures": b.measures,
            "duty": DUTY,
            "explanation": self.text,
            "renewal_unverified": self.renewal_unverified,
            "verified": b.verified,
            "as_of": b.as_of.isoformat(),
        }


def travel_ban_on(person: str | Person, on: date, ref: Reference | None = None) -> TravelBan | None:
    """The Security Council travel ban against `person` in force on `on`, if any (the earliest listing).

    A ban whose regime was last seen renewed until a day before `on` still counts (listings stand until
    removed, and the regimes have been renewed every year); `travel_ban_duty` says that the renewal is
    unverified. The alert email can call this to show the ban beside the duty to arrest."""
    ref = ref or default_reference()
    who = person if isinstance(person, Person) else ref.people[person]
    if who.died and who.died <= on:
        return None
    live = [
        b for b in ref.travel_bans_of(who.id) if b.listed and b.listed <= on and not (b.delisted and b.delisted <= on)
    ]
    return min(live, key=lambda b: b.listed) if live else None


def travel_ban_duty(state: str, person: Person, on: date, ref: Reference) -> TravelBanDuty | None:
    """The ban's duty for one state: only a UN member on `on` is bound, its own nationals excepted."""
    ban = travel_ban_on(person, on, ref)
    if ban is None or not ref.un_member_on(state, on):
        return None
    name = ref.states[state].name
    text = (
        f"{name}, as a UN member, must prevent {person.name}'s entry or transit under the Security Council's "
        f"{ban.regime}, listed {ban.listed} ({ban.reference}); this travel ban does not oblige arrest"
    )
    if state == person.nationality:
        text += f"; it does not oblige {name} to refuse entry to its own national"
    unverified = ban.renewed_until is not None and ban.renewed_until < on
    if unverified:
        text += f"; the measures were last seen renewed until {ban.renewed_until}"
    return TravelBanDuty(ban, text + ".", unverified)


def listings(person: Person, on: date, ref: Reference) -> list[dict[str, object]]:
    """Every recorded listing of the person, public fields only (no research notes), and whether a ban is
    in force on `on`: what the person page shows."""
    live = travel_ban_on(person, on, ref)
    return [
        {
            "regime": b.regime,
            "reference": b.reference,
            "listed": b.listed.isoformat() if b.listed else None,
            "delisted": b.delisted.isoformat() if b.delisted else None,
            "measures": b.measures,
            "in_force": b == live,
            "renewal_unverified": b == live and b.renewed_until is not None and b.renewed_until < on,
            "renewed_until": b.renewed_until.isoformat() if b.renewed_until else None,
            "duty": DUTY,
            "source_url": b.source_url.split(" ; ")[0],
            "as_of": b.as_of.isoformat(),
            "verified": b.verified,
        }
        for b in ref.travel_bans_of(person.id)
    ]
