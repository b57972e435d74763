"""Security Council travel bans beside the duty to arrest: the data, the engine, the CLI, the API, the page."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date

import pytest
import requests

from geo.datacheck import check_reference, stale
from geo.obligations import Strength, obligation, who_must_arrest
from geo.travel_bans import travel_ban_on
from tests.conftest import ROOT, run_tracker

DAY = date(2026, 12, 1)


def by_state(rows) -> dict:
    return {r.state: r for r in rows}


def test_every_ban_is_sourced_and_checked(ref):
    assert check_reference(ref).errors == []
    assert {b.person for b in ref.travel_bans} >= {"kony", "ag-ghaly"}
    for b in ref.travel_bans:
        assert b.source_url.startswith("https://") and b.verified in ("yes", "partial", "no")
    assert len(ref.un_members) == 193 == sum(1 for s in ref.states.values() if s.un_member == "yes")


def test_a_broken_ban_row_is_reported(ref):
    bad = dataclasses.replace(ref.travel_bans[0], person="nobody", delisted=date(2000, 1, 1))
    errors = check_reference(dataclasses.replace(ref, travel_bans=[bad])).errors
    assert any("'nobody' is not in people.csv" in e for e in errors)
    assert any("delisted 2000-01-01 is not after listed" in e for e in errors)


def test_kony_every_un_member_must_keep_him_out_and_only_parties_must_arrest(ref):
    rows = by_state(who_must_arrest("kony", DAY, ref))
    members = {iso2 for iso2, s in ref.states.items() if s.un_member == "yes"}
    assert members <= set(rows)
    us = rows["US"]
    assert us.strength is Strength.NONE and us.travel_ban is not None
    assert us.as_json()["travel_ban"]["reference"] == "CFi.009"
    assert "does not oblige arrest" in us.travel_ban.text
    assert rows["CK"].strength is Strength.BINDING and rows["CK"].travel_ban is None  # a party, not a UN member
    assert "refuse entry to its own national" in rows["UG"].travel_ban.text
    assert [r.strength.rank for r in rows.values()] == sorted(r.strength.rank for r in rows.values())


def test_a_ban_never_changes_the_duty_to_arrest(ref):
    without = dataclasses.replace(ref, travel_bans=[])
    for person, day in (("kony", DAY), ("ag-ghaly", date(2024, 7, 1)), ("saif-gaddafi", date(2015, 1, 1))):
        for iso2 in ref.states:
            with_ban, plain = obligation(iso2, person, day, ref), obligation(iso2, person, day, without)
            assert (with_ban.strength, with_ban.basis, with_ban.explanation) == (
                plain.strength,
                plain.basis,
                plain.explanation,
            )
    assert all(r.strength is not Strength.NONE for r in who_must_arrest("kony", DAY, without))


def test_no_ban_no_extra_rows(ref):
    rows = who_must_arrest("putin", date(2024, 9, 3), ref)
    assert all(r.travel_ban is None and r.strength is not Strength.NONE for r in rows)
    assert travel_ban_on("kony", date(2016, 3, 6), ref) is None
    assert travel_ban_on("kony", date(2016, 3, 7), ref).reference == "CFi.009"


def test_membership_is_taken_on_the_day(ref):
    """South Sudan joined the UN on 2011-07-14: a ban of February 2011 bound it only from then."""
    assert obligation("SS", "saif-gaddafi", date(2011, 7, 13), ref).travel_ban is None
    assert obligation("SS", "saif-gaddafi", date(2011, 7, 14), ref).travel_ban is not None
    assert travel_ban_on("saif-gaddafi", date(2026, 2, 3), ref) is None  # died that day


def test_delisting_ends_the_ban(ref):
    delisted = [dataclasses.replace(b, delisted=date(2026, 6, 1)) if b.person == "kony" else b for b in ref.travel_bans]
    variant = dataclasses.replace(ref, travel_bans=delisted)
    assert travel_ban_on("kony", date(2026, 5, 31), variant) is not None
    rows = who_must_arrest("kony", DAY, variant)
    assert all(r.travel_ban is None and r.strength is not Strength.NONE for r in rows)


def test_a_renewal_not_yet_seen_is_said(ref):
    assert obligation("US", "kony", date(2026, 1, 1), ref).travel_ban.renewal_unverified is False
    late = obligation("US", "kony", DAY, ref).travel_ban
    assert late.renewal_unverified and "last seen renewed until 2026-07-31" in late.text


def test_sealed_warrant_and_ban_side_by_side(ref):
    """Ag Ghaly: listed since 2013, warrant under seal 2017-07-18 to 2024-06-21."""
    rows = by_state(who_must_arrest("ag-ghaly", date(2020, 1, 1), ref))
    assert rows["ML"].strength is Strength.BINDING and rows["ML"].sealed is not None
    assert rows["US"].strength is Strength.NONE and rows["US"].sealed is None and rows["US"].travel_ban


def test_cli_who_must_arrest_shows_both_duties():
    result = run_tracker("who-must-arrest", "kony", "--on", "2026-12-01", "--json")
    assert result.returncode == 0, result.stderr
    us = next(r for r in json.loads(result.stdout) if r["state"] == "US")
    assert us["strength"] == "none" and {"regime", "reference", "source_url"} <= set(us["travel_ban"])
    assert "does not oblige arrest" in result.stderr
    text = run_tracker("who-must-arrest", "kony", "--on", "2026-12-01", "--why")
    assert "travel ban" in text.stdout and "UN members must prevent entry or transit" in text.stdout


def test_cli_sealed_day_explains_instead_of_no_warrant():
    result = run_tracker("who-must-arrest", "elmasry-njeem", "--on", "2025-01-20", "--json")
    assert [r["state"] for r in json.loads(result.stdout)] == ["IT"]
    assert "under seal until 2025-01-24" in result.stderr and "not then public" in result.stderr
    assert "no warrant" not in result.stderr.lower()


def test_cli_route_carries_the_ban():
    result = run_tracker("route", "Kampala", "Bangui", "--person", "kony", "--on", "2026-12-01", "--json")
    states = json.loads(result.stdout)["states"]
    assert states and all(s["travel_ban"]["reference"] == "CFi.009" for s in states)
    text = run_tracker("route", "Kampala", "Bangui", "--person", "kony", "--on", "2026-12-01").stdout
    assert "travel ban" in text and "must prevent entry or transit; it does not oblige arrest" in text


def test_stale_lists_facts_older_than_the_age(ref):
    facts = stale(ref, 30, today=date(2027, 1, 1))
    assert facts and all((date(2027, 1, 1) - f.as_of).days > 30 for f in facts)
    assert [f.as_of for f in facts] == sorted(f.as_of for f in facts)
    assert stale(ref, 10_000, today=date(2027, 1, 1)) == []


def test_cli_data_check_stale(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    listed = run_tracker("data", "check", "--stale", "--older-than", "1", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    facts = json.loads(listed.stdout)
    assert facts and {"file", "fact", "as_of", "verified", "source_url"} == set(facts[0])
    config = (tmp_path / "config.yaml").read_text()
    (tmp_path / "config.yaml").write_text(config.replace("stale_after_days: 180", "stale_after_days: 1"))
    text = run_tracker("data", "check", "--stale", cwd=tmp_path)
    assert text.returncode == 0 and f"{len(facts)} facts older than 1 days" in text.stdout
    (tmp_path / "config.yaml").write_text(config.replace("stale_after_days: 180", "stale_after_days: 0"))
    refused = run_tracker("data", "check", "--stale", cwd=tmp_path)
    assert refused.returncode != 0 and "reference.stale_after_days" in refused.stderr


@pytest.fixture
def app_url(web_app):
    return web_app.base


def test_api_obligations_and_route_carry_the_ban(app_url):
    params = {"person": "kony", "date": "2026-12-01"}
    features = requests.get(app_url + "/api/obligations", params=params, timeout=60).json()["features"]
    us = next(f["properties"] for f in features if f["properties"].get("state") == "US")
    assert us["strength"] == "none" and us["travel_ban"]["regime"].startswith("Central African Republic")
    route = {"from": "Kampala", "to": "Bangui", **params}
    states = requests.get(app_url + "/api/route", params=route, timeout=60).json()["states"]
    assert all(s["travel_ban"]["reference"] == "CFi.009" for s in states)
    putin = requests.get(app_url + "/api/obligations", params={"person": "putin", "date": "2024-09-03"}, timeout=60)
    assert all(f["properties"].get("travel_ban") is None for f in putin.json()["features"])


def test_person_page_and_api_show_the_ban_apart(app_url):
    bans = requests.get(app_url + "/api/people/kony", timeout=30).json()["travel_bans"]
    assert bans[0]["reference"] == "CFi.009" and "notes" not in bans[0]
    page = requests.get(app_url + "/people/kony", timeout=30).text
    assert 'id="travel-bans"' in page and "does not oblige any state to" in page
    assert 'id="travel-bans"' not in requests.get(app_url + "/people/putin", timeout=30).text
