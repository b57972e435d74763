"""`--json` on the commands that print tables or summaries: stdout holds one JSON document and nothing else
(progress and warnings go to stderr), with the facts the human form shows, so scripts never parse tables."""

from __future__ import annotations

import json
import shutil

from tests.conftest import ROOT, coming_visit_rss, run_tracker
from tests.feedserver import send, status
from tests.test_cli_collect import _with_recipients
from tests.test_pipeline import ARCHIVE, DATA


def as_json(*args: str, **kwargs) -> dict | list:
    result = run_tracker(*args, "--json", **kwargs)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # the whole of stdout: a table or a sentence beside it would fail here


def test_replay_commands_answer_in_json(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    env = {"TRACKER_DATA_DIR": str(tmp_path / "var")}
    checked = as_json("check-config", cwd=tmp_path, env=env)
    assert checked["ok"] is True and checked["data_dir"] == str(tmp_path / "var")
    assert "Asia-Pacific" in checked["focal_point_groups"]

    ingested = as_json("ingest", str(ARCHIVE / "putin-mongolia-2024.xml"), cwd=tmp_path, env=env)
    assert ingested["files"] == 1 and ingested["new"] > 0 and ingested["unreadable"] == []
    processed = ingested["processed"]
    assert processed["reports"] == ingested["new"] and processed["queued"] >= 1
    mongolia = [e for e in processed["episodes"] if (e["person"], e["state"]) == ("putin", "MN")]
    assert mongolia and mongolia[-1]["expected_start"].startswith("2024-09-0") and mongolia[-1]["why"]
    assert {m["reason"] for m in ingested["messages"]} >= {"first"}
    assert all(m["fate"].startswith("historical") for m in ingested["messages"])  # the trip is long over

    again = as_json("reprocess", "--since", "2024-08-01", cwd=tmp_path, env=env)
    assert again["reports"] == ingested["new"] and again["queued"] == 0  # nothing queued twice

    sent = as_json("outbox", "send", "--dry-run", cwd=tmp_path, env=env)
    assert sent["dry_run"] is True and sent["sent"] == 0 and sent["to"].startswith("the Maildir")

    written = as_json("feeds", "--out", str(tmp_path / "site"), "--on", "2024-09-01", cwd=tmp_path, env=env)
    assert written["episodes"] >= 1 and str(tmp_path / "site/feeds/episodes.atom") in written["files"]

    replay = as_json("backtest", str(ARCHIVE), "--episodes", str(DATA / "known_episodes.csv"), cwd=tmp_path)
    trip = next(t for t in replay["known_trips"] if (t["person"], t["state"]) == ("putin", "MN"))
    assert trip["start"] == "2024-09-02" and trip["first_alert"]["at"].startswith("2024-08-")
    assert trip["days_before"] > 0 and trip["first_alert"]["report_url"].startswith("http")
    assert isinstance(replay["unmatched_alerts"], list) and replay["reports"] > 0


def test_run_once_answers_in_json(tmp_path, server):
    news = server.route("/news.xml", send(coming_visit_rss()))
    down = server.route("/down.xml", status(503))
    config = _with_recipients(tmp_path, [{"id": "news", "kind": "feed", "url": news},
                                         {"id": "down", "kind": "feed", "url": down}])  # fmt: skip
    summary = as_json("run", "--once", "--config", str(config))
    by_id = {s["id"]: s for s in summary["sources"]}
    assert by_id["news"]["new"] == summary["new"] > 0 and by_id["news"]["errors"] == []
    assert "HTTP 503" in by_id["down"]["errors"][0] and summary["with_problems"] == 1
    assert any(e["decision"] == "alert" and e["state"] == "MN" for e in summary["processed"]["episodes"])
    assert summary["outbox"]["sent"] == 2 and summary["outbox"]["failed"] == 0
    health = {h["id"]: h for h in as_json("sources", "--config", str(config))}
    assert health["down"]["consecutive_failures"] == 1
    refused = run_tracker("run", "--json", "--config", str(config))
    assert refused.returncode == 2 and "--json goes with --once" in refused.stderr
