"""The obligation engine on real trips and real dates (domain.md's cases table and more)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from geo.errors import UnknownPersonError, UnknownStateError
from geo.obligations import Basis, Strength, obligation, who_must_arrest
from geo.reference import Arrangement, Reference

B, C, U, N = Strength.BINDING, Strength.CONTESTED, Strength.URGED, Strength.NONE

CASES = [
    # (person, state, day, strength, basis, what it is)
    ("al-bashir", "TD", "2010-07-21", B, Basis.STATE_PARTY, "Chad, Jul 2010"),
    ("al-bashir", "KE", "2010-08-27", B, Basis.STATE_PARTY, "Kenya, constitution day"),
    ("al-bashir", "DJ", "2011-05-08", B, Basis.STATE_PARTY, "Djibouti, May 2011"),
    ("al-bashir", "MW", "2011-10-14", B, Basis.STATE_PARTY, "Malawi, COMESA summit"),
    ("al-bashir", "NG", "2013-07-15", B, Basis.STATE_PARTY, "Nigeria, AU summit Abuja"),
    ("al-bashir", "CD", "2014-02-26", B, Basis.STATE_PARTY, "DRC, COMESA Kinshasa"),
    ("al-bashir", "ZA", "2015-06-13", B, Basis.STATE_PARTY, "South Africa, AU summit"),
    ("al-bashir", "UG", "2016-05-12", B, Basis.STATE_PARTY, "Uganda, inauguration"),
    ("al-bashir", "DJ", "2016-05-11", B, Basis.STATE_PARTY, "Djibouti, inauguration"),
    ("al-bashir", "JO", "2017-03-29", B, Basis.STATE_PARTY, "Jordan, Arab League summit"),
    ("al-bashir", "CN", "2015-09-03", U, Basis.URGED, "China: non-party, Res. 1593 only urges"),
    ("al-bashir", "US", "2013-09-20", U, Basis.URGED, "planned UNGA trip: non-party"),
    ("al-bashir", "SD", "2015-06-16", B, Basis.SECURITY_COUNCIL, "Sudan: bound by Res. 1593"),
    ("al-bashir", "KE", "2009-03-03", N, Basis.NONE, "the day before the first warrant"),
    ("al-bashir", "PS", "2015-03-31", U, Basis.URGED, "Palestine the day before entry into force"),
    ("al-bashir", "PS", "2015-04-01", B, Basis.STATE_PARTY, "Palestine from entry into force"),
    ("al-bashir", "ZA", "2017-01-15", B, Basis.STATE_PARTY, "South Africa while its withdrawal was pending"),
    ("al-bashir", "ZA", "2017-11-01", B, Basis.STATE_PARTY, "South Africa after its revoked withdrawal date"),
    ("al-bashir", "GM", "2018-01-01", B, Basis.STATE_PARTY, "the Gambia after its revoked withdrawal date"),
    (
        "al-bashir",
        "BI",
        "2017-10-26",
        B,
        Basis.STATE_PARTY,
        "Burundi the day before its withdrawal took effect",
    ),
    ("al-bashir", "BI", "2018-01-03", C, Basis.SURVIVING_DUTY, "Burundi after withdrawal: contested"),
    ("putin", "ZA", "2023-08-22", B, Basis.STATE_PARTY, "BRICS summit Johannesburg (attended by video)"),
    ("putin", "MN", "2024-09-03", B, Basis.STATE_PARTY, "Ulaanbaatar"),
    ("putin", "BR", "2024-11-18", B, Basis.STATE_PARTY, "G20 Rio"),
    ("putin", "TJ", "2025-10-08", B, Basis.STATE_PARTY, "Dushanbe, arrival for the state visit"),
    ("putin", "TJ", "2025-10-09", B, Basis.STATE_PARTY, "Dushanbe, CIS summit"),
    ("putin", "CN", "2024-05-16", N, Basis.NONE, "Beijing"),
    ("putin", "KP", "2024-06-19", N, Basis.NONE, "Pyongyang"),
    ("putin", "KZ", "2024-07-03", N, Basis.NONE, "Astana"),
    ("putin", "US", "2025-08-15", N, Basis.NONE, "Alaska"),
    ("putin", "IN", "2025-12-04", N, Basis.NONE, "New Delhi"),
    ("putin", "RU", "2024-09-03", N, Basis.NONE, "at home"),
    ("putin", "MN", "2023-03-16", N, Basis.NONE, "the day before the warrant"),
    ("putin", "AM", "2024-01-31", N, Basis.NONE, "Armenia the day before entry into force"),
    ("putin", "AM", "2024-02-01", B, Basis.STATE_PARTY, "Armenia from entry into force"),
    ("putin", "UA", "2024-12-31", B, Basis.DECLARATION, "Ukraine before joining: Art. 12(3)"),
    ("putin", "UA", "2025-01-01", B, Basis.STATE_PARTY, "Ukraine from 1 January 2025"),
    ("netanyahu", "HU", "2025-04-03", B, Basis.STATE_PARTY, "Budapest, April 2025"),
    ("netanyahu", "HU", "2026-01-15", B, Basis.STATE_PARTY, "Hungary while its withdrawal was pending"),
    (
        "netanyahu",
        "HU",
        "2026-07-01",
        B,
        Basis.STATE_PARTY,
        "Hungary after 2 June 2026 (revocation recorded)",
    ),
    ("netanyahu", "HU", "2024-11-20", N, Basis.NONE, "the day before the warrant"),
    ("netanyahu", "IL", "2025-04-03", N, Basis.NONE, "at home"),
    ("netanyahu", "US", "2025-04-07", N, Basis.NONE, "Washington"),
    ("netanyahu", "PS", "2025-01-01", B, Basis.STATE_PARTY, "Palestine is a State Party"),
    ("elmasry-njeem", "IT", "2025-01-19", N, Basis.NONE, "arrested in Turin under a warrant not yet public"),
    ("elmasry-njeem", "IT", "2025-01-24", B, Basis.STATE_PARTY, "Italy once the warrant was public"),
    (
        "elmasry-njeem",
        "LY",
        "2025-06-01",
        B,
        Basis.SECURITY_COUNCIL,
        "Libya: Res. 1970 (and its 2025 declaration)",
    ),
    ("saif-gaddafi", "LY", "2014-12-10", B, Basis.SECURITY_COUNCIL, "Libya bound by Res. 1970"),
    ("saif-gaddafi", "LY", "2026-02-04", N, Basis.NONE, "the day after his death"),
    (
        "duterte",
        "PH",
        "2025-03-11",
        C,
        Basis.SURVIVING_DUTY,
        "arrested in Manila: withdrawn state, contested",
    ),
    ("duterte", "PH", "2025-03-12", N, Basis.NONE, "in the Court's custody"),
    ("dela-rosa", "PH", "2026-05-10", N, Basis.NONE, "the day before the warrant was unsealed"),
    ("dela-rosa", "PH", "2026-06-01", C, Basis.SURVIVING_DUTY, "Philippines after unsealing"),
    ("simone-gbagbo", "CI", "2013-01-01", B, Basis.DECLARATION, "Côte d'Ivoire before joining: Art. 12(3)"),
    ("simone-gbagbo", "CI", "2013-05-01", B, Basis.STATE_PARTY, "Côte d'Ivoire from entry into force"),
    ("laurent-gbagbo", "CI", "2011-12-01", N, Basis.NONE, "surrendered on 2011-11-30"),
    ("deif", "EG", "2025-03-01", N, Basis.NONE, "warrant rendered without effect"),
    ("kony", "UG", "2025-11-06", B, Basis.STATE_PARTY, "his own state, a State Party"),
]


@pytest.mark.parametrize(
    ("person", "state", "day", "strength", "basis", "what"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES],
)
def test_real_case(ref, person, state, day, strength, basis, what):
    result = obligation(state, person, date.fromisoformat(day), ref)
    assert (result.strength, result.basis) == (strength, basis), f"{what}: {result.explanation}"
    assert result.explanation.endswith(".")
    if strength is not N:
        assert result.articles


def test_there_are_at_least_thirty_real_cases():
    assert len(CASES) >= 30


def test_explanations_name_dates_and_articles(ref):
    mongolia = obligation("MN", "putin", date(2024, 9, 3), ref)
    assert "State Party since 2002-07-01" in mongolia.explanation
    assert mongolia.articles == ("Art. 86", "Art. 89(1)")
    assert mongolia.regional_group == "Asia-Pacific"
    pending = obligation("HU", "netanyahu", date(2026, 1, 15), ref)
    assert "notified on 2025-06-02" in pending.explanation and "2026-06-02" in pending.explanation
    burundi = obligation("BI", "al-bashir", date(2018, 1, 3), ref)
    assert "2017-10-27" in burundi.explanation and "disputes" in burundi.explanation


def test_home_state_is_flagged(ref):
    assert obligation("SD", "al-bashir", date(2015, 6, 16), ref).home_state
    assert obligation("RU", "putin", date(2024, 9, 3), ref).home_state
    assert not obligation("MN", "putin", date(2024, 9, 3), ref).home_state


def without_hungary_revocation(ref: Reference) -> Reference:
    withdrawals = [dataclasses.replace(w, revoked=None) if w.state == "HU" else w for w in ref.withdrawals]
    return dataclasses.replace(ref, withdrawals=withdrawals)


def test_hungary_after_an_unrevoked_withdrawal_is_bound_through_art_127_2(ref):
    variant = without_hungary_revocation(ref)
    before = obligation("HU", "netanyahu", date(2026, 6, 1), variant)
    after = obligation("HU", "netanyahu", date(2026, 7, 1), variant)
    assert (before.strength, before.basis) == (B, Basis.STATE_PARTY)
    assert (after.strength, after.basis) == (B, Basis.SURVIVING_DUTY)
    assert "2021-03-03" in after.explanation  # the Palestine investigation opened before the withdrawal
    ukraine = obligation("HU", "putin", date(2026, 7, 1), variant)
    assert (ukraine.strength, ukraine.basis) == (B, Basis.SURVIVING_DUTY)


def test_an_art_87_5_arrangement_binds_a_non_party(ref):
    deal = Arrangement(
        source_url="https://example.org/test",
        as_of=date(2026, 1, 1),
        verified="no",
        state="KZ",
        situation="ICC-01/22",
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 12, 31),
    )
    variant = dataclasses.replace(ref, arrangements=[deal])
    inside = obligation("KZ", "putin", date(2024, 7, 3), variant)
    assert (inside.strength, inside.basis) == (B, Basis.ARRANGEMENT)
    assert obligation("KZ", "putin", date(2025, 7, 3), variant).strength is N
    assert obligation("KZ", "netanyahu", date(2024, 12, 1), variant).strength is N


def test_who_must_arrest_putin_in_mongolia_week(ref):
    rows = who_must_arrest("putin", date(2024, 9, 3), ref)
    by_state = {r.state: r for r in rows}
    assert by_state["MN"].strength is B
    assert not {"CN", "US", "RU", "IN"} & set(by_state)
    parties = sum(1 for a in ref.accessions.values() if a.entry_into_force <= date(2024, 9, 3))
    assert sum(1 for r in rows if r.strength is B) >= parties - len(ref.withdrawals)
    assert all(r.strength is not U for r in rows)  # the Ukraine situation was not referred by the Council
    assert [r.strength.rank for r in rows] == sorted(r.strength.rank for r in rows)


def test_who_must_arrest_al_bashir_includes_the_urged(ref):
    rows = {r.state: r for r in who_must_arrest("al-bashir", date(2015, 9, 3), ref)}
    assert rows["SD"].strength is B and rows["CN"].strength is U and rows["US"].strength is U


def test_nobody_is_bound_before_the_warrant_is_issued(ref):
    assert who_must_arrest("sneidel", date(2020, 11, 9), ref) == []
    public = who_must_arrest("sneidel", date(2025, 8, 8), ref)
    assert public and all(r.sealed is None for r in public)


def test_a_sealed_warrant_binds_every_state_party_marked_as_not_then_public(ref):
    """Issued 2020-11-10, public 2025-08-08, recipients unknown: the historical answer lists the bound
    states, each marked; the public answer (alerts, the map) still rests on public warrants only."""
    day = date(2025, 8, 7)
    rows = who_must_arrest("sneidel", day, ref)
    by_state = {r.state: r for r in rows}
    assert by_state["IT"].strength is B and by_state["LY"].strength is B
    assert all(r.sealed is not None and not r.sealed.recipients_known for r in rows)
    assert "under seal until 2025-08-08" in by_state["IT"].explanation
    assert by_state["IT"].as_json()["sealed_warrant"] == {
        "issued": "2020-11-10", "public": "2025-08-08", "request_sent_to": None, "public_then": False,
    }  # fmt: skip
    assert not {"US", "CN"} & set(by_state)  # only urged: no sealed request binds them
    assert obligation("IT", "sneidel", day, ref).strength is N


def test_a_sealed_request_sent_to_known_states_binds_only_them(ref):
    rows = who_must_arrest("elmasry-njeem", date(2025, 1, 20), ref)
    assert [(r.state, r.strength) for r in rows] == [("IT", B)]
    assert rows[0].sealed.recipients_known and rows[0].as_json()["sealed_warrant"]["request_sent_to"] == ["IT"]


def test_unknown_person_and_state_are_clear_errors(ref):
    with pytest.raises(UnknownPersonError, match="unknown person 'nobody'"):
        obligation("MN", "nobody", date(2024, 9, 3), ref)
    with pytest.raises(UnknownStateError, match="ISO 3166-1 alpha-2"):
        obligation("Mongolia", "putin", date(2024, 9, 3), ref)
