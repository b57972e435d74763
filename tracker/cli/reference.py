"""Commands about the database and the reference data: init, check-config, data check, who-must-arrest."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from tracker.cli.app import (
    STRENGTH_STYLE,
    ConfigOption,
    JsonOption,
    app,
    data_app,
    err,
    out,
    parse_day,
    print_json,
    reports_errors,
    setup,
)
from tracker.errors import TrackerError


@app.command()
@reports_errors
def init(config: ConfigOption = None) -> None:
    """Create or upgrade the database and load the reference data (safe to run again)."""
    from geo.reference import default_reference
    from tracker.refdata import load_into_database
    from tracker.storage import make_engine, migrate

    cfg = setup(config)
    ref = default_reference()
    engine = make_engine(cfg.database_url)
    migrate(engine)
    summary = load_into_database(engine, ref)
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
    out.print(f"database ready at {engine.url.render_as_string(hide_password=True)}: {counts}")


@app.command("check-config")
@reports_errors
def check_config(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Validate config.yaml and the environment overrides, without starting anything."""
    cfg = setup(config)
    if as_json:
        print_json({"ok": True, "data_dir": str(cfg.data_path), "sources": [s.id for s in cfg.sources],
                    "president_recipients": len(cfg.recipients.president),
                    "focal_point_groups": sorted(cfg.recipients.focal_points)})  # fmt: skip
        return
    out.print(
        f"config ok: data in {cfg.data_path}, {len(cfg.sources)} sources, "
        f"{len(cfg.recipients.president)} President's team recipients, "
        f"focal points for {len(cfg.recipients.focal_points)} regional groups"
    )


@data_app.command("check")
@reports_errors
def data_check(
    config: ConfigOption = None,
    database: Annotated[bool, typer.Option(help="Also compare the database with the files.")] = True,
    list_unverified: Annotated[
        bool, typer.Option("--unverified", help="List every row not yet seen in its source.")
    ] = False,
    list_stale: Annotated[
        bool, typer.Option("--stale", help="Only list the facts last checked too long ago (see --older-than).")
    ] = False,
    older_than: Annotated[
        int | None,
        typer.Option(
            "--older-than", min=0, metavar="DAYS", help="Age for --stale (default: reference.stale_after_days)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="With --stale: print JSON for other tools.")] = False,
) -> None:
    """Check the reference files against Art. 126(2), Art. 127(1) and each other; count what is verified."""
    from geo.datacheck import check_reference, stale, unverified
    from geo.reference import default_reference
    from tracker.refdata import database_counts, expected_counts
    from tracker.storage import make_engine, require_current_schema

    ref = default_reference()
    if list_stale or older_than is not None:
        days = older_than if older_than is not None else setup(config).reference.stale_after_days
        _print_stale(stale(ref, days), days, as_json)
        return
    result = check_reference(ref)
    if list_unverified:
        for line in unverified(ref):
            out.print(line, highlight=False, markup=False)
    table = Table(title="Reference data: rows by verification mark")
    for column in ("file", "rows", "verified", "partial", "unverified"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for filename, counts in result.verification.items():
        table.add_row(
            filename, str(sum(counts.values())), str(counts["yes"]), str(counts["partial"]), str(counts["no"])
        )
    out.print(table)
    problems = list(result.errors)
    if database:
        cfg = setup(config)
        engine = make_engine(cfg.database_url)
        try:
            require_current_schema(engine)
        except TrackerError as e:
            problems.append(f"database: {e}")
        else:
            stored, expected = database_counts(engine), expected_counts(ref)
            problems += [
                f"database: {name} has {stored[name]} rows, the files {n}: run `tracker init`"
                for name, n in expected.items()
                if stored[name] != n
            ]
    for p in problems:
        err.print(f"[red]problem:[/red] {p}", highlight=False)
    if problems:
        raise typer.Exit(1)
    out.print("reference data ok")


def _print_stale(facts: list, days: int, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps([f.as_json() for f in facts], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"Reference facts last checked more than {days} days ago: re-verify them")
    for column in ("as of", "file", "fact", "verified", "source"):
        table.add_column(column, overflow="fold")
    for f in facts:
        table.add_row(f.as_of.isoformat(), f.file, f.fact, f.verified, f.source_url)
    out.print(table, markup=False, highlight=False)
    out.print(f"{len(facts)} facts older than {days} days")


@app.command("who-must-arrest")
@reports_errors
def who_must_arrest(
    person: Annotated[str, typer.Argument(help="Person id, e.g. putin, netanyahu, al-bashir.")],
    on: Annotated[str, typer.Option("--on", help="The day of the trip, YYYY-MM-DD (default: today).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")] = False,
    why: Annotated[bool, typer.Option("--why", help="Add the one-line explanation to each row.")] = False,
) -> None:
    """List the states that must (or are urged to) arrest PERSON on a day, with basis and articles; beside
    it, the Security Council travel ban that every UN member must enforce (no duty to arrest)."""
    from geo.obligations import Strength, find_person, sealed_explanation, warrant_status
    from geo.obligations import who_must_arrest as obligations_on
    from geo.reference import default_reference
    from geo.travel_bans import DUTY, travel_ban_on

    day = parse_day(on)
    ref = default_reference()
    who = find_person(person.lower(), ref)
    rows = obligations_on(who.id, day, ref)
    status = warrant_status(who, day, ref)
    sealed = sealed_explanation(who, day, ref)
    if sealed:
        err.print(f"{sealed}.", highlight=False)
    elif not status.in_force:
        err.print(f"No state must arrest {who.name} on {day}: {status.reason}.", highlight=False)
    ban = travel_ban_on(who, day, ref)
    if ban:
        err.print(
            f"Security Council travel ban ({ban.regime}, {ban.reference}, listed {ban.listed}): every UN member "
            f"must {DUTY}.",
            highlight=False,
            markup=False,
        )
    if as_json:
        sys.stdout.write(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    out.print(_table(f"Who must arrest {who.name} on {day}", rows, why))
    counts = {s: sum(1 for r in rows if r.strength is s) for s in Strength if s is not Strength.NONE}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    if ban:
        summary += f"; {sum(1 for r in rows if r.travel_ban)} UN members must prevent entry or transit (travel ban)"
    out.print(summary)


def _table(title: str, rows: list, why: bool) -> Table:
    """One row per state; the travel-ban column only while a ban is in force, apart from the arrest duty."""
    table = Table(title=title)
    banned = any(r.travel_ban for r in rows)
    columns = ("state", "name", "strength", "basis", "articles", *(("travel ban (no arrest duty)",) if banned else ()))
    for column in (*columns, *(("why",) if why else ())):
        table.add_column(column, overflow="fold")
    for r in rows:
        style = STRENGTH_STYLE.get(str(r.strength), "dim")
        sealed = " (sealed, not then public)" if r.sealed else ""
        cells = [r.state, r.name, f"[{style}]{r.strength}[/{style}]{sealed}", str(r.basis), ", ".join(r.articles)]
        if banned:
            cells.append(f"prevent entry/transit: {r.travel_ban.ban.reference}" if r.travel_ban else "")
        table.add_row(*cells, *((r.explanation + (f" {r.travel_ban.text}" if r.travel_ban else ""),) if why else ()))
    return table
