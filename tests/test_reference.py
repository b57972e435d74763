"""The shipped reference data: consistent, sourced, and read with clear errors when a file is broken."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from geo.datacheck import check_reference, entry_into_force, withdrawal_effect
from geo.errors import ReferenceDataError
from geo.reference import DATA_DIR, FILES, REGIONAL_GROUPS, load_reference


def test_shipped_data_passes_every_check(ref):
    result = check_reference(ref)
    assert result.errors == []


@pytest.mark.parametrize(
    ("deposited", "in_force"),
    [
        ("2002-04-11", "2002-07-01"),  # the ten joint deposits: the Statute's own entry into force
        ("2024-10-25", "2025-01-01"),  # Ukraine: 60th day is 24 Dec, so 1 January
        ("2015-01-02", "2015-04-01"),  # Palestine: 60th day is 3 Mar
        ("2023-11-14", "2024-02-01"),  # Armenia: 60th day is 13 Jan
        ("2010-08-18", "2010-11-01"),  # Saint Lucia: 60th day is 17 Oct
        ("2003-10-31", "2004-01-01"),  # 60th day falls in December: the next year
        ("2009-09-01", "2009-11-01"),  # 60th day is 31 Oct: still the first of the next month
    ],
)
def test_art_126_2_rule(deposited, in_force):
    assert entry_into_force(date.fromisoformat(deposited)) == date.fromisoformat(in_force)


@pytest.mark.parametrize(
    ("notified", "effective"),
    [
        ("2016-10-27", "2017-10-27"),
        ("2018-03-17", "2019-03-17"),
        ("2025-06-02", "2026-06-02"),
        ("2024-02-29", "2025-02-28"),  # leap day: the last day of February
    ],
)
def test_art_127_1_one_year_after_notification(notified, effective):
    assert withdrawal_effect(date.fromisoformat(notified)) == date.fromisoformat(effective)


def test_every_recorded_entry_into_force_follows_the_rule(ref):
    for a in ref.accessions.values():
        if a.instrument != "succession":
            assert a.entry_into_force == entry_into_force(a.deposited), a.state


def test_states_parties_today_and_their_groups(ref):
    today = date(2026, 11, 23)
    parties = [
        a.state
        for a in ref.accessions.values()
        if a.entry_into_force <= today and not any(w.in_effect_on(today) for w in ref.withdrawals_of(a.state))
    ]
    assert len(parties) == 125  # the ASP's count since Ukraine joined
    groups = {g: sum(1 for s in parties if ref.states[s].un_regional_group == g) for g in REGIONAL_GROUPS}
    assert groups == {
        "African": 33,
        "Asia-Pacific": 19,
        "Eastern European": 20,
        "Latin American and Caribbean": 28,
        "Western European and Others": 25,
    }


def test_every_row_has_a_source_and_an_as_of_date(ref):
    for filename in FILES:
        rows = getattr(ref, filename.removesuffix(".csv"))
        for row in rows.values() if isinstance(rows, dict) else rows:
            assert row.source_url.startswith("http"), (filename, row)
            assert row.as_of <= date.today()


def test_withdrawals_including_the_revoked_ones_are_modelled(ref):
    by_state = {w.state: w for w in ref.withdrawals}
    assert by_state["ZA"].revoked and not by_state["ZA"].in_effect_on(date(2018, 1, 1))
    assert by_state["GM"].revoked and not by_state["GM"].in_effect_on(date(2018, 1, 1))
    assert by_state["BI"].in_effect_on(date(2017, 10, 27)) and not by_state["BI"].in_effect_on(date(2017, 10, 26))
    assert by_state["PH"].effective == date(2019, 3, 17)
    assert by_state["HU"].notified == date(2025, 6, 2) and by_state["HU"].verified != "yes"


def test_people_in_the_scripts_news_uses(ref):
    scripts = {(a.person, a.script) for a in ref.aliases}
    for wanted in [
        ("putin", "Cyrillic"),
        ("netanyahu", "Hebrew"),
        ("netanyahu", "Arabic"),
        ("al-bashir", "Arabic"),
        ("shoigu", "Cyrillic"),
        ("gallant", "Hebrew"),
    ]:
        assert wanted in scripts
    assert ref.people["putin"].situation == "ICC-01/22"
    assert ref.situations["ICC-01/18"].investigation_opened == date(2021, 3, 3)


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_bad_date_is_reported_with_file_line_and_column(data_copy):
    edit(data_copy / "accessions.csv", "MN,deposit,2002-04-11", "MN,deposit,11/04/2002")
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(data_copy)
    (problem,) = caught.value.problems
    assert problem.startswith("accessions.csv:") and "column deposited: '11/04/2002' is not a date" in problem


def test_a_missing_column_and_a_missing_file_are_reported(data_copy):
    edit(data_copy / "people.csv", "status_date,", "")
    (data_copy / "findings.csv").unlink()
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(data_copy)
    text = "\n".join(caught.value.problems)
    assert "people.csv:1: missing columns ['status_date']" in text
    assert "findings.csv: file is missing" in text


def test_a_duplicate_key_is_reported(data_copy):
    with (data_copy / "situations.csv").open("a", encoding="utf-8") as f:
        f.write("ICC-01/22,Ukraine again,UA,,2022-03-02,https://example.org,2026-11-22,no,\n")
    with pytest.raises(ReferenceDataError, match="duplicate id 'ICC-01/22'"):
        load_reference(data_copy)


def test_check_catches_a_wrong_entry_into_force_and_a_dangling_code(data_copy):
    edit(data_copy / "accessions.csv", "MN,deposit,2002-04-11,2002-07-01", "MN,deposit,2002-04-11,2002-06-01")
    edit(
        data_copy / "people.csv",
        "putin,Vladimir Vladimirovich Putin,RU,ICC-01/22",
        "putin,Vladimir Vladimirovich Putin,RU,ICC-09/99",
    )
    errors = check_reference(load_reference(data_copy)).errors
    assert any("MN: entry_into_force 2002-06-01 does not follow Art. 126(2)" in e for e in errors)
    assert any("situation 'ICC-09/99' is not in situations.csv" in e for e in errors)


def test_offices_name_their_holder_within_the_term(ref, data_copy):
    assert ref.holder("RU", "head_of_state", date(2008, 5, 6)) == "putin"
    assert ref.holder("RU", "head_of_state", date(2008, 5, 7)) is None  # Medvedev's term begins
    assert ref.holder("RU", "head_of_state", date(2012, 5, 7)) == "putin"
    assert ref.holder("IL", "head_of_government", date(2022, 1, 1)) is None  # Bennett, then Lapid
    assert ref.holder("SD", "head_of_state", date(2019, 4, 11)) is None  # deposed that day
    edit(data_copy / "offices.csv", "putin,RU,head_of_state,2000-05-07,2008-05-07",
         "putin,RU,head_of_state,2008-05-07,2000-05-07")  # fmt: skip
    errors = check_reference(load_reference(data_copy)).errors
    assert any("offices.csv: putin 2008-05-07: a term needs a start before its end" in e for e in errors)


def test_check_catches_an_early_withdrawal_and_an_unknown_status(data_copy):
    edit(data_copy / "withdrawals.csv", "BI,2016-10-27,2017-10-27", "BI,2016-10-27,2017-01-27")
    edit(data_copy / "people.csv", ",at_large,2026-11-22", ",roaming,2026-11-22")
    errors = check_reference(load_reference(data_copy)).errors
    assert any("BI: effective 2017-01-27 is earlier than Art. 127(1) allows" in e for e in errors)
    assert any("status 'roaming' is not one of" in e for e in errors)


def test_announced_withdrawals_without_a_notification_leave_states_parties(ref):
    """Burkina Faso, Mali and Niger announced a withdrawal (2025-09-22) but deposited no notification."""
    for iso2 in ("BF", "ML", "NE"):
        assert not ref.withdrawals_of(iso2)
        assert "No deposited withdrawal notification found" in ref.accessions[iso2].notes


def test_hungary_revocation_stays_partial(ref):
    (hungary,) = ref.withdrawals_of("HU")
    assert hungary.revoked == date(2026, 5, 29) and hungary.verified == "partial"


def test_putin_in_dushanbe_from_the_eighth(ref):
    (finding,) = [f for f in ref.findings_against("TJ") if f.person == "putin"]
    assert finding.visit.startswith("2025-10-08..10")
