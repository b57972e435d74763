"""Who must arrest whom, on a given day: the Rome Statute applied to the reference facts.

The day is the day of the trip, never today: Mongolia in September 2024 was a State Party, Hungary
after a withdrawal takes effect is bound only through Art. 127(2). Every answer names its basis, its
articles and a one-line explanation that a focal point can check against the sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from geo.reference import Person, Reference, Warrant, default_reference


class Strength(StrEnum):
    BINDING = "binding"
    CONTESTED = "contested"
    URGED = "urged"
    NONE = "none"

    @property
    def rank(self) -> int:
        return list(Strength).index(self)


class Basis(StrEnum):
    STATE_PARTY = "state_party"
    SECURITY_COUNCIL = "security_council_referral"
    DECLARATION = "art_12_3_declaration"
    SURVIVING_DUTY = "art_127_2_surviving_duty"
    ARRANGEMENT = "art_87_5_arrangement"
    URGED = "security_council_urged"
    NONE = "none"


ARTICLES: dict[Basis, tuple[str, ...]] = {
    Basis.STATE_PARTY: ("Art. 86", "Art. 89(1)"),
    Basis.SECURITY_COUNCIL: ("Art. 13(b)", "UN Charter Art. 25"),
    Basis.DECLARATION: ("Art. 12(3)", "Part 9", "Rule 44"),
    Basis.SURVIVING_DUTY: ("Art. 127(2)", "Art. 86", "Art. 89(1)"),
    Basis.ARRANGEMENT: ("Art. 87(5)",),
    Basis.URGED: ("Art. 13(b)",),
    Basis.NONE: (),
}


class UnknownPersonError(LookupError):
    """The person id is not in the reference data."""


class UnknownStateError(LookupError):
    """The state code is not in the reference data."""


@dataclass(frozen=True)
class Obligation:
    """One state's duty towards one wanted person on one day, and why."""

    state: str
    name: str
    strength: Strength
    basis: Basis
    articles: tuple[str, ...]
    explanation: str
    regional_group: str
    home_state: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "name": self.name,
            "strength": str(self.strength),
            "basis": str(self.basis),
            "articles": list(self.articles),
            "explanation": self.explanation,
            "regional_group": self.regional_group,
            "home_state": self.home_state,
        }


@dataclass(frozen=True)
class WarrantStatus:
    """Whether any warrant against the person can be acted on that day, and the reason if not."""

    in_force: bool
    reason: str
    warrants: tuple[Warrant, ...] = ()


def warrant_status(person: Person, on: date, ref: Reference) -> WarrantStatus:
    """A warrant binds from the day it is public until it ends, while the person is alive and not surrendered."""
    warrants = ref.warrants_of(person.id)
    if person.died and person.died <= on:
        return WarrantStatus(False, f"{person.name} died on {person.died}")
    if person.surrendered and person.surrendered <= on:
        return WarrantStatus(False, f"{person.name} has been in the Court's custody since {person.surrendered}")
    live = tuple(w for w in warrants if w.public and w.public <= on and not (w.ended and w.ended <= on))
    if live:
        return WarrantStatus(True, "warrant public and in force", live)
    if not warrants:
        return WarrantStatus(False, f"no public warrant for {person.name} is recorded")
    ended = [w for w in warrants if w.ended and w.ended <= on]
    if ended and len(ended) == len(warrants):
        last = max(ended, key=lambda w: w.ended)
        return WarrantStatus(False, f"the warrant ended on {last.ended} ({last.ended_reason or 'no reason recorded'})")
    upcoming = sorted(w.public for w in warrants if w.public and w.public > on)
    if upcoming:
        return WarrantStatus(False, f"no warrant for {person.name} was public yet (first public {upcoming[0]})")
    return WarrantStatus(False, f"the warrant against {person.name} has not been made public")


def find_person(person_id: str, ref: Reference | None = None) -> Person:
    ref = ref or default_reference()
    try:
        return ref.people[person_id]
    except KeyError:
        known = ", ".join(sorted(ref.people)[:8])
        raise UnknownPersonError(f"unknown person {person_id!r} (person ids look like: {known}, …)") from None


def _state_party_on(iso2: str, on: date, ref: Reference) -> bool:
    accession = ref.accessions.get(iso2)
    if accession is None or accession.entry_into_force is None or accession.entry_into_force > on:
        return False
    return not any(w.in_effect_on(on) for w in ref.withdrawals_of(iso2))


def _state_party(iso2: str, name: str, on: date, ref: Reference) -> tuple[Strength, Basis, str] | None:
    if not _state_party_on(iso2, on, ref):
        return None
    eif = ref.accessions[iso2].entry_into_force
    text = f"{name} has been a State Party since {eif} and must arrest and surrender"
    pending = [w for w in ref.withdrawals_of(iso2) if w.notified and w.notified <= on < (w.effective or on)]
    for w in pending:
        if w.revoked and w.revoked <= on:
            continue
        text += f"; its withdrawal, notified on {w.notified}, would take effect only on {w.effective}"
    return Strength.BINDING, Basis.STATE_PARTY, text


