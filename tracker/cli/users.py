"""`tracker users`: who may sign in to the desk (the President's team and the regional focal points);
the changes themselves are `tracker.desk_users`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from tracker.cli.app import ConfigOption, app, out, ready_engine, reports_errors, setup
from tracker.errors import UsageError

users_app = typer.Typer(help="Desk users: list them, add, remove, reset a password.")
NameArgument = Annotated[str, typer.Argument(help="The name the user signs in with.")]
app.add_typer(users_app, name="users")


def _password() -> str:
    """Asked twice on a terminal; otherwise the first line of standard input (for scripts)."""
    if sys.stdin.isatty():
        return typer.prompt("password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line.strip():
        raise UsageError("no password on standard input (give it as the first line)")
    return line.rstrip("\r\n")


@users_app.callback(invoke_without_command=True)
@reports_errors
def list_users(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    config: ConfigOption = None,
) -> None:
    """Every desk user with role and regional group (never the password hash)."""
    if ctx.invoked_subcommand is not None:
        return
    from sqlmodel import Session, select

    from tracker.models import DeskUser

    with Session(ready_engine(setup(config))) as session:
        users = session.exec(select(DeskUser).order_by(DeskUser.name)).all()
    if as_json:
        rows = [{"name": u.name, "role": u.role, "group": u.regional_group, "added": u.created_at.isoformat()}
                for u in users]  # fmt: skip
        out.print_json(json.dumps(rows))
        return
    table = Table(title="desk users")
    for column in ("name", "role", "group", "added"):
        table.add_column(column)
    for u in users:
        table.add_row(u.name, u.role, u.regional_group or "", f"{u.created_at:%Y-%m-%d}")
    out.print(table)


@users_app.command("add")
@reports_errors
def add(
    name: NameArgument,
    role: Annotated[str, typer.Option("--role", help="president (every alert) or focal_point (its group's).")],
    group: Annotated[
        str | None, typer.Option("--group", help="A focal point's UN regional group, e.g. 'Asia-Pacific'.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Add a desk user; the password is asked for (or read from standard input), and only its hash is stored."""
    from tracker.desk_users import add_user

    user = add_user(ready_engine(setup(config)), name, role, group, _password())
    out.print(f"user {user.name} added ({user.role}{', ' + user.regional_group if user.regional_group else ''}).")


@users_app.command("remove")
@reports_errors
def remove(name: NameArgument, config: ConfigOption = None) -> None:
    """Remove a desk user: it can no longer sign in, and its open sessions end now."""
    from tracker.desk_users import remove_user

    ended = remove_user(ready_engine(setup(config)), name)
    out.print(f"user {name.strip()} removed; {ended} open session(s) ended.")


@users_app.command("reset-password")
@reports_errors
def reset(name: NameArgument, config: ConfigOption = None) -> None:
    """Give a desk user a new password (asked for, or read from standard input); its open sessions end."""
    from sqlmodel import Session

    from tracker.desk_users import find_user, reset_password

    engine = ready_engine(setup(config))
    with Session(engine) as session:
        find_user(session, name)  # say "no such user" before asking for a password
    ended = reset_password(engine, name, _password())
    out.print(f"password of {name.strip()} reset; {ended} open session(s) ended.")
