"""The reference facts the law is applied to: states, treaty events, situations, people and warrants.

They live in the CSV files of `geo/data/`, one fact per row with its source URL, as-of date and
verification mark, so that a reviewer can check any answer the obligation engine gives against
its source. This module only reads them into typed records; `geo.datacheck` judges them.
"""

from __future__ import annotations

import csv
import dataclasses
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from geo.errors import ReferenceDataError

DATA_DIR = Path(__file__).with_name("data")

VERIFIED_MARKS = ("yes", "partial", "no")
REGIONAL_GROUPS = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and Others",
)


@dataclass(frozen=True)
class Sourced:
    """What every reference row carries: where the fact comes from and how far it was checked."""

    source_url: str
    as_of: date
    verified: str
    notes: str = ""


@dataclass(frozen=True)
class State(Sourced):
    iso2: str = ""
    iso3: str = ""
    name: str = ""
    un_regional_group: str = ""
    un_member: str = ""


@dataclass(frozen=True)
class UnMembership(Sourced):
    """A state's admission to the United Nations: from that day a Security Council travel ban binds it."""

    state: str = ""
    admitted: date | None = None


@dataclass(frozen=True)
class TravelBan(Sourced):
    """A person's listing under a Security Council sanctions regime with a travel ban: every UN member must
    prevent their entry or transit (not arrest them) from `listed` until `delisted`."""

    person: str = ""
    regime: str = ""
    reference: str = ""
    listed: date | None = None
    delisted: date | None = None
    measures: str = ""
    renewed_until: date | None = None  # the end of the regime's measures as last seen renewed; empty: no end date


@dataclass(frozen=True)
class Accession(Sourced):
    """Deposit of an instrument of ratification, acceptance, approval, accession or succession."""

    state: str = ""
    instrument: str = ""
    deposited: date | None = None
    entry_into_force: date | None = None


@dataclass(frozen=True)
class Withdrawal(Sourced):
    """An Art. 127 notification; it has no effect if revoked before `effective`."""

    state: str = ""
    notified: date | None = None
    effective: date | None = None
    revoked: date | None = None

    def in_effect_on(self, on: date) -> bool:
        if self.effective is None or on < self.effective:
            return False
        return self.revoked is None or self.revoked >= self.effective


@dataclass(frozen=True)
class Declaration(Sourced):
    """An Art. 12(3) declaration accepting the Court's jurisdiction for one situation."""

    state: str = ""
    lodged: date | None = None
    situation: str = ""
    scope_from: date | None = None
    scope_to: date | None = None
    accepted: bool = True


@dataclass(frozen=True)
class Referral(Sourced):
    """A Security Council referral (Art. 13(b)): `bound_state` "shall cooperate", every other state is urged."""

    situation: str = ""
    resolution: str = ""
    adopted: date | None = None
    bound_state: str = ""


@dataclass(frozen=True)
class Arrangement(Sourced):
    """An Art. 87(5) ad hoc arrangement or agreement with a non-party; empty situation means all."""

    state: str = ""
    situation: str = ""
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Dispute(Sourced):
    """A former State Party that disputes a surviving Art. 127(2) duty; empty situation means all."""

    state: str = ""
    situation: str = ""


@dataclass(frozen=True)
class Situation(Sourced):
    id: str = ""
    name: str = ""
    territory: str = ""
    preliminary_examination_opened: date | None = None
    investigation_opened: date | None = None


@dataclass(frozen=True)
class Person(Sourced):
    """A person publicly subject to an ICC arrest warrant, with the facts that end the duty to arrest."""

    id: str = ""
    name: str = ""
    nationality: str = ""
    situation: str = ""
    position: str = ""
    status: str = ""
    status_date: date | None = None
    surrendered: date | None = None
    died: date | None = None


@dataclass(frozen=True)
class Alias(Sourced):
    person: str = ""
    alias: str = ""
    script: str = ""


@dataclass(frozen=True)
class Warrant(Sourced):
    """One arrest warrant; it can be acted on from `public` until `ended`."""

    person: str = ""
    case_number: str = ""
    issued: date | None = None
    public: date | None = None
    ended: date | None = None
    ended_reason: str = ""
    sealed_request_to: str = ""  # states known to have received the request while it was sealed (ISO2, spaces)


@dataclass(frozen=True)
class Office(Sourced):
    """A watched person's term as head of state or government: "the Sudanese president" names him then."""

    person: str = ""
    state: str = ""
    office: str = ""  # head_of_state or head_of_government
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Finding(Sourced):
    """A Chamber's finding of non-compliance (Art. 87(7)), or a reported failure with no finding yet."""

    state: str = ""
    person: str = ""
    visit: str = ""
    decision_date: date | None = None
    document: str = ""
    chamber: str = ""
    referred_to: str = ""