def _surviving_duty(iso2: str, name: str, person: Person, on: date, ref: Reference) -> tuple | None:
    """Art. 127(2): a former party stays bound in investigations commenced before its withdrawal took effect."""
    done = [w for w in ref.withdrawals_of(iso2) if w.in_effect_on(on)]
    situation = ref.situations.get(person.situation)
    if not done or situation is None:
        return None
    effective = max(w.effective for w in done if w.effective)
    disputed = [d for d in ref.disputes if d.state == iso2 and d.situation in ("", person.situation)]
    opened, examined = situation.investigation_opened, situation.preliminary_examination_opened
    lead = f"The withdrawal of {name} took effect on {effective}"
    if opened and opened < effective:
        text = (
            f"{lead}, but the {situation.name} investigation opened on {opened}, before that, "
            "so the duty to cooperate survives (Art. 127(2))"
        )
        if disputed:
            return (
                Strength.CONTESTED,
                Basis.SURVIVING_DUTY,
                f"{text}; {name} disputes this: {disputed[0].notes}",
            )
        return Strength.BINDING, Basis.SURVIVING_DUTY, text
    if examined and examined < effective:
        return (
            Strength.CONTESTED,
            Basis.SURVIVING_DUTY,
            f"{lead}; the {situation.name} matter was under the Court's consideration from {examined} "
            f"but the investigation opened only on {opened}: whether the duty survives is contested",
        )
    return None


def _declaration(iso2: str, name: str, person: Person, on: date, ref: Reference) -> tuple | None:
    lodged = [
        d
        for d in ref.declarations
        if d.state == iso2 and d.accepted and d.situation == person.situation and d.lodged and d.lodged <= on
    ]
    for d in sorted(lodged, key=lambda d: d.lodged, reverse=True)[:1]:
        scope = f"from {d.scope_from}" + (f" to {d.scope_to}" if d.scope_to else " onwards")
        return (
            Strength.BINDING,
            Basis.DECLARATION,
            f"{name} accepted the Court's jurisdiction by an Art. 12(3) declaration of {d.lodged} "
            f"({scope}) and must cooperate under Part 9",
        )
    return None


def _referral(iso2: str, name: str, person: Person, on: date, ref: Reference) -> tuple | None:
    for r in ref.referrals:
        if r.situation != person.situation or r.adopted is None or r.adopted > on:
            continue
        if r.bound_state == iso2:
            return (
                Strength.BINDING,
                Basis.SECURITY_COUNCIL,
                f"Security Council resolution {r.resolution} ({r.adopted}) decides that {name} "
                "shall cooperate fully with the Court",
            )
        return (
            Strength.URGED,
            Basis.URGED,
            f"{name} is not a State Party; Security Council resolution {r.resolution} only urges it to cooperate",
        )
    return None


def _arrangement(iso2: str, name: str, person: Person, on: date, ref: Reference) -> tuple | None:
    for a in ref.arrangements:
        if a.state != iso2 or a.situation not in ("", person.situation):
            continue
        if (a.valid_from is None or a.valid_from <= on) and (a.valid_to is None or on <= a.valid_to):
            return (
                Strength.BINDING,
                Basis.ARRANGEMENT,
                f"{name} agreed to cooperate under an Art. 87(5) arrangement",
            )
    return None


def obligation(state: str, person: str | Person, on: date, ref: Reference | None = None) -> Obligation:
    """The strongest duty `state` has, on `on`, to arrest and surrender `person`."""
    ref = ref or default_reference()
    who = person if isinstance(person, Person) else find_person(person, ref)
    iso2 = state.upper()
    if iso2 not in ref.states:
        raise UnknownStateError(f"unknown state {state!r} (expected an ISO 3166-1 alpha-2 code such as MN)")
    record = ref.states[iso2]
    home = iso2 == who.nationality
    status = warrant_status(who, on, ref)

    def make(strength: Strength, basis: Basis, text: str) -> Obligation:
        if home:
            text += f" ({record.name} is {who.name}'s own state)"
        return Obligation(
            iso2, record.name, strength, basis, ARTICLES[basis], text + ".", record.un_regional_group, home
        )

    if not status.in_force:
        return make(Strength.NONE, Basis.NONE, f"No duty to arrest on {on}: {status.reason}")
    found = [f(iso2, record.name, who, on, ref) for f in (_referral, _declaration, _surviving_duty, _arrangement)]
    found.insert(0, _state_party(iso2, record.name, on, ref))
    candidates = [c for c in found if c is not None]
    if not candidates:
        return make(
            Strength.NONE,
            Basis.NONE,
            f"{record.name} is not a State Party on {on} and has no other duty to arrest {who.name}",
        )
    strongest = min(candidates, key=lambda c: c[0].rank)
    return make(*strongest)


def who_must_arrest(person: str, on: date, ref: Reference | None = None) -> list[Obligation]:
    """Every state with any duty (binding, contested or urged) on `on`, strongest first."""
    ref = ref or default_reference()
    who = find_person(person, ref)
    rows = [obligation(iso2, who, on, ref) for iso2 in ref.states]
    rows = [r for r in rows if r.strength is not Strength.NONE]
    return sorted(rows, key=lambda r: (r.strength.rank, r.name))
