"""`tracker extract`: one report at a time, what it claims and what the rules would do with it."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from alerts.rules import thresholds_for
from tracker.assess import assess, parse_published
from tracker.backtest import backtest as run_backtest
from tracker.backtest import read_known
from tracker.claims import ReportText
from tracker.cli.app import ConfigOption, app, out, progress_bar, read_jsonl, reports_errors, setup
from tracker.errors import UsageError
from tracker.extract import Extractor
from tracker.pipeline import Processed, process, redecide, unprocessed
from tracker.refdata import prepare
from tracker.storage import make_engine


@app.command()
@reports_errors
def extract(config: ConfigOption = None) -> None:
    """Read JSONL {"id","title","summary","published","language","url"} on stdin; write JSONL {"id","persons",
    "destination","travel_start","modality","decision","why"}: each report alone, on its publication date."""
    cfg = setup(config)
    thresholds = thresholds_for(cfg)
    extractor = Extractor()
    for item, report in read_jsonl(_report):
        result = assess(report, extractor, thresholds).as_json(item.get("id"))
        if report.published is None:
            result["why"].append("no publication date given: assessed as of today")
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def _report(item: dict) -> ReportText:
    return ReportText(
        title=str(item.get("title") or ""),
        summary=str(item.get("summary") or ""),
        content=str(item.get("content") or ""),
        published=parse_published(item.get("published")),
        language=item.get("language") or None,
    )


def _day(value: str, option: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date (expected YYYY-MM-DD)") from None


def print_processed(result: Processed) -> None:
    """What processing found: each episode it touched with the rules' decision."""
    for episode, decision in result.episodes:
        when = f"{episode.expected_start}" if episode.expected_start else "no date"
        style = {"alert": "bold red", "monitor": "yellow"}.get(decision.decision, "dim")
        out.print(
            f"[{style}]{decision.decision:7}[/{style}] {episode.person_id} → {episode.state} ({when}),"
            f" {episode.status}, {episode.outlets} outlet(s): {decision.why[-1]}",
            highlight=False,
        )
    out.print(f"{result.reports} reports processed, {result.claims} travel claims, {len(result.alerts)} alerts.")


@app.command()
@reports_errors
def reprocess(
    since: Annotated[str, typer.Option("--since", help="Reports published on or after this day (YYYY-MM-DD).")],
    config: ConfigOption = None,
) -> None:
    """Extract and merge again the stored reports since a day (after a better extractor, say) and queue
    what the decisions call for: the same reports give the same episodes and nothing is queued twice, so
    re-running is safe. Messages about trips over by now are recorded as historical, not sent."""
    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    prepare(engine)
    ids = unprocessed(engine, since=_day(since, "--since"))
    thresholds = thresholds_for(cfg)
    with progress_bar(len(ids), "processing reports") as advance:
        result = process(engine, ids, thresholds=thresholds, progress=advance, config=cfg)
    print_processed(result)
    if result.raised:
        out.print(f"{result.raised} message(s) queued in the outbox (`tracker outbox send` delivers them).")


@app.command()
@reports_errors
def backtest(
    feeds: Annotated[list[Path], typer.Argument(help="Archived feeds (files or folders), replayed in date order.")],
    episodes: Annotated[Path, typer.Option("--episodes", help="CSV of known trips: person,state,start,end.")],
    config: ConfigOption = None,
) -> None:
    """Replay archived reports in publication order and show, per known trip, when the first alert would
    have fired and how long before the trip; then every alert that matched no known trip."""
    cfg = setup(config)
    if not episodes.is_file():
        raise UsageError(f"--episodes: {episodes} is not a file")
    known = read_known(episodes)
    try:
        result = run_backtest(feeds, known, cfg)
    except FileNotFoundError as e:
        raise UsageError(str(e)) from None
    out.print(f"backtest over {result.reports} reports")
    for line in result.messages:
        out.print(f"  would have sent {line}", highlight=False)
    for trip, fired in result.first_alert.items():
        lead = result.lead(trip)
        line = f"{trip.person} → {trip.state} {trip.start}–{trip.end}: "
        if fired is None:
            out.print(line + "no alert before the trip ended", highlight=False)
            continue
        days = lead.total_seconds() / 86400
        out.print(
            line + f"first alert {fired.at.isoformat(timespec='minutes')}, {days:.1f} days before the trip,"
            f" on {fired.report_url}",
            highlight=False,
        )
    out.print(f"{len(result.false_alarms)} alerts matched no known trip:")
    for fired in result.false_alarms:
        out.print(
            f"  {fired.at:%Y-%m-%d %H:%M} {fired.person} → {fired.state} ({fired.expected_start}) {fired.report_url}"
        )


@app.command()
@reports_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: web.host).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: web.port).", min=1, max=65535)] = None,
    config: ConfigOption = None,
) -> None:
    """Serve the web app until stopped: the public map and pages, the JSON API (/api/..., described at
    /openapi.json), the public feeds (/feeds/...) and the desk (/desk, after `tracker users add`). Trips
    are first aged to today (over, expired); alerts are raised only by `tracker run`."""
    from tracker.web.server import server

    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    prepare(engine)
    redecide(engine, datetime.now(UTC), thresholds=thresholds_for(cfg))  # trips shown as they stand today
    server(cfg, engine, host, port).run()
