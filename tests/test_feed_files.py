"""`tracker feeds --out DIR`: every public feed as files that parse, with nothing internal in them,
replaced atomically when written again."""

from __future__ import annotations

import json

import feedparser
import icalendar
import shapely
import yaml

from tests.conftest import ROOT, run_tracker

ARCHIVE = ROOT / "tests/data/archive/putin-mongolia-2024.xml"
INTERNAL = ("asp-president@", "asp-bureau@", "focal-", "recipient", "acknowledged", "deliver", "message_id",
            "silence", "on it by phone", "notice")  # fmt: skip


def test_feeds_out_writes_every_feed_publicly(tmp_path):
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config.update(data_dir=str(tmp_path / "var"), sources=[])
    config["web"]["public_url"] = "https://tracker.example.org"
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config))
    env = {"TRACKER_CONFIG": str(tmp_path / "config.yaml")}
    assert run_tracker("ingest", str(ARCHIVE), env=env).returncode == 0
    alert = json.loads(run_tracker("alerts", "--json", env=env).stdout)[0]
    run_tracker("alerts", "ack", str(alert["id"]), "--by", "focal point", env=env)  # internal facts to keep out
    run_tracker("alerts", "silence", "--person", "putin", "--until", "7d", "--by", "d", "--reason", "on it by phone",
                env=env)  # fmt: skip
    out = tmp_path / "public"
    for _ in range(2):  # written again over the first copy
        written = run_tracker("feeds", "--out", str(out), "--on", "2024-09-01", env=env)
        assert written.returncode == 0, written.stderr
    files = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    assert not [name for name in files if name.endswith(".part")]
    assert {"feeds/episodes.atom", "feeds/episodes.json", "feeds/episodes.geojson", "feeds/upcoming.ics",
            "feeds/people/putin.atom", "feeds/people/putin.json", "feeds/states/MN.atom", "feeds/states/MN.json",
            "obligations/putin-2024-09-01.geojson"} <= set(files)  # fmt: skip
    for name in ("feeds/episodes.atom", "feeds/people/putin.atom", "feeds/states/MN.atom"):
        parsed = feedparser.parse(files[name].read_bytes())
        assert not parsed.bozo and parsed.entries and parsed.feed.links[0].href.endswith(name)
    mongolia = json.loads(files["feeds/states/MN.json"].read_text())
    assert {item["_episode"]["state"] for item in mongolia["items"]} == {"MN"} and "Mongolia" in mongolia["title"]
    duties = json.loads(files["obligations/putin-2024-09-01.geojson"].read_text())
    mn = next(f for f in duties["features"] if f["properties"].get("state") == "MN")
    assert mn["properties"]["strength"] == "binding" and shapely.geometry.shape(mn["geometry"]).is_valid
    icalendar.Calendar.from_ical(files["feeds/upcoming.ics"].read_text())
    for path in files.values():
        lowered = path.read_text(encoding="utf-8").lower()
        assert not any(word in lowered for word in INTERNAL), path


def test_feeds_out_refuses_a_file(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    refused = run_tracker("feeds", "--out", str(target), env={"TRACKER_DATA_DIR": str(tmp_path / "var")})
    assert refused.returncode == 2 and "is a file" in refused.stderr
