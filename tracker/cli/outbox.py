"""`tracker outbox send [--dry-run]`: deliver what waits in the outbox without polling any source, and
what `tracker ingest` says about the messages a replay queued."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.app import ConfigOption, JsonOption, app, out, print_json, ready_engine, reports_errors, setup

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from alerts.outbox import Drained
    from tracker.config import Config

outbox_app = typer.Typer(help="The outbox: messages queued for delivery.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command()
@reports_errors
def send(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be sent; send and change nothing.")
    ] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Deliver the queued messages that are due (reminders first), as `tracker run --once` does at its end,
    without polling the sources. Messages about trips over by now are recorded as historical, not sent."""
    from alerts.outbox import deliver

    cfg = setup(config)
    drained = drained_json(deliver(ready_engine(cfg), cfg, one_shot=True, dry_run=dry_run), cfg)
    if as_json:
        print_json({**drained, "dry_run": dry_run})
        return
    verb = "would be delivered" if dry_run else "delivered"
    out.print(
        f"outbox: {drained['sent']} message(s) {verb} to {drained['to']}, {drained['historical']} too late to matter"
        f" (historical, not sent), {drained['silenced']} silenced, {drained['failed']} failed.",
        highlight=False,
    )
    for error in drained["errors"]:
        out.print(f"  failed: {error}", highlight=False)


def drained_json(drained: Drained, cfg: Config) -> dict:
    """What a drain of the outbox did, and where the messages went."""
    return {"sent": drained.sent, "failed": drained.failed, "silenced": drained.silenced,
            "historical": drained.historical, "errors": drained.errors or [],
            "to": cfg.mail.smtp_url or f"the Maildir {cfg.data_path / 'mail'}"}  # fmt: skip


def print_drained(drained: dict) -> None:
    sent, failed = drained["sent"], drained["failed"]
    out.print(f"outbox: {sent} message(s) delivered to {drained['to']}, {failed} failed (will retry).")


def last_notice_id(engine: Engine) -> int:
    from sqlmodel import Session, func, select

    from tracker.models import Notice

    with Session(engine) as session:
        return session.exec(select(func.max(Notice.id))).one() or 0


def queued_since(engine: Engine, cfg: Config, after: int) -> list[dict]:
    """Each message queued since notice `after`, with the time it would have gone out and whether it still
    will: a replay of old reports records its messages about trips now over as historical."""
    from sqlmodel import Session, select

    from alerts.outbox import record_too_late
    from tracker.models import Delivery, Notice, as_utc, episode_of

    record_too_late(engine, cfg)
    rows = []
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
            rows.append({
                "created_at": as_utc(n.created_at).isoformat(timespec="seconds"), "reason": n.reason,
                "person": episode.person_id, "state": episode.state,
                "expected_start": episode.expected_start.isoformat() if episode.expected_start else None,
                "recipients": len(statuses), "fate": fate,
            })  # fmt: skip
    return rows


def print_queued(messages: list[dict]) -> None:
    for m in messages:
        out.print(
            f"  {m['created_at'][:16].replace('T', ' ')} {m['reason']} {m['person']} → {m['state']}"
            f" ({m['expected_start'] or 'no date'}), {m['recipients']} recipient(s): {m['fate']}",
            highlight=False,
        )
