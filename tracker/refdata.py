"""Copies the reference data files into the database, so that reports, claims and episodes can join them.

Loading is idempotent: keyed rows (states, situations, people) are upserted, the rest of each
reference table is replaced in the same transaction. Nothing else (reports, episodes, alerts) is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select
from sqlmodel import SQLModel

from geo.reference import Reference, Sourced, default_reference
from tracker.models import (
    AliasRecord,
    FindingRecord,
    PersonRecord,
    SituationRecord,
    StateRecord,
    TreatyEvent,
    WarrantRecord,
)
from tracker.storage import migrate, session_scope

SOURCED = ("source_url", "as_of", "verified")


@dataclass(frozen=True)
class LoadSummary:
    counts: dict[str, int]


def _sourced(row) -> dict:
    return {k: getattr(row, k) for k in SOURCED}


def treaty_events(ref: Reference) -> list[TreatyEvent]:
    """Every dated act of a state under the Statute, as one kind of row."""
    events = [
        TreatyEvent(state=a.state, kind=a.instrument, on=a.deposited, effective=a.entry_into_force, **_sourced(a))
        for a in ref.accessions.values()
    ]
    for w in ref.withdrawals:
        events.append(
            TreatyEvent(state=w.state, kind="withdrawal_notified", on=w.notified, effective=w.effective, **_sourced(w))
        )
        if w.revoked:
            events.append(TreatyEvent(state=w.state, kind="withdrawal_revoked", on=w.revoked, **_sourced(w)))
    for d in ref.declarations:
        scope = f"{d.scope_from or ''}..{d.scope_to or ''}" + ("" if d.accepted else " (not accepted)")
        events.append(
            TreatyEvent(
                state=d.state,
                kind="art_12_3_declaration",
                on=d.lodged,
                situation=d.situation,
                detail=scope,
                **_sourced(d),
            )
        )
    for r in ref.referrals:
        events.append(
            TreatyEvent(
                state=r.bound_state,
                kind="security_council_referral",
                on=r.adopted,
                situation=r.situation,
                detail=r.resolution,
                **_sourced(r),
            )
        )
    for a in ref.arrangements:
        events.append(
            TreatyEvent(
                state=a.state,
                kind="art_87_5_arrangement",
                on=a.valid_from,
                effective=a.valid_to,
                situation=a.situation or None,
                **_sourced(a),
            )
        )
    return events


def _copy(table: type[SQLModel], row: Sourced, **renamed: object) -> SQLModel:
    """A table row from a reference record: fields of the same name are copied, the rest given."""
    same = {name: getattr(row, name) for name in table.model_fields if hasattr(row, name)}
    return table(**same, **renamed)


def _records(ref: Reference) -> dict[type[SQLModel], list[SQLModel]]:
    return {
        StateRecord: [_copy(StateRecord, s) for s in ref.states.values()],
        SituationRecord: [_copy(SituationRecord, s) for s in ref.situations.values()],
        PersonRecord: [_copy(PersonRecord, p) for p in ref.people.values()],
        TreatyEvent: treaty_events(ref),
        AliasRecord: [_copy(AliasRecord, a, person_id=a.person) for a in ref.aliases],
        WarrantRecord: [_copy(WarrantRecord, w, person_id=w.person) for w in ref.warrants],
        FindingRecord: [_copy(FindingRecord, f) for f in ref.findings],
    }


KEYED = (StateRecord, SituationRecord, PersonRecord)


def load_into_database(engine: Engine, ref: Reference) -> LoadSummary:
    """Upsert the keyed tables and replace the others, all in one transaction."""
    records = _records(ref)
    with session_scope(engine) as session:
        for table in records:
            if table not in KEYED:
                session.execute(delete(table))
        for table, rows in records.items():
            for row in rows:
                if table in KEYED:
                    session.merge(row)
                else:
                    session.add(row)
            session.flush()
    return LoadSummary(database_counts(engine))


def database_counts(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {
            table.__tablename__: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (
                StateRecord,
                SituationRecord,
                PersonRecord,
                TreatyEvent,
                AliasRecord,
                WarrantRecord,
                FindingRecord,
            )
        }


def expected_counts(ref: Reference) -> dict[str, int]:
    return {table.__tablename__: len(rows) for table, rows in _records(ref).items()}


def prepare(engine: Engine, ref: Reference | None = None) -> None:
    """Schema up to date and reference data loaded: what every command that stores reports needs
    (claims point at people). Cheap when nothing changed: a few counts."""
    ref = ref or default_reference()
    migrate(engine)
    if database_counts(engine) != expected_counts(ref):
        load_into_database(engine, ref)