FILES: dict[str, type[Sourced]] = {
    "states.csv": State,
    "accessions.csv": Accession,
    "withdrawals.csv": Withdrawal,
    "declarations.csv": Declaration,
    "referrals.csv": Referral,
    "arrangements.csv": Arrangement,
    "disputes.csv": Dispute,
    "situations.csv": Situation,
    "people.csv": Person,
    "aliases.csv": Alias,
    "warrants.csv": Warrant,
    "findings.csv": Finding,
    "offices.csv": Office,
    "un_members.csv": UnMembership,
    "travel_bans.csv": TravelBan,
}


@dataclass
class Reference:
    """All reference rows, with lookups by key; built once per data folder."""

    states: dict[str, State] = field(default_factory=dict)
    accessions: dict[str, Accession] = field(default_factory=dict)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    arrangements: list[Arrangement] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    situations: dict[str, Situation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    warrants: list[Warrant] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    un_members: dict[str, UnMembership] = field(default_factory=dict)
    travel_bans: list[TravelBan] = field(default_factory=list)

    def warrants_of(self, person_id: str) -> list[Warrant]:
        return [w for w in self.warrants if w.person == person_id]

    def withdrawals_of(self, iso2: str) -> list[Withdrawal]:
        return [w for w in self.withdrawals if w.state == iso2]

    def travel_bans_of(self, person_id: str) -> list[TravelBan]:
        return [b for b in self.travel_bans if b.person == person_id]

    def un_member_on(self, iso2: str, day: date) -> bool:
        membership = self.un_members.get(iso2)
        return membership is not None and membership.admitted is not None and membership.admitted <= day

    def findings_against(self, iso2: str) -> list[Finding]:
        return [f for f in self.findings if f.state == iso2]

    def holder(self, state: str, office: str, day: date) -> str | None:
        """The watched person holding `office` of `state` on `day`, if any."""
        return next(
            (
                o.person
                for o in self.offices
                if o.state == state and o.office == office and o.start <= day and (o.end is None or day < o.end)
            ),
            None,
        )


def _convert(raw: str, hint: object) -> object:
    """Turn one CSV cell into the field's type; raises ValueError with a readable message."""
    optional = isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)
    base = next(a for a in typing.get_args(hint) if a is not type(None)) if optional else hint
    if raw == "":
        if optional:
            return None
        if base is str:
            return ""
        raise ValueError("is empty")
    if base is date:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a date (expected YYYY-MM-DD)") from None
    if base is bool:
        if raw.lower() in ("yes", "true"):
            return True
        if raw.lower() in ("no", "false"):
            return False
        raise ValueError(f"{raw!r} is not yes/no")
    return raw


def read_rows(path: Path, cls: type[Sourced]) -> Iterator[tuple[int, Sourced | list[str]]]:
    """Yield (line number, record) per row, or (line number, [problems]) for a row that cannot be read."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [n for n in names if n not in header and n != "notes"]
        unknown = [h for h in header if h not in names]
        if missing or unknown:
            parts = [
                f"missing columns {missing}" if missing else "",
                f"unknown columns {unknown}" if unknown else "",
            ]
            yield 1, [f"{path.name}:1: " + "; ".join(p for p in parts if p)]
            return
        for row in reader:
            line = reader.line_num
            values, problems = {}, []
            for name in names:
                try:
                    values[name] = _convert((row.get(name) or "").strip(), hints[name])
                except ValueError as e:
                    problems.append(f"{path.name}:{line}: column {name}: {e}")
            yield line, (problems if problems else cls(**values))


def load_reference(data_dir: Path = DATA_DIR) -> Reference:
    """Read every reference file; ReferenceDataError lists all rows that cannot be read."""
    ref, problems = Reference(), []
    keyed = {"states": "iso2", "accessions": "state", "situations": "id", "people": "id", "un_members": "state"}
    for filename, cls in FILES.items():
        path = data_dir / filename
        attr = filename.removesuffix(".csv")
        if not path.exists():
            problems.append(f"{filename}: file is missing from {data_dir}")
            continue
        target = getattr(ref, attr)
        for line, record in read_rows(path, cls):
            if isinstance(record, list):
                problems.extend(record)
            elif attr in keyed:
                key = getattr(record, keyed[attr])
                if key in target:
                    problems.append(f"{filename}:{line}: duplicate {keyed[attr]} {key!r}")
                target[key] = record
            else:
                target.append(record)
    if problems:
        raise ReferenceDataError(problems)
    return ref


@cache
def default_reference() -> Reference:
    """The shipped reference data, read once per process."""
    return load_reference(DATA_DIR)
