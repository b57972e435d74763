"""`tracker outbox send [--dry-run]`: deliver what waits in the outbox without polling any source, and
what `tracker ingest` says about the messages a replay queued."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from alerts.outbox import deliver, record_too_late
from tracker.cli.app import ConfigOption, app, out, reports_errors, setup
from tracker.config import Config
from tracker.models import Delivery, Notice, episode_of
from tracker.refdata import prepare
from tracker.storage import make_engine

outbox_app = typer.Typer(help="The outbox: messages queued for delivery.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command()
@reports_errors
def send(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be sent; send and change nothing.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Deliver the queued messages that are due (reminders first), as `tracker run --once` does at its end,
    without polling the sources. Messages about trips over by now are recorded as historical, not sent."""
    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    prepare(engine)
    drained = deliver(engine, cfg, one_shot=True, dry_run=dry_run)
    where = cfg.mail.smtp_url or f"the Maildir {cfg.data_path / 'mail'}"
    verb = "would be delivered" if dry_run else "delivered"
    out.print(
        f"outbox: {drained.sent} message(s) {verb} to {where}, {drained.historical} too late to matter (historical,"
        f" not sent), {drained.silenced} silenced, {drained.failed} failed.",
        highlight=False,
    )
    for error in drained.errors or []:
        out.print(f"  failed: {error}", highlight=False)


def last_notice_id(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.max(Notice.id))).one() or 0


def print_queued_since(engine: Engine, cfg: Config, after: int) -> None:
    """Each message queued since notice `after`, with the time it would have gone out and whether it still
    will: a replay of old reports records its messages about trips now over as historical."""
    record_too_late(engine, cfg)
    with Session(engine) as session:
        notices = session.exec(select(Notice).where(Notice.id > after).order_by(Notice.created_at, Notice.id)).all()
        for n in notices:
            episode = episode_of(session, n)
            statuses = [d.status for d in session.exec(select(Delivery).where(Delivery.notice_id == n.id))]
            fate = (
                f"historical, not sent: {n.historical}"
                if n.historical
                else "nobody to send it to: add recipients.president to config.yaml"
                if not statuses
                else "silenced"
                if all(s == "silenced" for s in statuses)
                else "queued (`tracker outbox send` or `tracker run` delivers it)"
            )
            expected = episode.expected_start.isoformat() if episode.expected_start else "no date"
            out.print(
                f"  {n.created_at:%Y-%m-%d %H:%M} {n.reason} {episode.person_id} → {episode.state} ({expected}),"
                f" {len(statuses)} recipient(s): {fate}",
                highlight=False,
            )
