"""`tracker users`: who may sign in to the desk (the President's team and the regional focal points)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, select

from tracker.cli.app import ConfigOption, app, out, reports_errors, setup
from tracker.errors import UsageError
from tracker.models import DeskUser
from tracker.refdata import prepare
from tracker.storage import make_engine
from tracker.web.auth import add_user

users_app = typer.Typer(help="Desk users: list them, add one.")
app.add_typer(users_app, name="users")


def _engine(config):
    engine = make_engine(setup(config).database_url)
    prepare(engine)
    return engine


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
def list_users(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Every desk user with role and regional group (never the password hash)."""
    if ctx.invoked_subcommand is not None:
        return
    with Session(_engine(config)) as session:
        users = session.exec(select(DeskUser).order_by(DeskUser.name)).all()
    table = Table(title="desk users")
    for column in ("name", "role", "group", "added"):
        table.add_column(column)
    for u in users:
        table.add_row(u.name, u.role, u.regional_group or "", f"{u.created_at:%Y-%m-%d}")
    out.print(table)


@users_app.command("add")
@reports_errors
def add(
    name: Annotated[str, typer.Argument(help="The name to sign in with.")],
    role: Annotated[str, typer.Option("--role", help="president (every alert) or focal_point (its group's).")],
    group: Annotated[
        str | None, typer.Option("--group", help="A focal point's UN regional group, e.g. 'Asia-Pacific'.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Add a desk user; the password is asked for (or read from standard input), and only its hash is stored."""
    engine = _engine(config)
    user = add_user(engine, name, role, group, _password())
    out.print(f"user {user.name} added ({user.role}{', ' + user.regional_group if user.regional_group else ''}).")
