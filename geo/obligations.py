"""Who must arrest whom, on a given day: the Rome Statute applied to the reference facts.

The day is the day of the trip, never today: Mongolia in September 2024 was a State Party, Hungary
after a withdrawal takes effect is bound only through Art. 127(2). Every answer names its basis, its
articles and a one-line explanation that a focal point can check against the sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from geo.errors import UnknownPersonError, UnknownStateError
from geo.reference import Person, Reference, Warrant, default_reference
from geo.travel_bans import TravelBanDuty, travel_ban_duty


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


@dataclass(frozen=True)
class SealedRequest:
    """A warrant issued under seal and not yet public on the day: it already bound the states holding the
    request (Art. 89(1)), though neither the public nor tracker could know it then."""

    warrant: Warrant
    recipients_known: bool

    def as_json(self) -> dict[str, object]:
        w = self.warrant
        return {
            "issued": w.issued.isoformat() if w.issued else None,
            "public": w.public.isoformat() if w.public else None,
            "request_sent_to": w.sealed_request_to.split() if self.recipients_known else None,
            "public_then": False,
        }


@dataclass(frozen=True)
class Obligation:
    """One state's duty towards one wanted person on one day, and why; beside it, never merged into it,
    the state's duty under a Security Council travel ban to keep the person out."""

    state: str
    name: str
    strength: Strength
    basis: Basis
    articles: tuple[str, ...]
    explanation: str
    regional_group: str
    home_state: bool = False
    travel_ban: TravelBanDuty | None = None
    sealed: SealedRequest | None = None

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
            "travel_ban": self.travel_ban.as_json() if self.travel_ban else None,
            "sealed_warrant": self.sealed.as_json() if self.sealed else None,
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


class Duty(NamedTuple):
    """What one rule finds: how strong, on which basis, and the sentence that explains it."""

    strength: Strength
    basis: Basis
    text: str


def _state_party(iso2: str, name: str, person: Person, on: date, ref: Reference) -> Duty | None:
    if not _state_party_on(iso2, on, ref):
        return None
    text = f"{name} has been a State Party since {ref.accessions[iso2].entry_into_force} and must arrest and surrender"
    for w in ref.withdrawals_of(iso2):
        pending = w.notified and w.effective and w.notified <= on < w.effective
        if pending and not (w.revoked and w.revoked <= on):
            text += f"; its withdrawal, notified on {w.notified}, would take effect only on {w.effective}"
    return Duty(Strength.BINDING, Basis.STATE_PARTY, text)


def _surviving_duty(iso2: str, name: str, person: Person, on: date, ref: Reference) -> Duty | None:
    """Art. 127(2): a former party stays bound in investigations commenced before its withdrawal took effect."""
    done = [w.effective for w in ref.withdrawals_of(iso2) if w.in_effect_on(on) and w.effective]
    situation = ref.situations.get(person.situation)
    if not done or situation is None:
        return None
    effective = max(done)
    disputed = [d for d in ref.disputes if d.state == iso2 and d.situation in ("", person.situation)]
    opened, examined = situation.investigation_opened, situation.preliminary_examination_opened
    lead = f"The withdrawal of {name} took effect on {effective}"
    if opened and opened < effective:
        text = (
            f"{lead}, but the {situation.name} investigation opened on {opened}, before that, "
            "so the duty to cooperate survives (Art. 127(2))"
        )
        if disputed:
            return Duty(Strength.CONTESTED, Basis.SURVIVING_DUTY, f"{text}; {name} disputes this: {disputed[0].notes}")
        return Duty(Strength.BINDING, Basis.SURVIVING_DUTY, text)
    if examined and examined < effective:
        return Duty(
            Strength.CONTESTED,
            Basis.SURVIVING_DUTY,
            f"{lead}; the {situation.name} matter was under the Court's consideration from {examined} "
            f"but the investigation opened only on {opened}: whether the duty survives is contested",
        )
    return None


def _declaration(iso2: str, name: str, person: Person, on: date, ref: Reference) -> Duty | None:
    """Art. 12(3): the latest accepted declaration covering the person's situation."""
    lodged = [
        d
        for d in ref.declarations
        if d.state == iso2 and d.accepted and d.situation == person.situation and d.lodged and d.lodged <= on
    ]
    if not lodged:
        return None
    d = max(lodged, key=lambda d: d.lodged)
    scope = f"from {d.scope_from}" + (f" to {d.scope_to}" if d.scope_to else " onwards")
    return Duty(
        Strength.BINDING,
        Basis.DECLARATION,
        f"{name} accepted the Court's jurisdiction by an Art. 12(3) declaration of {d.lodged} "
        f"({scope}) and must cooperate under Part 9",
    )


def _referral(iso2: str, name: str, person: Person, on: date, ref: Reference) -> Duty | None:
    for r in ref.referrals:
        if r.situation != person.situation or r.adopted is None or r.adopted > on:
            continue
        if r.bound_state == iso2:
            return Duty(
                Strength.BINDING,
                Basis.SECURITY_COUNCIL,
                f"Security Council resolution {r.resolution} ({r.adopted}) decides that {name} "
                "shall cooperate fully with the Court",
            )
        return Duty(
            Strength.URGED,
            Basis.URGED,
            f"{name} is not a State Party; Security Council resolution {r.resolution} only urges it to cooperate",
        )
    return None


