"""`tracker alerts silence|silences|expire-silence`: mute the messages about a person, a state or an
episode until a time; they are still recorded (and shown by `tracker alerts`), never delivered."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tracker.cli.alerts import MAX_ID, By, alerts_app, engine_for
from tracker.cli.app import ConfigOption, JsonOption, out, print_json, reports_errors
from tracker.errors import UsageError

if TYPE_CHECKING:
    from tracker.models import Silence

DURATION = re.compile(r"^(\d+)\s*([hd])$")


def parse_until(value: str, now: datetime | None = None) -> datetime:
    """`48h`, `7d`, `2024-09-05` (midnight UTC) or `2024-09-05T18:00` (UTC)."""
    now = now or datetime.now(UTC)
    match = DURATION.match(value.strip().lower())
    if match:
        amount, unit = int(match[1]), match[2]
        try:
            return now + (timedelta(hours=amount) if unit == "h" else timedelta(days=amount))
        except OverflowError:
            raise UsageError(f"--until: {value!r} ends after the year 9999; give a nearer time") from None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--until: {value!r} is not a time (expected 48h, 7d, 2024-09-05 or 2024-09-05T18:00)"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@alerts_app.command()
@reports_errors
def silence(
    until: Annotated[str, typer.Option("--until", help="48h, 7d, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC).")],
    by: By,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the silence).")],
    person: Annotated[str | None, typer.Option("--person", help="A person id, e.g. putin.")] = None,
    state: Annotated[str | None, typer.Option("--state", help="A state's ISO alpha-2 code, e.g. MN.")] = None,
    episode: Annotated[
        int | None, typer.Option("--episode", help="An episode id (`tracker alerts`).", min=1, max=MAX_ID)
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Record but do not deliver the messages about one person, state or episode until a time."""
    from alerts.silences import add_silence
    from tracker.models import as_utc
    from tracker.storage import session_scope

    _, engine = engine_for(config)
    with session_scope(engine) as session:
        made = add_silence(session, until=parse_until(until), by=by, reason=reason, person=person, state=state,
                           episode=episode)  # fmt: skip
        number, ends = made.id, as_utc(made.until)
    out.print(f"silence {number} until {ends:%Y-%m-%d %H:%M} UTC (`tracker alerts expire-silence {number}` ends it).")


@alerts_app.command()
@reports_errors
def silences(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """The silences in force."""
    from sqlmodel import Session

    from alerts.silences import active_silences

    _, engine = engine_for(config)
    with Session(engine) as session:
        rows = [_json(s) for s in active_silences(session)]
    if as_json:
        print_json(rows)
        return
    table = Table(title="silences in force")
    for column in ("id", "person", "state", "episode", "until (UTC)", "by", "reason"):
        table.add_column(column)
    for r in rows:
        table.add_row(*(escape(str(r[k] or "")) for k in ("id", "person", "state", "episode", "until", "by", "reason")))
    out.print(table)


@alerts_app.command("expire-silence")
@reports_errors
def expire(
    silence_id: Annotated[int, typer.Argument(help="The silence's id (`tracker alerts silences`).", min=1, max=MAX_ID)],
    config: ConfigOption = None,
) -> None:
    """End a silence now: later messages are delivered again."""
    from alerts.silences import expire_silence
    from tracker.storage import session_scope

    _, engine = engine_for(config)
    with session_scope(engine) as session:
        expire_silence(session, silence_id)
    out.print(f"silence {silence_id} expired.")


def _json(s: Silence) -> dict:
    from tracker.models import as_utc

    return {"id": s.id, "person": s.person_id, "state": s.state, "episode": s.episode_id,
            "until": as_utc(s.until).isoformat(timespec="minutes"), "by": s.created_by, "reason": s.reason}  # fmt: skip
