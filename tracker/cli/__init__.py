"""The `tracker` command line: the app, with each group of subcommands in its own module."""

from tracker.cli import (  # noqa: F401  (registers the subcommands)
    alerts,
    cases,
    collect,
    feeds,
    outbox,
    places,
    reference,
    reports,
    silences,
    users,
)
from tracker.cli.app import app

__all__ = ["app"]
