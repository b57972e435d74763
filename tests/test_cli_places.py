"""tracker geoparse, route and map as a user runs them: JSON contracts, errors, files written."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import ROOT, run_tracker


@pytest.fixture
def workdir(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    return tmp_path


def test_geoparse_reads_and_writes_jsonl():
    lines = [
        {"id": "a", "text": "Putin flew from Moscow to Ulaanbaatar, the capital of Mongolia."},
        {"id": "b", "text": "Нетаньяху прилетел в Будапешт."},
    ]
    result = run_tracker("geoparse", stdin="\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    assert result.returncode == 0, result.stderr
    rows = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    for item in lines:
        for place in rows[item["id"]]["places"]:
            assert item["text"][place["start"] : place["end"]] == place["name"]
            assert {"name", "start", "end", "country", "lat", "lon"} <= set(place)
    assert [p["country"] for p in rows["a"]["places"]] == ["RU", "MN", "MN"]
    assert [p["name"] for p in rows["b"]["places"]] == ["Будапешт"]


def test_geoparse_reports_a_bad_line_and_keeps_the_rest():
    stdin = '{"id": 1, "text": "Chad and Niger"}\nnot json\n{"id": 3}\n{"id": 4, "text": "Sudan"}\n'
    result = run_tracker("geoparse", stdin=stdin)
    assert result.returncode == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [1, 4]
    assert "line 2: skipped" in result.stderr and "line 3: skipped" in result.stderr


def test_route_moscow_ulaanbaatar_for_putin():
    result = run_tracker("route", "Moscow", "Ulaanbaatar", "--person", "putin", "--on", "2024-09-02", "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    codes = [s["state"] for s in body["states"]]
    assert codes[0] == "RU" and codes[-1] == "MN"
    assert body["states"][-1]["strength"] == "binding" and body["states"][-1]["basis"] == "state_party"
    assert body["states"][0]["strength"] == "none"
    assert body["geometry"]["type"] in ("LineString", "MultiLineString")
    assert all({"state", "km", "strength", "basis"} <= set(s) for s in body["states"])


def test_route_tel_aviv_washington_lists_bound_eu_states():
    result = run_tracker("route", "Tel Aviv", "Washington", "--person", "netanyahu", "--on", "2025-04-07", "--json")
    states = json.loads(result.stdout)["states"]
    binding = {s["state"] for s in states if s["strength"] == "binding"}
    assert len(binding & {"GR", "IT", "FR", "HR", "CH", "GB", "IE", "PT", "ES", "AL"}) >= 3
    assert states[0]["state"] == "IL" and states[-1]["state"] == "US"
    assert {s["strength"] for s in states if s["state"] in ("IL", "US", "TR")} == {"none"}


def test_route_takes_coordinates_and_refuses_unknown_places():
    ok = run_tracker("route", "--json", "--", "-18.14,178.44", "-13.83,-171.77")  # -- before negative numbers
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["states"][0]["state"] == "FJ"
    bad = run_tracker("route", "Qwxzyville", "Moscow")
    assert bad.returncode == 2 and "no place of that name" in bad.stderr
    far = run_tracker("route", "95,10", "Moscow")
    assert far.returncode == 2 and "latitude must be within" in far.stderr


@pytest.mark.parametrize("suffix", [".png", ".svg", ".geojson"])
def test_map_writes_each_format(workdir, suffix):
    out = workdir / f"putin{suffix}"
    result = run_tracker(
        "map",
        "--person",
        "putin",
        "--on",
        "2024-09-03",
        "--out",
        str(out),
        "--from",
        "Moscow",
        "--to",
        "Ulaanbaatar",
        cwd=workdir,
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    if suffix == ".geojson":
        features = json.loads(out.read_text())["features"]
        assert any(f["properties"].get("kind") == "route" for f in features)
        strengths = {f["properties"].get("state"): f["properties"].get("strength") for f in features}
        assert strengths["MN"] == "binding"


def test_map_refuses_a_bad_format_and_half_a_route(workdir):
    bad = run_tracker("map", "--person", "putin", "--out", str(workdir / "m.jpg"), cwd=workdir)
    assert bad.returncode == 2 and ".svg, .png or .geojson" in bad.stderr
    half = run_tracker("map", "--person", "putin", "--out", str(workdir / "m.png"), "--from", "Moscow", cwd=workdir)
    assert half.returncode == 2 and "--from and --to go together" in half.stderr
