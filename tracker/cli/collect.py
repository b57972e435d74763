"""`tracker run`, `tracker sources`, `tracker ingest`: bringing reports in, and how the sources are doing."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table

from tracker.cli.app import (
    ConfigOption,
    JsonOption,
    app,
    err,
    out,
    print_json,
    progress_bar,
    ready_engine,
    reports_errors,
    setup,
)
from tracker.cli.outbox import drained_json, last_notice_id, print_drained, print_queued, queued_since
from tracker.cli.reports import print_processed, processed_json
from tracker.errors import UsageError

if TYPE_CHECKING:
    from tracker.collecting import Poll
    from tracker.scheduler import Collectors


def _stop_on_signals() -> threading.Event:
    """SIGINT and SIGTERM ask for a clean stop: polls under way finish and commit, nothing is half-written."""
    stop = threading.Event()

    def handler(signum, _frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # a second Ctrl-C: the user really wants out
        err.print(f"{signal.Signals(signum).name}: stopping after the polls under way…")
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


@app.command()
@reports_errors
def run(
    once: Annotated[bool, typer.Option("--once", help="Poll every source once, print a summary and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --once: print the summary as JSON.")] = False,
    config: ConfigOption = None,
) -> None:
    """Poll the sources in config.yaml: each at its interval until stopped, or all once with --once."""
    from tracker.instance import run_lock
    from tracker.scheduler import Collectors

    if as_json and not once:
        raise UsageError("--json goes with --once (a run until stopped prints no summary)")
    cfg = setup(config)
    engine = ready_engine(cfg)
    if not cfg.sources:
        raise UsageError(f"no sources in the config ({cfg.base_dir / 'config.yaml'}): add some under `sources:`")
    with run_lock(engine):
        collectors = Collectors(cfg, engine, _stop_on_signals())
        if once:
            _run_once(cfg, engine, collectors, as_json)
        else:
            _collect_and_serve(cfg, engine, collectors)


def _run_once(cfg, engine, collectors: Collectors, as_json: bool) -> None:
    """Every source once with a progress bar, the summary, then processing and the outbox."""
    from alerts.outbox import deliver

    with progress_bar(len(cfg.sources), "polling sources") as advance:
        done: list[Poll] = []

        def polled(result: Poll) -> None:
            done.append(result)
            advance(len(done))

        results = collectors.run_once(polled)
    collectors.fetcher.close()
    summary = {"sources": [_poll_json(r) for r in results], "new": sum(r.stored.new for r in results),
               "with_problems": sum(1 for r in results if r.errors)}  # fmt: skip
    if not as_json:
        _print_summary(summary)
    summary["processed"] = _process_new(cfg, engine, as_json)
    summary["outbox"] = drained_json(deliver(engine, cfg, one_shot=True), cfg)
    if as_json:
        print_json(summary)
    elif summary["outbox"]["sent"] or summary["outbox"]["failed"]:
        print_drained(summary["outbox"])
    if results and all(r.errors for r in results):  # recorded in each source's health
        if offline(cfg):  # a fresh install with no network: the run did all it could, and says so
            err.print("[yellow]warning:[/yellow] no source answered and no source's host name resolves: this machine"
                      " looks offline; `tracker sources` shows each error")  # fmt: skip
            return
        err.print("[red]error:[/red] no source answered: `tracker sources` shows each error")
        raise typer.Exit(1)  # the sources, not the network: exit 1 so cron can tell


def offline(cfg) -> bool:
    """No source's host name resolves: the machine has no network at all (a fresh install, a closed
    sandbox), which is no fault of the sources and no reason for the run to fail."""
    import socket

    hosts = {urlsplit(s.url).hostname for s in cfg.sources} - {None}
    for host in hosts:
        try:
            socket.getaddrinfo(host, None)
        except OSError:
            continue
        return False
    return bool(hosts)


def _collect_and_serve(cfg, engine, collectors: Collectors) -> None:
    """The collectors until stopped, with the web app beside them when `web.enabled` (never with --once)."""
    if not cfg.web.enabled:
        collectors.run_until_stopped()
        return
    from tracker.web.server import Background

    web = Background(cfg, engine)
    try:
        collectors.run_until_stopped()
    finally:
        web.stop()


def _poll_json(r: Poll) -> dict:
    return {"id": r.source_id, "new": r.stored.new, "already_stored": r.stored.duplicates, "urls": r.urls,
            "unchanged": r.not_modified, "errors": r.errors, "skipped": r.skipped or None}  # fmt: skip


def _print_summary(summary: dict) -> None:
    table = Table(title="tracker run --once")
    for column in ("source", "new", "already stored", "unchanged", "problem"):
        table.add_column(column, justify="right" if column in ("new", "already stored", "unchanged") else "left")
    for r in summary["sources"]:
        table.add_row(
            r["id"], str(r["new"]), str(r["already_stored"]), f"{r['unchanged']}/{r['urls']}",
            "; ".join(r["errors"][:2]) or r["skipped"] or "",
        )  # fmt: skip
    out.print(table)
    sources, problems = len(summary["sources"]), summary["with_problems"]
    out.print(f"{summary['new']} new reports from {sources} sources; {problems} with problems.")


@app.command()
@reports_errors
def sources(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Each source's health: last success, last error, failures in a row, next poll, reports stored."""
    from sqlmodel import Session, select

    from tracker.collecting import source_health
    from tracker.models import SourceRecord

    cfg = setup(config)
    engine = ready_engine(cfg)
    with Session(engine) as session:
        records = {r.id: r for r in session.exec(select(SourceRecord))}
    rows = [source_health(records.get(s.id), s.id, s.kind, s.url) for s in cfg.sources]
    rows += [source_health(r, r.id, r.kind, r.url) for r in records.values() if r.id not in {s.id for s in cfg.sources}]
    if as_json:
        print_json(rows)
        return
    table = Table(title="sources")
    for column in ("id", "kind", "last success", "failures", "next poll", "reports", "last error"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["id"], row["kind"], row["last_success_at"] or "never", str(row["consecutive_failures"]),
            row["next_check_at"] or "now", str(row["reports_stored"]), row["last_error"] or "",
        )  # fmt: skip
    out.print(table)


