"""Checks the reference facts against the Statute's own rules and against each other.

Entry into force must follow Art. 126(2), a withdrawal's effect Art. 127(1); every code a row names
must exist; a person said to be at large must have a warrant in force. `tracker data check` prints
the problems; the same checks run in the test suite so that a bad edit to a data file fails CI.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, fields
from datetime import date, timedelta

from geo.reference import FILES, REGIONAL_GROUPS, VERIFIED_MARKS, Reference, Sourced

STATUTE_IN_FORCE = date(2002, 7, 1)
UN_CHARTER_IN_FORCE = date(1945, 10, 24)
# "deposit": an instrument of ratification, acceptance, approval or accession whose kind is not recorded.
DEPOSIT_INSTRUMENTS = ("ratification", "acceptance", "approval", "accession", "deposit")
INSTRUMENTS = (*DEPOSIT_INSTRUMENTS, "succession")
PERSON_STATUSES = {
    "at_large": "warrant in force, not in the Court's custody",
    "detained": "held by a state, not yet surrendered to the Court",
    "in_custody": "in the Court's custody",
    "convicted": "convicted by the Court",
    "acquitted": "acquitted, or charges not confirmed or withdrawn",
    "deceased": "died; proceedings terminated or pending termination",
    "reported_dead": "death reported but neither dated nor confirmed by the Court; the warrant stands",
    "withdrawn": "warrant withdrawn or vacated",
    "unconfirmed": "a warrant was reported but the Court has not made one public",
    "application": "a warrant was applied for; none is public",
}
NO_WARRANT_STATUSES = ("unconfirmed", "application")
SCRIPTS = (
    "Latin",
    "Cyrillic",
    "Arabic",
    "Hebrew",
    "Georgian",
    "Greek",
    "Han",
    "Mongolian",
    "Burmese",
    "Other",
)


@dataclass
class CheckResult:
    errors: list[str]
    verification: dict[str, Counter]

    @property
    def ok(self) -> bool:
        return not self.errors


def entry_into_force(deposited: date) -> date:
    """Art. 126(2): the first day of the month after the 60th day following deposit (not before 2002-07-01)."""
    sixtieth = deposited + timedelta(days=60)
    year, month = (sixtieth.year + 1, 1) if sixtieth.month == 12 else (sixtieth.year, sixtieth.month + 1)
    return max(date(year, month, 1), STATUTE_IN_FORCE)


def withdrawal_effect(notified: date) -> date:
    """Art. 127(1): one year after the Secretary-General receives the notification."""
    last_day = calendar.monthrange(notified.year + 1, notified.month)[1]
    return notified.replace(year=notified.year + 1, day=min(notified.day, last_day))


def _rows(ref: Reference):
    for filename in FILES:
        value = getattr(ref, filename.removesuffix(".csv"))
        yield filename, list(value.values()) if isinstance(value, dict) else value


def _check_sources(ref: Reference, today: date, errors: list[str]) -> dict[str, Counter]:
    verification: dict[str, Counter] = {}
    for filename, rows in _rows(ref):
        verification[filename] = Counter()
        for row in rows:
            label = _label(row)
            if not row.source_url.startswith(("http://", "https://")):
                errors.append(f"{filename}: {label}: source_url {row.source_url!r} is not an http(s) URL")
            if row.verified not in VERIFIED_MARKS:
                errors.append(f"{filename}: {label}: verified must be one of {VERIFIED_MARKS}, got {row.verified!r}")
            if row.as_of > today:
                errors.append(f"{filename}: {label}: as_of {row.as_of} is in the future")
            verification[filename][row.verified] += 1
    return verification


def unverified(ref: Reference) -> list[str]:
    """One line per row not yet seen in its source: the work list for the next verification pass."""
    return [
        f"{filename}: {_label(row)} [{row.verified}] {row.source_url}"
        for filename, rows in _rows(ref)
        for row in rows
        if row.verified != "yes"
    ]


def _label(row: Sourced) -> str:
    keys = [f.name for f in fields(row) if f.name not in ("source_url", "as_of", "verified", "notes")][:2]
    return " ".join(str(getattr(row, k)) for k in keys)


def _check_states(ref: Reference, errors: list[str]) -> None:
    for iso2, s in ref.states.items():
        if len(iso2) != 2 or not iso2.isupper() or len(s.iso3) != 3:
            errors.append(f"states.csv: {iso2}: codes must be ISO 3166-1 alpha-2 and alpha-3")
        if s.un_regional_group and s.un_regional_group not in REGIONAL_GROUPS:
            errors.append(f"states.csv: {iso2}: unknown regional group {s.un_regional_group!r}")
    for a in ref.accessions.values():
        if a.state not in ref.states:
            errors.append(f"accessions.csv: {a.state}: not in states.csv")
        elif not ref.states[a.state].un_regional_group:
            errors.append(f"accessions.csv: {a.state}: a State Party needs its UN regional group in states.csv")
        if a.instrument not in INSTRUMENTS:
            errors.append(f"accessions.csv: {a.state}: instrument {a.instrument!r} is not one of {INSTRUMENTS}")
        if a.deposited is None or a.entry_into_force is None:
            errors.append(f"accessions.csv: {a.state}: deposited and entry_into_force are both required")
        elif a.instrument in DEPOSIT_INSTRUMENTS and entry_into_force(a.deposited) != a.entry_into_force:
            errors.append(
                f"accessions.csv: {a.state}: entry_into_force {a.entry_into_force} does not follow Art. 126(2) "
                f"from deposit on {a.deposited} (expected {entry_into_force(a.deposited)})"
            )


def _check_withdrawals(ref: Reference, errors: list[str]) -> None:
    for w in ref.withdrawals:
        where = f"withdrawals.csv: {w.state}"
        if w.state not in ref.accessions:
            errors.append(f"{where}: a withdrawal needs the state's accession in accessions.csv")
        if w.notified is None or w.effective is None:
            errors.append(f"{where}: notified and effective are both required")
            continue
        if w.effective < withdrawal_effect(w.notified):
            errors.append(
                f"{where}: effective {w.effective} is earlier than Art. 127(1) allows "
                f"(one year after notification: {withdrawal_effect(w.notified)})"
            )
        if w.revoked and not (w.notified <= w.revoked):
            errors.append(f"{where}: revoked {w.revoked} is before the notification {w.notified}")


OFFICES = ("head_of_state", "head_of_government")


def _check_links(ref: Reference, errors: list[str]) -> None:
    def need(kind: str, value: str, known, where: str) -> None:
        if value and value not in known:
            errors.append(f"{where}: {kind} {value!r} is not in {'states' if kind == 'state' else kind + 's'}.csv")

    for d in ref.declarations:
        need("state", d.state, ref.states, "declarations.csv")
        need("situation", d.situation, ref.situations, "declarations.csv")
    for r in ref.referrals:
        need("state", r.bound_state, ref.states, "referrals.csv")
        need("situation", r.situation, ref.situations, "referrals.csv")
    for rows, filename in ((ref.arrangements, "arrangements.csv"), (ref.disputes, "disputes.csv")):
        for row in rows:
            need("state", row.state, ref.states, filename)
            need("situation", row.situation, ref.situations, filename)
    for p in ref.people.values():
        need("state", p.nationality, ref.states, f"people.csv: {p.id}")
        need("situation", p.situation, ref.situations, f"people.csv: {p.id}")
    for a in ref.aliases:
        need("person", a.person, ref.people, "aliases.csv")
        if a.script not in SCRIPTS:
            errors.append(f"aliases.csv: {a.person} {a.alias!r}: script {a.script!r} is not one of {SCRIPTS}")
    for w in ref.warrants:
        need("person", w.person, ref.people, "warrants.csv")
    for f in ref.findings:
        need("state", f.state, ref.states, "findings.csv")
        need("person", f.person, ref.people, "findings.csv")
    for o in ref.offices:
        need("state", o.state, ref.states, "offices.csv")
        need("person", o.person, ref.people, "offices.csv")
        if o.office not in OFFICES:
            errors.append(f"offices.csv: {o.person} {o.start}: office {o.office!r} is not one of {OFFICES}")
        if o.start is None or (o.end is not None and o.end <= o.start):
            errors.append(f"offices.csv: {o.person} {o.start}: a term needs a start before its end ({o.end})")


def _check_people(ref: Reference, today: date, errors: list[str]) -> None:
    for p in ref.people.values():
        where = f"people.csv: {p.id}"
        if p.status not in PERSON_STATUSES:
            errors.append(f"{where}: status {p.status!r} is not one of {', '.join(PERSON_STATUSES)}")
        warrants = ref.warrants_of(p.id)
        if not warrants and p.status not in NO_WARRANT_STATUSES:
            errors.append(f"{where}: no row in warrants.csv (only {NO_WARRANT_STATUSES} may have none)")
        if p.status == "deceased" and p.died is None and not any(w.ended for w in warrants):
            errors.append(f"{where}: status deceased needs the date in `died` or an ended warrant")
        if p.status in ("in_custody", "convicted") and p.surrendered is None:
            errors.append(f"{where}: status {p.status} needs the surrender date in `surrendered`")
        live = [w for w in warrants if w.public and w.public <= today and not (w.ended and w.ended <= today)]
        if p.status in ("at_large", "detained") and (not live or p.died or p.surrendered):
            errors.append(f"{where}: status {p.status} but no warrant is in force (or died/surrendered is set)")
        if not any(a.person == p.id for a in ref.aliases):
            errors.append(f"{where}: no alias in aliases.csv (matching needs at least the name as news writes it)")
    for w in ref.warrants:
        where = f"warrants.csv: {w.person} {w.case_number}"
        if w.issued and w.public and w.public < w.issued:
            errors.append(f"{where}: public {w.public} is before issued {w.issued}")
        if w.ended and w.public and w.ended < w.public:
            errors.append(f"{where}: ended {w.ended} is before public {w.public}")
        if w.ended and not w.ended_reason:
            errors.append(f"{where}: ended needs an ended_reason")


def _check_un_members(ref: Reference, errors: list[str]) -> None:
    """Exactly the states marked `un_member: yes` have an admission date, and none before the Charter."""
    members = {iso2 for iso2, s in ref.states.items() if s.un_member == "yes"}
    for iso2 in sorted(members - set(ref.un_members)):
        errors.append(f"un_members.csv: {iso2}: a UN member in states.csv needs its admission date here")
    for iso2, m in ref.un_members.items():
        if iso2 not in members:
            errors.append(f"un_members.csv: {iso2}: not marked un_member yes in states.csv")
        if m.admitted is None or m.admitted < UN_CHARTER_IN_FORCE:
            errors.append(f"un_members.csv: {iso2}: admitted must be a day from {UN_CHARTER_IN_FORCE} on")


def _check_travel_bans(ref: Reference, errors: list[str]) -> None:
    for b in ref.travel_bans:
        where = f"travel_bans.csv: {b.person} {b.reference}"
        if b.person not in ref.people:
            errors.append(f"{where}: person {b.person!r} is not in people.csv")
        if not (b.regime and b.reference and b.listed):
            errors.append(f"{where}: regime, reference and listed are required")
        if b.listed and b.delisted and b.delisted <= b.listed:
            errors.append(f"{where}: delisted {b.delisted} is not after listed {b.listed}")
        if "travel ban" not in b.measures:
            errors.append(f"{where}: measures must include 'travel ban' (this file holds travel bans only)")
    for w in ref.warrants:
        for code in w.sealed_request_to.split():
            if code not in ref.states:
                errors.append(f"warrants.csv: {w.person} {w.case_number}: sealed_request_to {code!r} is not a state")


def _check_situations(ref: Reference, errors: list[str]) -> None:
    for s in ref.situations.values():
        pe, inv = s.preliminary_examination_opened, s.investigation_opened
        if pe and inv and inv < pe:
            errors.append(f"situations.csv: {s.id}: investigation opened before the preliminary examination")


def check_reference(ref: Reference, today: date | None = None) -> CheckResult:
    """Every rule above, applied to every row; an empty error list means the data is consistent."""
    today = today or date.today()
    errors: list[str] = []
    verification = _check_sources(ref, today, errors)
    _check_states(ref, errors)
    _check_withdrawals(ref, errors)
    _check_links(ref, errors)
    _check_people(ref, today, errors)
    _check_situations(ref, errors)
    _check_un_members(ref, errors)
    _check_travel_bans(ref, errors)
    return CheckResult(errors, verification)


@dataclass(frozen=True)
class StaleFact:
    """A reference row last checked more than the allowed age ago: the next one to re-verify."""

    file: str
    fact: str
    as_of: date
    verified: str
    source_url: str

    def as_json(self) -> dict[str, str]:
        return {"file": self.file, "fact": self.fact, "as_of": self.as_of.isoformat(), "verified": self.verified,
                "source_url": self.source_url}  # fmt: skip


def stale(ref: Reference, older_than_days: int, today: date | None = None) -> list[StaleFact]:
    """Rows whose as-of date is more than `older_than_days` before `today`, oldest first."""
    cutoff = (today or date.today()) - timedelta(days=older_than_days)
    found = [
        StaleFact(filename, _label(row), row.as_of, row.verified, row.source_url)
        for filename, rows in _rows(ref)
        for row in rows
        if row.as_of < cutoff
    ]
    return sorted(found, key=lambda f: (f.as_of, f.file, f.fact))
