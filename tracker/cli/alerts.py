"""`tracker alerts`: the alerts raised and where each delivery stands; retry the failed, acknowledge."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, select

from alerts.handling import acknowledge, alert_or_error
from tracker.cli.app import ConfigOption, app, out, reports_errors, setup
from tracker.models import Alert, Delivery, Episode
from tracker.refdata import prepare
from tracker.storage import make_engine, session_scope

alerts_app = typer.Typer(help="Good-offices alerts: list them, retry failed deliveries, acknowledge.")
app.add_typer(alerts_app, name="alerts")


def _engine(config):
    cfg = setup(config)
    engine = make_engine(cfg.database_url)
    prepare(engine)
    return engine


@alerts_app.callback(invoke_without_command=True)
@reports_errors
def list_alerts(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    config: ConfigOption = None,
) -> None:
    """Every alert with its episode and the state of each delivery (newest first)."""
    if ctx.invoked_subcommand is not None:
        return
    engine = _engine(config)
    with Session(engine) as session:
        rows = []
        for alert in session.exec(select(Alert).order_by(Alert.id.desc())):
            episode = session.get(Episode, alert.episode_id)
            deliveries = session.exec(select(Delivery).where(Delivery.alert_id == alert.id)).all()
            rows.append(
                {
                    "id": alert.id,
                    "kind": alert.kind,
                    "person": episode.person_id,
                    "state": episode.state,
                    "expected_start": episode.expected_start.isoformat() if episode.expected_start else None,
                    "status": episode.status,
                    "created_at": alert.created_at.isoformat(timespec="seconds"),
                    "acknowledged_by": alert.acknowledged_by,
                    "deliveries": [
                        {"recipient": d.recipient, "status": d.status, "attempts": d.attempts, "error": d.last_error}
                        for d in deliveries
                    ],
                }
            )
    if as_json:
        out.print_json(json.dumps(rows))
        return
    table = Table(title="alerts")
    for column in ("id", "person → state", "expected", "episode", "raised", "deliveries", "acknowledged"):
        table.add_column(column)
    for r in rows:
        sent = sum(d["status"] == "sent" for d in r["deliveries"])
        table.add_row(
            str(r["id"]), f"{r['person']} → {r['state']}", r["expected_start"] or "?", r["status"], r["created_at"],
            f"{sent}/{len(r['deliveries'])} sent", r["acknowledged_by"] or "",
        )  # fmt: skip
    out.print(table)


@alerts_app.command()
@reports_errors
def retry(
    alert_id: Annotated[int, typer.Argument(help="The alert whose queued deliveries to send at the next drain.")],
    config: ConfigOption = None,
) -> None:
    """Make the alert's unsent deliveries due now (after fixing the mail server, say)."""
    engine = _engine(config)
    with session_scope(engine) as session:
        alert_or_error(session, alert_id)
        pending = session.exec(select(Delivery).where(Delivery.alert_id == alert_id, Delivery.status == "queued"))
        count = 0
        for delivery in pending:
            delivery.next_attempt_at = None
            session.add(delivery)
            count += 1
    out.print(f"{count} delivery(ies) of alert {alert_id} due at the next drain (`tracker run --once` sends them).")


@alerts_app.command()
@reports_errors
def ack(
    alert_id: Annotated[int, typer.Argument(help="The alert to acknowledge.")],
    by: Annotated[str, typer.Option("--by", help="Who acknowledges (name or address).")],
    config: ConfigOption = None,
) -> None:
    """Record that someone has taken the alert in hand (internal: never in a public view)."""
    engine = _engine(config)
    with session_scope(engine) as session:
        alert = acknowledge(session, alert_id, by)
        who = alert.acknowledged_by
    out.print(f"alert {alert_id} acknowledged by {who}.")
