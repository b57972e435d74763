"""Which modules each entry point loads: `tracker --help` stays light, and the web app never imports the CLI.

Start-up times are measured in bench/cli_bench.py; these tests keep the causes of a slow start from
coming back (matplotlib, the database layer and the migration engine loaded for every command).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("matplotlib", "alembic", "sqlmodel", "sqlalchemy", "numpy", "shapely", "tracker.web", "fastapi")


def modules_after(code: str) -> set[str]:
    """The modules loaded in a fresh interpreter after running `code`."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def loaded(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


@pytest.mark.parametrize("args", [["--help"], ["alerts", "--help"], ["run", "--help"]])
def test_help_loads_no_heavy_module(args):
    modules = modules_after(
        f"from tracker.cli import app\ntry:\n    app({args!r}, prog_name='tracker')\nexcept SystemExit:\n    pass"
    )
    assert "tracker.cli.collect" in modules  # the probe really loaded every command
    assert [p for p in HEAVY if loaded(modules, p)] == []
    assert not {"geo.reference", "geo.obligations"} & modules  # the reference data's code waits for a command


def test_who_must_arrest_loads_no_database_and_no_map():
    modules = modules_after(
        "from tracker.cli import app\ntry:\n"
        "    app(['who-must-arrest', 'putin', '--on', '2024-09-03', '--json'], prog_name='tracker')\n"
        "except SystemExit:\n    pass"
    )
    assert "geo.obligations" in modules
    assert [p for p in ("matplotlib", "alembic", "sqlmodel", "tracker.web") if loaded(modules, p)] == []


def _imported(path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_web_app_never_imports_the_cli():
    files = sorted((ROOT / "tracker/web").rglob("*.py"))
    assert len(files) > 10
    offending = {str(f.relative_to(ROOT)): sorted(m for m in _imported(f) if loaded({m}, "tracker.cli")) for f in files}
    assert {f: m for f, m in offending.items() if m} == {}
    modules = modules_after("from tracker.web.app import create_app")
    assert "tracker.web.api" in modules and not loaded(modules, "tracker.cli")
