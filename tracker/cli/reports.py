"""`tracker extract`: one report at a time, what it claims and what the rules would do with it."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.app import (
    ConfigOption,
    JsonOption,
    app,
    out,
    print_json,
    progress_bar,
    read_jsonl,
    ready_engine,
    reports_errors,
    setup,
)
from tracker.errors import UsageError

if TYPE_CHECKING:
    from tracker.backtest import Fired, KnownEpisode
    from tracker.backtest import Result as Backtest
    from tracker.claims import ReportText
    from tracker.pipeline import Processed


@app.command()
@reports_errors
def extract(config: ConfigOption = None) -> None:
    """Read JSONL {"id","title","summary","published","language","url"} on stdin; write JSONL {"id","persons",
    "destination","travel_start","modality","decision","why"}: each report alone, on its publication date."""
    from alerts.rules import thresholds_for
    from tracker.assess import assess
    from tracker.extract import Extractor

    cfg = setup(config)
    thresholds = thresholds_for(cfg)
    extractor = Extractor()
    for item, report in read_jsonl(_report):
        result = assess(report, extractor, thresholds).as_json(item.get("id"))
        if report.published is None:
            result["why"].append("no publication date given: assessed as of today")
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def _report(item: dict) -> ReportText:
    from tracker.assess import parse_published
    from tracker.claims import ReportText

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


def processed_json(result: Processed) -> dict:
    """What processing found, as plain data: the counts, and each episode it touched with the rules' decision."""
    episodes = [
        {"person": e.person_id, "state": e.state, "expected_start": e.expected_start.isoformat() if e.expected_start
         else None, "status": e.status, "outlets": e.outlets, "decision": d.decision, "why": list(d.why)}
        for e, d in result.episodes
    ]  # fmt: skip
    return {"reports": result.reports, "claims": result.claims, "alerts": len(result.alerts), "queued": result.raised,
            "episodes": episodes}  # fmt: skip


def print_processed(result: dict) -> None:
    """`processed_json` for people: one line per episode, then the counts."""
    for e in result["episodes"]:
        style = {"alert": "bold red", "monitor": "yellow"}.get(e["decision"], "dim")
        out.print(
            f"[{style}]{e['decision']:7}[/{style}] {e['person']} → {e['state']} ({e['expected_start'] or 'no date'}),"
            f" {e['status']}, {e['outlets']} outlet(s): {e['why'][-1]}",
            highlight=False,
        )
    out.print(f"{result['reports']} reports processed, {result['claims']} travel claims, {result['alerts']} alerts.")


@app.command()
@reports_errors
def reprocess(
    since: Annotated[str, typer.Option("--since", help="Reports published on or after this day (YYYY-MM-DD).")],
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Extract and merge again the stored reports since a day (after a better extractor, say) and queue
    what the decisions call for: the same reports give the same episodes and nothing is queued twice, so
    re-running is safe. Messages about trips over by now are recorded as historical, not sent."""
    from alerts.rules import thresholds_for
    from tracker.pipeline import process, unprocessed

    cfg = setup(config)
    engine = ready_engine(cfg)
    ids = unprocessed(engine, since=_day(since, "--since"))
    thresholds = thresholds_for(cfg)
    with progress_bar(len(ids), "processing reports") as advance:
        result = processed_json(process(engine, ids, thresholds=thresholds, progress=advance, config=cfg))
    if as_json:
        print_json(result)
        return
    print_processed(result)
    if result["queued"]:
        out.print(f"{result['queued']} message(s) queued in the outbox (`tracker outbox send` delivers them).")


@app.command()
@reports_errors
def backtest(
    feeds: Annotated[list[Path], typer.Argument(help="Archived feeds (files or folders), replayed in date order.")],
    episodes: Annotated[Path, typer.Option("--episodes", help="CSV of known trips: person,state,start,end.")],
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Replay archived reports in publication order and show, per known trip, when the first alert would
    have fired and how long before the trip; then every alert that matched no known trip."""
    from tracker.backtest import backtest as run_backtest
    from tracker.backtest import read_known

    cfg = setup(config)
    if not episodes.is_file():
        raise UsageError(f"--episodes: {episodes} is not a file")
    known = read_known(episodes)
    try:
        result = run_backtest(feeds, known, cfg)
    except FileNotFoundError as e:
        raise UsageError(str(e)) from None
    if as_json:
        print_json(_backtest_json(result))
        return
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


def _backtest_json(result: Backtest) -> dict:
    """The backtest's lines as data: per known trip its first alert and lead in days, then the unmatched alerts."""

    def fired_json(fired: Fired) -> dict:
        return {"person": fired.person, "state": fired.state, "at": fired.at.isoformat(timespec="minutes"),
                "expected_start": fired.expected_start.isoformat() if fired.expected_start else None,
                "report_url": fired.report_url, "why": list(fired.why)}  # fmt: skip

    def trip_json(trip: KnownEpisode, fired: Fired | None) -> dict:
        lead = result.lead(trip) if fired else None
        return {"person": trip.person, "state": trip.state, "start": trip.start.isoformat(),
                "end": trip.end.isoformat(), "first_alert": fired_json(fired) if fired else None,
                "days_before": None if lead is None else round(lead.total_seconds() / 86400, 1)}  # fmt: skip

    return {
        "reports": result.reports,
        "would_have_sent": result.messages,
        "known_trips": [trip_json(trip, fired) for trip, fired in result.first_alert.items()],
        "unmatched_alerts": [fired_json(f) for f in result.false_alarms],
    }


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
    from alerts.rules import thresholds_for
    from tracker.pipeline import redecide
    from tracker.web.server import server

    cfg = setup(config)
    engine = ready_engine(cfg)
    redecide(engine, datetime.now(UTC), thresholds=thresholds_for(cfg))  # trips shown as they stand today
    server(cfg, engine, host, port).run()
