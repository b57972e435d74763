"""The `tracker` command line: the app, with each group of subcommands in its own module."""

from tracker.cli import alerts, collect, places, reference, reports, users  # noqa: F401  (registers the subcommands)
from tracker.cli.app import app

__all__ = ["app"]