def _arrangement(iso2: str, name: str, person: Person, on: date, ref: Reference) -> Duty | None:
    for a in ref.arrangements:
        in_scope = a.state == iso2 and a.situation in ("", person.situation)
        if in_scope and (a.valid_from is None or a.valid_from <= on) and (a.valid_to is None or on <= a.valid_to):
            return Duty(
                Strength.BINDING, Basis.ARRANGEMENT, f"{name} agreed to cooperate under an Art. 87(5) arrangement"
            )
    return None


# In order of precedence: where two rules find equally strong duties, the first one's basis is given.
RULES = (_state_party, _referral, _declaration, _surviving_duty, _arrangement)


def _strongest(iso2: str, name: str, person: Person, on: date, ref: Reference) -> Duty | None:
    duties = [d for d in (rule(iso2, name, person, on, ref) for rule in RULES) if d is not None]
    return min(duties, key=lambda d: d.strength.rank) if duties else None


def _made(
    iso2: str, person: Person, on: date, ref: Reference, duty: Duty, sealed: SealedRequest | None = None
) -> Obligation:
    record = ref.states[iso2]
    home = iso2 == person.nationality
    text = duty.text + (f" ({record.name} is {person.name}'s own state)" if home else "")
    return Obligation(
        iso2,
        record.name,
        duty.strength,
        duty.basis,
        ARTICLES[duty.basis],
        text + ".",
        record.un_regional_group,
        home,
        travel_ban_duty(iso2, person, on, ref),
        sealed,
    )


def obligation(state: str, person: str | Person, on: date, ref: Reference | None = None) -> Obligation:
    """The strongest duty `state` has, on `on`, to arrest and surrender `person` on a public warrant, with
    its travel-ban duty beside it."""
    ref = ref or default_reference()
    who = person if isinstance(person, Person) else find_person(person, ref)
    iso2 = state.upper()
    if iso2 not in ref.states:
        raise UnknownStateError(f"unknown state {state!r} (expected an ISO 3166-1 alpha-2 code such as MN)")
    name = ref.states[iso2].name
    status = warrant_status(who, on, ref)
    if not status.in_force:
        return _made(iso2, who, on, ref, Duty(Strength.NONE, Basis.NONE, f"No duty to arrest on {on}: {status.reason}"))
    duty = _strongest(iso2, name, who, on, ref) or Duty(
        Strength.NONE, Basis.NONE, f"{name} is not a State Party on {on} and has no other duty to arrest {who.name}"
    )
    return _made(iso2, who, on, ref, duty)


def sealed_warrants(person: Person, on: date, ref: Reference) -> tuple[Warrant, ...]:
    """Warrants issued on or before `on` that became public only after it (none once the person died or
    was surrendered)."""
    if (person.died and person.died <= on) or (person.surrendered and person.surrendered <= on):
        return ()
    return tuple(
        w
        for w in ref.warrants_of(person.id)
        if w.issued and w.public and w.issued <= on < w.public and not (w.ended and w.ended <= on)
    )


def sealed_explanation(person: Person, on: date, ref: Reference) -> str | None:
    """What a historical answer says on a day a warrant existed under seal; None if none did."""
    sealed = sealed_warrants(person, on, ref)
    if not sealed:
        return None
    w = min(sealed, key=lambda w: w.issued)
    return (
        f"The warrant against {person.name} issued on {w.issued} was under seal until {w.public}: "
        "it already bound the states holding the Court's request (Art. 89(1)), but it was not then public"
    )


def _under_seal(row: Obligation, person: Person, on: date, ref: Reference, sealed: tuple[Warrant, ...]) -> Obligation:
    """The row as it stood for the Court and the requested state while the warrant was sealed."""
    known = [w for w in sealed if w.sealed_request_to]
    held = {code for w in known for code in w.sealed_request_to.split()}
    if known and row.state not in held:
        return row
    duty = _strongest(row.state, row.name, person, on, ref)
    if duty is None or duty.strength is Strength.URGED:
        return row
    warrant = known[0] if known else min(sealed, key=lambda w: w.issued)
    who_holds = (
        f"{row.name} is known to have received the sealed request"
        if known
        else "the recipients of the sealed request are not known, so every bound state is listed"
    )
    text = f"{duty.text}; the warrant of {warrant.issued} was under seal until {warrant.public} ({who_holds})"
    return _made(row.state, person, on, ref, duty._replace(text=text), SealedRequest(warrant, bool(known)))


def who_must_arrest(person: str, on: date, ref: Reference | None = None) -> list[Obligation]:
    """Every state with any duty on `on` (binding, contested or urged), strongest first; while a Security
    Council travel ban is in force, every UN member too (strength `none` where it has no duty to arrest).
    On a day a warrant existed only under seal, the states bound by the sealed request, marked as such."""
    ref = ref or default_reference()
    who = find_person(person, ref)
    rows = [obligation(iso2, who, on, ref) for iso2 in ref.states]
    sealed = () if warrant_status(who, on, ref).in_force else sealed_warrants(who, on, ref)
    if sealed:
        rows = [_under_seal(r, who, on, ref, sealed) for r in rows]
    rows = [r for r in rows if r.strength is not Strength.NONE or r.travel_ban is not None]
    return sorted(rows, key=lambda r: (r.strength.rank, r.name))
