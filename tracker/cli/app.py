"""The `tracker` command: the Typer app and what every subcommand shares (config, errors, dates, JSON).

User mistakes (bad config, unknown person, bad date) print one plain message and exit non-zero;
only a bug shows a traceback. This module and the command modules import only what `tracker --help`
needs; the database, the pipeline, maps and the web app are imported inside the commands that use them.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from geo.errors import ReferenceDataError, UnknownPersonError, UnknownPlaceError, UnknownStateError
from tracker.errors import TrackerError, UsageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tracker.config import Config

app = typer.Typer(
    help="Watch public reports of travel by people subject to ICC arrest warrants, and warn in time.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(
    help="Reference data: states, treaty events, situations, people, warrants, findings.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")

T = TypeVar("T")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
STRENGTH_STYLE = {"binding": "bold red", "contested": "yellow", "urged": "cyan"}

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (default: $TRACKER_CONFIG, else ./config.yaml).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables and sentences, for scripts.")]


def reports_errors(func: Callable) -> Callable:
    """Turn the errors a user can fix into one line on stderr and the error's exit code."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TrackerError as e:
            err.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
            raise typer.Exit(e.exit_code) from None
        except (UnknownPersonError, UnknownStateError, UnknownPlaceError) as e:
            err.print(f"[red]error:[/red] {e.args[0]}", markup=True, highlight=False)
            raise typer.Exit(UsageError.exit_code) from None
        except ReferenceDataError as e:
            err.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
            raise typer.Exit(1) from None
        except OSError as e:  # a file or folder the user named: missing, unwritable, full
            where = f": {e.filename}" if e.filename else ""
            err.print(f"[red]error:[/red] {e.strerror or e}{where}", markup=True, highlight=False)
            raise typer.Exit(1) from None
        except Exception as e:
            if not _database_unusable(e):
                raise
            err.print(f"[red]error:[/red] the database cannot be used now: {e.orig}", markup=True, highlight=False)
            raise typer.Exit(1) from None

    return wrapper


def _database_unusable(error: Exception) -> bool:
    """The database is locked by another program, or unreachable. Asked of SQLAlchemy only if it is loaded:
    if it is not, no database was used and the error is something else."""
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.OperationalError)


def print_json(data: Any) -> None:
    """What every `--json` prints: one JSON document on stdout, nothing else there (progress and warnings
    go to stderr), non-ASCII kept as it is."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def setup(config: Path | None) -> Config:
    from tracker.config import load_config

    cfg = load_config(config)
    logging.basicConfig(level=cfg.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLevelName(cfg.log_level)))
    return cfg


def ready_engine(cfg: Config) -> Engine:
    """The configured database, migrated and holding the reference data: where most commands start."""
    from tracker.refdata import prepare
    from tracker.storage import make_engine

    engine = make_engine(cfg.database_url)
    prepare(engine)
    return engine


def parse_day(value: str, option: str = "--on") -> date:
    """A YYYY-MM-DD option value; empty means today."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date (expected YYYY-MM-DD, e.g. 2024-09-03)") from None


@contextmanager
def progress_bar(total: int, what: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for long work; yields a callback taking how many are done so far."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(what, total=total)
        yield lambda done: progress.update(task, completed=done)


def read_jsonl(parse: Callable[[dict], T]) -> Iterator[tuple[dict, T]]:
    """Each JSON object on stdin with what `parse` makes of it; a line that is no JSON object, or that
    `parse` refuses (KeyError, TypeError, ValueError), is reported on stderr by number and skipped.
    Exits 1 at the end if any line was skipped."""
    failures = 0
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise TypeError("expected a JSON object")
            parsed = parse(item)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            failures += 1
            err.print(f"line {number}: skipped: {e}", highlight=False)
            continue
        yield item, parsed
    if failures:
        raise typer.Exit(1)
