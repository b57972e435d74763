"""`tracker run`, `tracker sources`, `tracker ingest`: bringing reports in, and how the sources are doing."""

from __future__ import annotations

import json
import signal
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table
from sqlmodel import Session, select

from alerts.outbox import deliver
from tracker.cli.app import ConfigOption, app, err, out, progress_bar, reports_errors, setup
from tracker.cli.outbox import last_notice_id, print_queued_since
from tracker.cli.reports import print_processed
from tracker.collecting import Poll
from tracker.errors import UsageError
from tracker.ingest import feed_files, ingest
from tracker.instance import run_lock
from tracker.models import SourceRecord, as_utc
from tracker.pipeline import process_in_order, redecide, unprocessed
from tracker.refdata import prepare
from tracker.scheduler import Collectors
from tracker.storage import make_engine


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
    config: ConfigOption = None,
) -> None:
    """Poll the sources in config.yaml: each at its interval until stopped, or all once with --once."""
    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    prepare(engine)
    if not cfg.sources:
        raise UsageError(f"no sources in the config ({cfg.base_dir / 'config.yaml'}): add some under `sources:`")
    with run_lock(engine):
        collectors = Collectors(cfg, engine, _stop_on_signals())
        if once:
            _run_once(cfg, engine, collectors)
        else:
            _collect_and_serve(cfg, engine, collectors)


def _run_once(cfg, engine, collectors: Collectors) -> None:
    """Every source once with a progress bar, the summary, then processing and the outbox."""
    with progress_bar(len(cfg.sources), "polling sources") as advance:
        done: list[Poll] = []

        def polled(result: Poll) -> None:
            done.append(result)
            advance(len(done))

        results = collectors.run_once(polled)
    collectors.fetcher.close()
    _summary(results)
    _process_new(cfg, engine)
    drained = deliver(engine, cfg, one_shot=True)
    where = cfg.mail.smtp_url or f"the Maildir {cfg.data_path / 'mail'}"
    if drained.sent or drained.failed:
        out.print(f"outbox: {drained.sent} message(s) delivered to {where}, {drained.failed} failed (will retry).")
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


def _summary(results: list[Poll]) -> None:
    table = Table(title="tracker run --once")
    for column in ("source", "new", "already stored", "unchanged", "problem"):
        table.add_column(column, justify="right" if column in ("new", "already stored", "unchanged") else "left")
    for r in results:
        table.add_row(
            r.source_id, str(r.stored.new), str(r.stored.duplicates), f"{r.not_modified}/{r.urls}",
            "; ".join(r.errors[:2]) or r.skipped,
        )  # fmt: skip
    out.print(table)
    new = sum(r.stored.new for r in results)
    failed = sum(1 for r in results if r.errors)
    out.print(f"{new} new reports from {len(results)} sources; {failed} with problems.")


@app.command()
@reports_errors
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    config: ConfigOption = None,
) -> None:
    """Each source's health: last success, last error, failures in a row, next poll, reports stored."""
    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    prepare(engine)
    with Session(engine) as session:
        records = {r.id: r for r in session.exec(select(SourceRecord))}
    rows = [source_health(records.get(s.id), s.id, s.kind, s.url) for s in cfg.sources]
    rows += [source_health(r, r.id, r.kind, r.url) for r in records.values() if r.id not in {s.id for s in cfg.sources}]
    if as_json:
        out.print_json(json.dumps(rows))
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


def source_health(record: SourceRecord | None, source_id: str, kind: str, url: str) -> dict:
    """One source's health as plain data (the CLI table and the web app's /health show the same)."""

    def when(value: datetime | None) -> str | None:
        return as_utc(value).astimezone(UTC).isoformat(timespec="seconds") if value else None

    return {
        "id": source_id,
        "kind": kind,
        "url": url,
        "last_attempt_at": when(record.last_attempt_at) if record else None,
        "last_success_at": when(record.last_success_at) if record else None,
        "last_error": record.last_error if record else None,
        "consecutive_failures": record.consecutive_failures if record else 0,
        "next_check_at": when(record.next_check_at) if record else None,
        "reports_stored": record.reports_stored if record else 0,
    }


@app.command("ingest")
@reports_errors
def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Saved feeds (RSS, Atom, RDF, JSON Feed, GDELT JSON), or folders.")
    ],
    source: Annotated[str, typer.Option("--source", help="Source id to file the reports under.")] = "replay",
    config: ConfigOption = None,
) -> None:
    """Store saved feeds as if fetched when their items were published, to replay past events offline."""
    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    prepare(engine)
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
    out.print(
        f"{result.files} files: {result.stored.new} new reports, {result.stored.duplicates} already stored,"
        f" {len(result.errors)} files unreadable."
    )
    before = last_notice_id(engine)
    _process_new(cfg, engine)
    if last_notice_id(engine) > before:
        out.print("messages this replay called for, when each would have gone out:")
        print_queued_since(engine, cfg, before)
    if not files or len(result.errors) == len(files):
        err.print("[red]error:[/red] nothing could be read: no file held a feed tracker can read")
        raise typer.Exit(1)


def _process_new(cfg, engine) -> None:
    """Process the stored reports not processed yet, day by day in publication order, and queue alerts."""
    ids = unprocessed(engine)
    if not ids:  # time alone may have moved a trip into the horizon, or closed it
        raised = redecide(engine, datetime.now(UTC), cfg).raised
        if raised:
            out.print(f"{raised} message(s) queued in the outbox for trips now within the horizon.")
        return
    with progress_bar(len(ids), "processing reports") as advance:
        result = process_in_order(engine, ids, cfg, progress=advance)
    print_processed(result)
    if result.raised:
        out.print(f"{result.raised} message(s) queued in the outbox (first alerts, updates, post-visit notices).")
