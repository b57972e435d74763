"""Commands about places: geoparse (JSONL in and out), route (states under a flight) and map."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tracker.cli.app import STRENGTH_STYLE, ConfigOption, app, err, out, parse_day, read_jsonl, reports_errors, setup
from tracker.errors import StorageError, UsageError

if TYPE_CHECKING:
    from geo.maps import MapPoint
    from geo.routes import Route

RECENT_DAYS = 90


@app.command()
@reports_errors
def geoparse(
    lang: Annotated[str | None, typer.Option(help="Language of every text, if known (e.g. ru).")] = None,
) -> None:
    """Read JSONL {"id","text"} on stdin, write JSONL {"id","places":[...]} with each place's country."""
    from geo.geoparse import geoparse as find_places

    for item, text in read_jsonl(_text):
        places = [p.as_json() for p in find_places(text, item.get("lang") or lang)]
        sys.stdout.write(json.dumps({"id": item.get("id"), "places": places}, ensure_ascii=False) + "\n")


def _text(item: dict) -> str:
    text = item.get("text")
    if not isinstance(text, str):
        raise TypeError("not a JSON object with a `text` string")
    return text


def _route_table(label: str, trip: Route, duties: dict) -> Table:
    """One row per airspace crossed; with a person, the duty to arrest and, where a Security Council
    travel ban is in force, the separate duty to prevent entry or transit."""
    from geo.reference import default_reference

    table = Table(title=label)
    banned = any(d.travel_ban for d in duties.values())
    columns = ("state", "name", "km", *(("strength", "basis") if duties else ()), *(("travel ban",) if banned else ()))
    for column in columns:
        table.add_column(column, justify="right" if column == "km" else "left")
    names = default_reference().states
    for c in trip.crossings:
        cells = [c.state, names[c.state].name if c.state in names else "", f"{c.km:,.0f}"]
        if duties:
            strength = str(duties[c.state].strength)
            style = STRENGTH_STYLE.get(strength, "dim")
            cells += [f"[{style}]{strength}[/{style}]", str(duties[c.state].basis)]
        if banned:
            cells.append("prevent entry/transit" if duties[c.state].travel_ban else "")
        table.add_row(*cells)
    return table


@app.command()
@reports_errors
def route(
    origin: Annotated[str, typer.Argument(metavar="FROM", help="Place name or lat,lon.")],
    destination: Annotated[str, typer.Argument(metavar="TO", help="Place name or lat,lon.")],
    person: Annotated[str | None, typer.Option(help="Add each state's duty to arrest this person.")] = None,
    on: Annotated[str, typer.Option("--on", help="Day of the flight, YYYY-MM-DD (default: today).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")] = False,
) -> None:
    """The states whose airspace the great circle from FROM to TO crosses, in order, with km in each."""
    from geo.obligations import find_person, obligation
    from geo.places import locate
    from geo.routes import route as great_circle

    day = parse_day(on)
    (a, a_lat, a_lon), (b, b_lat, b_lon) = locate(origin), locate(destination)
    trip = great_circle((a_lat, a_lon), (b_lat, b_lon))
    duties = {}
    if person:
        who = find_person(person.lower())
        duties = {c.state: obligation(c.state, who, day) for c in trip.crossings}
    if as_json:
        body = {"from": a, "to": b, "on": day.isoformat(), "person": person, **trip.as_json(duties or None)}
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(_route_table(f"{a} → {b}: {trip.total_km:,.0f} km on {day}", trip, duties))
    bans = {d.travel_ban.ban.reference for d in duties.values() if d.travel_ban}
    if bans:
        out.print(
            f"Travel ban (Security Council, {', '.join(sorted(bans))}): the UN members marked must prevent entry "
            "or transit; it does not oblige arrest.",
            highlight=False,
        )


def recent_locations(config: Path | None, person: str, on: date) -> list[MapPoint]:
    """The person's episodes of the last RECENT_DAYS before `on`, as points at each state's position."""
    from sqlmodel import Session, select

    from geo.gazetteer import default_gazetteer
    from geo.maps import MapPoint
    from tracker.models import Episode
    from tracker.storage import make_engine, require_current_schema

    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    try:
        require_current_schema(engine)
    except StorageError as e:
        err.print(f"note: no reported locations drawn ({e})", highlight=False)
        return []
    gaz = default_gazetteer()
    since = datetime.combine(on - timedelta(days=RECENT_DAYS), time.min, tzinfo=UTC)
    with Session(engine) as session:
        episodes = session.exec(select(Episode).where(Episode.person_id == person, Episode.last_seen >= since)).all()
    points = []
    for e in episodes:
        country = gaz.country_entry(e.state)
        if country is not None and country.lat is not None:
            points.append(MapPoint(country.lat, country.lon, f"{e.state} {e.expected_start or ''} {e.status}"))
    return points


@app.command("map")
@reports_errors
def map_(
    person: Annotated[str, typer.Option(help="Person id, e.g. putin.")],
    out_file: Annotated[Path, typer.Option("--out", help="FILE.svg, FILE.png or FILE.geojson.")],
    on: Annotated[str, typer.Option("--on", help="The day, YYYY-MM-DD (default: today).")] = "",
    origin: Annotated[str | None, typer.Option("--from", help="Draw a route from here (name or lat,lon).")] = None,
    destination: Annotated[str | None, typer.Option("--to", help="… to here.")] = None,
    config: ConfigOption = None,
) -> None:
    """Draw every state coloured by its duty to arrest PERSON on a day, with reported locations and a route."""
    from geo.maps import SUFFIXES as MAP_SUFFIXES
    from geo.maps import render_map
    from geo.obligations import find_person
    from geo.places import locate
    from geo.routes import route as great_circle

    day = parse_day(on)
    who = find_person(person.lower())
    if out_file.suffix.lower() not in MAP_SUFFIXES:
        raise UsageError(f"--out: {out_file.name!r} must end in .svg, .png or .geojson")
    if (origin is None) != (destination is None):
        raise UsageError("--from and --to go together")
    lines = []
    if origin and destination:
        (_, a_lat, a_lon), (_, b_lat, b_lon) = locate(origin), locate(destination)
        coords = great_circle((a_lat, a_lon), (b_lat, b_lon)).geometry()["coordinates"]
        parts = coords if isinstance(coords[0][0], list) else [coords]
        lines = [[(lat, lon) for lon, lat in part] for part in parts]
    render_map(who.id, day, out_file, recent_locations(config, who.id, day), lines)
    out.print(f"wrote {out_file}")
