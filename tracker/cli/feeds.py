"""`tracker feeds --out DIR`: every public feed written to files, for a static web server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.app import (
    ConfigOption,
    JsonOption,
    app,
    out,
    parse_day,
    print_json,
    ready_engine,
    reports_errors,
    setup,
)
from tracker.errors import UsageError


@app.command()
@reports_errors
def feeds(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the feeds into (made if missing).")],
    on: Annotated[str, typer.Option("--on", help="Day for the calendar and the obligations (default today).")] = "",
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Write the public feeds (Atom, JSON Feed, GeoJSON, iCalendar; all, per person, per state) and the
    obligations on a day, each file replaced atomically. Public facts only."""
    from sqlmodel import Session, select

    from alerts.feedfiles import feed_files, write_files
    from alerts.feeds import public
    from tracker.models import Episode

    cfg = setup(config)
    day = parse_day(on)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out: {out_dir} is a file, not a folder")
    with Session(ready_engine(cfg)) as session:
        episodes = public(session.exec(select(Episode)).all())
    written = write_files(out_dir, feed_files(episodes, cfg.web.public_url, day))
    if as_json:
        print_json({"folder": str(out_dir), "episodes": len(episodes), "files": [str(p) for p in written]})
        return
    out.print(f"{len(written)} feed file(s) written under {out_dir} ({len(episodes)} episode(s)).")
