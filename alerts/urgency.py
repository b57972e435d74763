"""How urgent an alert is: how many days are left before the trip, and whether the trip can still be
prevented at all. The email, the desk and `tracker alerts` put these first and list open alerts by days
to the trip, soonest first; trips over, called off or expired leave the open list."""

from __future__ import annotations

from datetime import date

from tracker.episodes import OPEN
from tracker.models import Episode


def days_to_trip(episode: Episode, today: date) -> int | None:
    """Days from today to the trip's first day (0 or less: it has begun); None when no date is reported."""
    return (episode.expected_start - today).days if episode.expected_start else None


def days_left(episode: Episode, today: date) -> str:
    """The time left before the trip, in the words that open a message or a row."""
    start, end = episode.expected_start, episode.expected_end or episode.expected_start
    if start is None:
        return "date not reported"
    if today < start:
        left = (start - today).days
        return f"in {left} day{'s' if left != 1 else ''}"
    return f"now, until {end}" if today <= end else f"over since {end}"


def is_open(episode: Episode) -> bool:
    """A trip still to come or under way: good offices can still act."""
    return episode.status in OPEN


def soonest_first(episode: Episode, today: date) -> tuple:
    """Sort key: open trips before closed ones, then dated trips by days to go, then undated ones."""
    days = days_to_trip(episode, today)
    return (not is_open(episode), days is None, days if days is not None else 0)
