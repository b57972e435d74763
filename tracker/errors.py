"""The few kinds of failure a user can act on; the CLI prints them plainly and exits non-zero."""


class TrackerError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1


class ConfigError(TrackerError):
    """config.yaml (or an environment override) is missing, unreadable or invalid."""

    exit_code = 2


class UsageError(TrackerError):
    """A command was given an argument it cannot use (unknown person, bad date)."""

    exit_code = 2


class StorageError(TrackerError):
    """The database cannot be reached, or its schema is not the one this version expects."""