@app.command("ingest")
@reports_errors
def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Saved feeds (RSS, Atom, RDF, JSON Feed, GDELT JSON), or folders.")
    ],
    source: Annotated[str, typer.Option("--source", help="Source id to file the reports under.")] = "replay",
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Store saved feeds as if fetched when their items were published, to replay past events offline."""
    from tracker.ingest import feed_files, ingest

    cfg = setup(config)
    engine = ready_engine(cfg)
    try:
        files = feed_files(paths)
    except FileNotFoundError as e:
        raise UsageError(str(e)) from None
    with progress_bar(len(files), "reading feeds") as advance:
        read: list[Path] = []

        def one_more(path: Path) -> None:
            read.append(path)
            advance(len(read))

        result = ingest(engine, files, source, progress=one_more)
    for problem in result.errors:
        err.print(f"[yellow]skipped:[/yellow] {problem}", highlight=False)
    if not as_json:
        out.print(
            f"{result.files} files: {result.stored.new} new reports, {result.stored.duplicates} already stored,"
            f" {len(result.errors)} files unreadable."
        )
    before = last_notice_id(engine)
    processed = _process_new(cfg, engine, as_json)
    messages = queued_since(engine, cfg, before) if last_notice_id(engine) > before else []
    if as_json:
        print_json({"files": result.files, "new": result.stored.new, "already_stored": result.stored.duplicates,
                    "unreadable": result.errors, "processed": processed, "messages": messages})  # fmt: skip
    elif messages:
        out.print("messages this replay called for, when each would have gone out:")
        print_queued(messages)
    if not files or len(result.errors) == len(files):
        err.print("[red]error:[/red] nothing could be read: no file held a feed tracker can read")
        raise typer.Exit(1)


def _process_new(cfg, engine, quiet: bool = False) -> dict:
    """Process the stored reports not processed yet, day by day in publication order, and queue alerts;
    say what came of it unless `quiet` (the caller prints it as JSON)."""
    from tracker.pipeline import process_in_order, redecide, unprocessed

    ids = unprocessed(engine)
    if not ids:  # time alone may have moved a trip into the horizon, or closed it
        raised = redecide(engine, datetime.now(UTC), cfg).raised
        if raised and not quiet:
            out.print(f"{raised} message(s) queued in the outbox for trips now within the horizon.")
        return {"reports": 0, "claims": 0, "alerts": 0, "queued": raised, "episodes": []}
    with progress_bar(len(ids), "processing reports") as advance:
        result = processed_json(process_in_order(engine, ids, cfg, progress=advance))
    if not quiet:
        print_processed(result)
        if result["queued"]:
            queued = result["queued"]
            out.print(f"{queued} message(s) queued in the outbox (first alerts, updates, post-visit notices).")
    return result
