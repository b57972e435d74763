"""The `tracker` command as a user runs it: a fresh folder, the installed console script, real exit codes."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from tests.conftest import ROOT, coming_visit_rss, run_tracker


@pytest.fixture
def workdir(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    return tmp_path


def test_init_is_idempotent_and_data_check_agrees(workdir):
    first = run_tracker("init", cwd=workdir)
    assert first.returncode == 0, first.stderr
    assert (workdir / "var" / "tracker.db").exists()
    second = run_tracker("init", cwd=workdir)
    counts = re.compile(r"(\d+ \w+)")
    assert counts.findall(first.stdout) == counts.findall(second.stdout)
    check = run_tracker("data", "check", cwd=workdir)
    assert check.returncode == 0, check.stderr
    assert "reference data ok" in check.stdout and "accessions.csv" in check.stdout
    listed = run_tracker("data", "check", "--unverified", cwd=workdir).stdout
    assert "withdrawals.csv: HU 2025-06-02 [partial]" in listed
    assert "accessions.csv: MN " not in listed  # seen in its source


def test_data_check_before_init_says_what_to_run(workdir):
    result = run_tracker("data", "check", cwd=workdir)
    assert result.returncode == 1
    assert "run `tracker init`" in result.stderr


def test_init_on_postgresql_by_environment(workdir, pg_server):
    env = {"TRACKER_DATABASE_URL": pg_server.url}
    result = run_tracker("init", cwd=workdir, env=env)
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout and "198 state" in result.stdout.replace("\n", " ")
    assert run_tracker("data", "check", cwd=workdir, env=env).returncode == 0


def test_who_must_arrest_putin_in_mongolia(workdir):
    result = run_tracker("who-must-arrest", "putin", "--on", "2024-09-03", "--json", cwd=workdir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    by_state = {r["state"]: r for r in rows}
    mongolia = by_state["MN"]
    assert mongolia["strength"] == "binding" and mongolia["basis"] == "state_party"
    assert mongolia["articles"] == ["Art. 86", "Art. 89(1)"] and mongolia["name"] == "Mongolia"
    assert "CN" not in by_state and "US" not in by_state
    assert all({"state", "name", "strength", "basis", "articles"} <= set(r) for r in rows)


def test_who_must_arrest_netanyahu_after_2_june_2026(workdir):
    rows = json.loads(run_tracker("who-must-arrest", "netanyahu", "--on", "2026-07-01", "--json", cwd=workdir).stdout)
    hungary = {r["state"]: r for r in rows}["HU"]
    assert hungary["strength"] == "binding"
    assert hungary["basis"] in ("state_party", "art_127_2_surviving_duty")


def test_who_must_arrest_table_for_people(workdir):
    result = run_tracker("who-must-arrest", "al-bashir", "--on", "2015-09-03", "--why", cwd=workdir)
    assert result.returncode == 0
    assert "Who must arrest Omar Hassan Ahmad Al Bashir on 2015-09-03" in result.stdout
    assert "urged" in result.stdout and "binding" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["who-must-arrest", "nobody", "--on", "2024-09-03"], "unknown person 'nobody'"),
        (["who-must-arrest", "putin", "--on", "3 Sept 2024"], "is not a date (expected YYYY-MM-DD"),
        (["who-must-arrest", "putin", "--on", "2024-02-30"], "is not a date"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(workdir, args, message):
    result = run_tracker(*args, cwd=workdir)
    assert result.returncode == 2
    assert message in result.stderr.replace("\n", " ")
    assert "Traceback" not in result.stderr


def test_no_public_warrant_gives_an_empty_list_and_the_reason(workdir):
    result = run_tracker("who-must-arrest", "putin", "--on", "2023-03-16", "--json", cwd=workdir)
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert "first public 2023-03-17" in result.stderr.replace("\n", " ")


def test_a_broken_config_stops_every_command(workdir):
    (workdir / "config.yaml").write_text("data_dir: var\nweb: {port: 0}\n")
    result = run_tracker("init", cwd=workdir)
    assert result.returncode == 2 and "web.port:" in result.stderr


def test_help_lists_every_command():
    result = run_tracker("--help")
    assert result.returncode == 0
    commands = ("init", "check-config", "data check", "who-must-arrest", "geoparse", "route", "map")
    for command in commands:
        assert command.split()[0] in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in commands:
        command = f"tracker {command}"
        assert command in readme, f"{command} is not documented in the README"


def test_alerts_command_lists_retries_and_acknowledges(tmp_path):
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config.update(data_dir=str(tmp_path / "var"), sources=[])
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config))
    news = tmp_path / "news.xml"
    news.write_bytes(coming_visit_rss())
    env = {"TRACKER_CONFIG": str(tmp_path / "config.yaml")}
    assert run_tracker("ingest", str(news), env=env).returncode == 0
    listed = json.loads(run_tracker("alerts", "--json", env=env).stdout)
    mongolia = next(a for a in listed if a["state"] == "MN")
    assert mongolia["person"] == "putin" and len(mongolia["deliveries"]) == 2
    assert all(d["status"] == "queued" for d in mongolia["deliveries"])
    retried = run_tracker("alerts", "retry", str(mongolia["id"]), env=env)
    assert retried.returncode == 0 and "2 delivery(ies)" in retried.stdout
    acked = run_tracker("alerts", "ack", str(mongolia["id"]), "--by", "Focal point, Asia-Pacific", env=env)
    assert acked.returncode == 0
    again = json.loads(run_tracker("alerts", "--json", env=env).stdout)
    assert next(a for a in again if a["id"] == mongolia["id"])["acknowledged_by"] == "Focal point, Asia-Pacific"
    missing = run_tracker("alerts", "ack", "9999", "--by", "x", env=env)
    assert missing.returncode == 2 and "no alert 9999" in missing.stderr


MISTAKES = {
    "map into a missing folder": ["map", "--person", "putin", "--out", "{tmp}/missing/map.png"],
    "feeds into an unwritable folder": ["feeds", "--out", "/proc/tracker-feeds"],
    "a port that does not exist": ["serve", "--port", "99999"],
    "an absurd alert id": ["alerts", "retry", "99999999999999999999999"],
    "a silence past the year 9999": ["alerts", "silence", "--person", "putin", "--until", "99999999h", "--by", "a",
                                     "--reason", "b"],
    "a source URL that is no URL": ["check-config", "--config", "{tmp}/unclosed.yaml"],
    "a source URL with no host": ["check-config", "--config", "{tmp}/hostless.yaml"],
    "YAML nested thousands deep": ["check-config", "--config", "{tmp}/deep.yaml"],
    "ingest with nothing readable": ["ingest", "{tmp}/broken.xml"],
}  # fmt: skip


@pytest.mark.parametrize("args", MISTAKES.values(), ids=MISTAKES.keys())
def test_no_user_mistake_prints_a_traceback(workdir, args):
    (workdir / "unclosed.yaml").write_text('sources: [{id: x, kind: feed, url: "http://[::1"}]\n')
    (workdir / "hostless.yaml").write_text('sources: [{id: x, kind: feed, url: "http:///feed.xml"}]\n')
    (workdir / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    (workdir / "broken.xml").write_text("<html>not a feed</html>")
    result = run_tracker(*(a.format(tmp=workdir) for a in args), cwd=workdir)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip(), "says what went wrong"


def test_a_locked_database_is_one_line(workdir):
    """Another program holds SQLite's write lock past the busy timeout: one line, exit 1."""
    import sqlite3
    import threading

    assert run_tracker("init", cwd=workdir).returncode == 0
    held = sqlite3.connect(workdir / "var/tracker.db", isolation_level=None, check_same_thread=False)
    held.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(45, held.rollback)
    release.start()
    try:
        result = run_tracker("alerts", "silence", "--person", "putin", "--until", "1h", "--by", "a", "--reason", "b",
                             cwd=workdir)  # fmt: skip
    finally:
        release.cancel()
        held.rollback()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "database" in result.stderr and len(result.stderr.strip().splitlines()) == 1
