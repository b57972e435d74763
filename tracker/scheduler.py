"""Running the collectors: every source once (`tracker run --once`), or each at its own interval until
stopped (`tracker run`).

Each source is one APScheduler job: its interval with jitter, one instance at a time, missed runs
coalesced into one after downtime. Its first run is the due time stored in the database, so a restart
keeps to a backoff or a Retry-After instead of hammering a server that asked for a pause. A failed poll
moves the job's next run to the backoff time. Stopping cuts off the fetches under way at once and waits
for their polls to commit what they had read.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent import futures
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlmodel import Session

from alerts.outbox import deliver
from tracker.collecting import Poll, fetcher_for, poll, sync_sources
from tracker.config import Config
from tracker.config import Source as SourceConfig
from tracker.models import SourceRecord, as_utc
from tracker.pipeline import process_in_order, redecide, unprocessed

log = logging.getLogger(__name__)
WORKERS = 4  # sources polled at once; one host still gets one request at a time
PROCESS_EVERY = 120  # seconds between two runs of the processing job
DELIVER_EVERY = 5  # seconds between two drains of the outbox (a cheap query; keeps to the group wait)
REDECIDE_EVERY = 3600  # seconds between two re-decisions of the open episodes as time passes (and at start)


class Collectors:
    """The configured sources, polled with one shared Fetcher (one queue per host, one connection pool)."""

    def __init__(self, config: Config, engine: Engine, stop: threading.Event | None = None) -> None:
        self.config, self.engine = config, engine
        self.fetcher = fetcher_for(config)
        self.stop = stop or threading.Event()
        self.max_backoff = timedelta(hours=config.fetch.max_backoff_hours)
        self._processing = threading.Lock()
        self._delivering = threading.Lock()
        sync_sources(engine, config)

    def poll(self, source: SourceConfig, force: bool = False) -> Poll:
        return poll(self.engine, source, self.fetcher, force=force, max_backoff=self.max_backoff, stop=self.stop)

    def run_once(self, progress: Callable[[Poll], None] | None = None) -> list[Poll]:
        """Every source once, due or not, a few at a time (one host still gets one request at a time);
        sources not started when a stop is asked for are left for the next run."""

        def one(source: SourceConfig) -> Poll | None:
            if self.stop.is_set():
                return None
            result = self.poll(source, force=True)
            if progress:
                progress(result)
            return result

        with futures.ThreadPoolExecutor(WORKERS, thread_name_prefix="poll") as pool:
            results = list(pool.map(one, self.config.sources))
        return [r for r in results if r is not None]

    def run_until_stopped(self) -> None:
        """Each source at its interval until `stop` is set (SIGINT, SIGTERM); then wait for the polls
        under way to commit and return."""
        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(WORKERS)},
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone=UTC,
        )
        for source in self.config.sources:
            seconds = source.interval_minutes * 60
            scheduler.add_job(
                self._job,
                IntervalTrigger(seconds=seconds, jitter=min(300, seconds // 10), timezone=UTC),
                args=(scheduler, source),
                id=source.id,
                name=f"poll {source.id}",
                next_run_time=self._first_run(source),
                misfire_grace_time=seconds,
            )
        scheduler.add_job(
            self._process_job, IntervalTrigger(seconds=PROCESS_EVERY, timezone=UTC), id="process",
            name="process new reports", next_run_time=datetime.now(UTC), misfire_grace_time=PROCESS_EVERY,
        )  # fmt: skip
        scheduler.add_job(
            self._redecide_job, IntervalTrigger(seconds=REDECIDE_EVERY, timezone=UTC), id="redecide",
            name="decide the open episodes again", next_run_time=datetime.now(UTC), misfire_grace_time=REDECIDE_EVERY,
        )  # fmt: skip
        scheduler.add_job(
            self._deliver_job, IntervalTrigger(seconds=DELIVER_EVERY, timezone=UTC), id="deliver",
            name="drain the outbox", next_run_time=datetime.now(UTC), misfire_grace_time=DELIVER_EVERY,
        )  # fmt: skip
        scheduler.start()
        log.info("polling %d sources; stop with Ctrl-C or SIGTERM", len(self.config.sources))
        try:
            self.stop.wait()
        finally:
            log.info("stopping: cutting off the fetches under way, waiting for their polls to commit")
            self.fetcher.stop()  # no server can hold the stop: what was read is stored
            scheduler.shutdown(wait=True)
            self.fetcher.close()

    def _job(self, scheduler: BackgroundScheduler, source: SourceConfig) -> None:
        if self.stop.is_set():
            return
        try:
            result = self.poll(source)
        except Exception:  # a bug in one poll must not stop the others; the log keeps the traceback
            log.exception("poll of %s failed", source.id)
            return
        if result.stored.new and not self.stop.is_set():  # new reports: decide and warn now, not in 2 minutes
            self._process_job()
            self._deliver_job()
        if result.errors and not self.stop.is_set():
            with Session(self.engine) as session:
                record = session.get(SourceRecord, source.id)
                due = record.next_check_at if record else None
            if due is not None and record.consecutive_failures:
                scheduler.modify_job(source.id, next_run_time=as_utc(due))

    def _process_job(self) -> None:
        """Extract, merge and decide the reports stored since the last run (store first, process after)."""
        if self.stop.is_set() or not self._processing.acquire(blocking=False):
            return  # another thread is at it; it will see these reports too
        try:
            ids = unprocessed(self.engine)
            if ids:
                result = process_in_order(self.engine, ids, self.config)
                log.info("processed %d reports: %d claims, %d messages queued", result.reports, result.claims,
                         result.raised)  # fmt: skip
        except Exception:  # the next run tries again; the reports stay stored and unprocessed
            log.exception("processing failed")
        finally:
            self._processing.release()

    def _redecide_job(self) -> None:
        """Age the open episodes and decide them again as of now: a trip that enters the horizon alerts
        without waiting for a new report, and one whose days have passed closes."""
        if self.stop.is_set() or not self._processing.acquire(blocking=False):
            return
        try:
            raised = redecide(self.engine, datetime.now(UTC), self.config).raised
            if raised:
                log.info("re-decided the open episodes: %d messages queued", raised)
        except Exception:  # the next run tries again
            log.exception("re-deciding the open episodes failed")
        finally:
            self._processing.release()

    def _deliver_job(self) -> None:
        """Queue due reminders and drain the outbox: each queued message once (one drain at a time), failures
        retried with backoff."""
        if self.stop.is_set() or not self._delivering.acquire(blocking=False):
            return
        try:
            drained = deliver(self.engine, self.config)
            if drained.sent or drained.failed:
                log.info("outbox: %d sent, %d failed", drained.sent, drained.failed)
        except Exception:  # the deliveries stay queued for the next run
            log.exception("delivery failed")
        finally:
            self._delivering.release()

    def _first_run(self, source: SourceConfig) -> datetime:
        """The due time stored by the last poll (interval, backoff or Retry-After); now for a new source."""
        now = datetime.now(UTC)
        with Session(self.engine) as session:
            record = session.get(SourceRecord, source.id)
        due = as_utc(record.next_check_at) if record and record.next_check_at else None
        return max(now, due) if due else now
