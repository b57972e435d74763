"""`tracker alerts`: the alerts raised, each message sent about them and why, where each delivery
stands; retry the failed, acknowledge, notify the Bureau. Silences are in `tracker.cli.silences`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tracker.cli.app import ConfigOption, JsonOption, app, out, print_json, ready_engine, reports_errors, setup
from tracker.errors import UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.models import Alert

alerts_app = typer.Typer(help="Good-offices alerts: list, retry, acknowledge, silence, notify the Bureau.")
app.add_typer(alerts_app, name="alerts")
MAX_ID = 2**31 - 1  # row ids past this overflow the database's integers: no such row
ById = Annotated[int, typer.Argument(help="The alert's id (`tracker alerts` lists them).", min=1, max=MAX_ID)]
By = Annotated[str, typer.Option("--by", help="Who acts (name or address); kept with the alert.")]


def engine_for(config):
    cfg = setup(config)
    return cfg, ready_engine(cfg)


def _row(session: Session, alert: Alert) -> dict:
    from sqlmodel import select

    from alerts.silences import describe
    from alerts.urgency import days_left, days_to_trip, is_open
    from tracker.models import Delivery, Episode, Notice, Silence, utcnow

    episode = session.get(Episode, alert.episode_id)
    messages = []
    for notice in session.exec(select(Notice).where(Notice.alert_id == alert.id).order_by(Notice.id)):
        silence = session.get(Silence, notice.silence_id) if notice.silence_id else None
        deliveries = session.exec(select(Delivery).where(Delivery.notice_id == notice.id).order_by(Delivery.id))
        messages.append({
            "reason": notice.reason, "changes": notice.changes, "message_id": notice.message_id,
            "created_at": notice.created_at.isoformat(timespec="seconds"), "requested_by": notice.requested_by,
            "silenced": describe(silence) if silence else None, "historical": notice.historical,
            "deliveries": [{"recipient": d.recipient, "status": d.status, "attempts": d.attempts,
                            "error": d.last_error} for d in deliveries],
        })  # fmt: skip
    today = utcnow().date()
    return {
        "id": alert.id, "kind": alert.kind, "person": episode.person_id, "state": episode.state,
        "when": days_left(episode, today), "days_to_trip": days_to_trip(episode, today), "open": is_open(episode),
        "episode": episode.id, "expected_start": episode.expected_start.isoformat() if episode.expected_start else None,
        "status": episode.status, "created_at": alert.created_at.isoformat(timespec="seconds"),
        "acknowledged_by": alert.acknowledged_by, "messages": messages,
        "deliveries": [{**d, "reason": m["reason"]} for m in messages for d in m["deliveries"]],
    }  # fmt: skip


@alerts_app.callback(invoke_without_command=True)
@reports_errors
def list_alerts(
    ctx: typer.Context,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Every alert with its episode, each message about it (why it was sent, silenced, historical) and the
    state of each delivery: open alerts first, soonest trip first, with the days left; then the rest."""
    if ctx.invoked_subcommand is not None:
        return
    from sqlmodel import Session, select

    from alerts.urgency import soonest_first
    from tracker.models import Alert, Episode, utcnow

    _, engine = engine_for(config)
    today = utcnow().date()
    with Session(engine) as session:
        alerts = session.exec(select(Alert).order_by(Alert.id.desc())).all()
        alerts = sorted(alerts, key=lambda a: soonest_first(session.get(Episode, a.episode_id), today))
        rows = [_row(session, alert) for alert in alerts]
    if as_json:
        print_json(rows)
        return
    table = Table(title="alerts")
    for column in ("when", "trip", "person → state", "expected", "id", "raised", "messages", "acknowledged"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["when"], r["status"].replace("_", " "), f"{r['person']} → {r['state']}", r["expected_start"] or "?",
            str(r["id"]), r["created_at"], escape("\n".join(_summary(m) for m in r["messages"])),
            escape(r["acknowledged_by"] or ""),
        )  # fmt: skip
    out.print(table)


def _summary(message: dict) -> str:
    if message["silenced"] and any(d["status"] == "silenced" for d in message["deliveries"]):  # still held
        return f"{message['reason']}: silenced ({message['silenced']})"
    if message["historical"]:
        return f"{message['reason']}: historical, not sent ({message['historical']})"
    sent = sum(d["status"] == "sent" for d in message["deliveries"])
    return f"{message['reason']}: {sent}/{len(message['deliveries'])} sent"


@alerts_app.command()
@reports_errors
def retry(
    alert_id: Annotated[
        int, typer.Argument(help="The alert whose unsent deliveries to send at the next drain.", min=1, max=MAX_ID)
    ],
    config: ConfigOption = None,
) -> None:
    """Make the alert's unsent deliveries due now, those the server refused for good too (after fixing the
    mail server or an address, say)."""
    from sqlmodel import select

    from tracker.models import Alert, Delivery
    from tracker.storage import session_scope

    _, engine = engine_for(config)
    with session_scope(engine) as session:
        if session.get(Alert, alert_id) is None:
            raise UsageError(f"no alert {alert_id}: `tracker alerts` lists them")
        unsent = Delivery.status.in_(("queued", "failed"))
        pending = session.exec(select(Delivery).where(Delivery.alert_id == alert_id, unsent))
        count = 0
        for delivery in pending:
            delivery.status, delivery.next_attempt_at = "queued", None
            session.add(delivery)
            count += 1
    out.print(f"{count} delivery(ies) of alert {alert_id} due at the next drain (`tracker run --once` sends them).")


@alerts_app.command()
@reports_errors
def ack(alert_id: ById, by: By, config: ConfigOption = None) -> None:
    """Record that someone has taken the alert in hand; reminders stop (internal: never in a public view)."""
    from alerts.acks import acknowledge
    from tracker.storage import session_scope

    _, engine = engine_for(config)
    with session_scope(engine) as session:
        alert = acknowledge(session, alert_id, by)
        who = alert.acknowledged_by
    out.print(f"alert {alert_id} acknowledged by {who}.")


@alerts_app.command("notify-bureau")
@reports_errors
def notify_bureau_command(alert_id: ById, by: By, config: ConfigOption = None) -> None:
    """Queue the notice the President owes the Bureau members (scenario 7(b)) to `recipients.bureau`."""
    from sqlmodel import select

    from alerts.bureau import notify_bureau
    from tracker.models import Delivery
    from tracker.storage import session_scope

    cfg, engine = engine_for(config)
    with session_scope(engine) as session:
        notice = notify_bureau(session, alert_id, by, cfg)
        count = len(session.exec(select(Delivery).where(Delivery.notice_id == notice.id)).all())
    out.print(f"Bureau notice for alert {alert_id} queued to {count} recipient(s) (`tracker run --once` sends it).")
