"""Feed titles and summaries read as English sentences, whatever the trip's status and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from alerts.feeds import TRIPS, PublicEpisode
from tracker.web.public import STATUSES

SEEN = datetime(2024, 8, 29, tzinfo=UTC)


def trip(status: str, start: date | None, end: date | None, outlets: int) -> PublicEpisode:
    return PublicEpisode(1, "putin", "Vladimir Putin", "MN", "Mongolia", start, end, status, outlets, SEEN, SEEN,
                         "binding", "state_party", "Mongolia must arrest and surrender.")  # fmt: skip


def test_every_status_has_its_wording():
    assert set(TRIPS) == set(STATUSES)


@pytest.mark.parametrize(
    ("status", "start", "end", "outlets", "title", "summary"),
    [
        ("announced", date(2024, 9, 3), None, 3, "Vladimir Putin: announced trip to Mongolia on 3 September 2024",
         "3 independent outlets report an announced trip by Vladimir Putin to Mongolia on 3 September 2024."),
        ("rumoured", date(2024, 11, 30), date(2024, 12, 2), 1,
         "Vladimir Putin: rumoured trip to Mongolia from 30 November to 2 December 2024",
         "One outlet reports a rumoured trip by Vladimir Putin to Mongolia from 30 November to 2 December 2024."),
        ("under_way", date(2024, 9, 2), date(2024, 9, 3), 12,
         "Vladimir Putin: trip to Mongolia from 2 to 3 September 2024, under way",
         "12 independent outlets report a trip by Vladimir Putin to Mongolia from 2 to 3 September 2024, under way."),
        ("cancelled", date(2024, 12, 30), date(2025, 1, 2), 2,
         "Vladimir Putin: cancelled trip to Mongolia from 30 December 2024 to 2 January 2025",
         "2 independent outlets report a cancelled trip by Vladimir Putin"),
        ("denied", None, None, 2, "Vladimir Putin: trip to Mongolia, since denied",
         "2 independent outlets report a trip by Vladimir Putin to Mongolia, since denied."),
        ("expired", None, None, 0, "Vladimir Putin: trip to Mongolia, planned without a date and not reported since",
         "Reports describe a trip by Vladimir Putin to Mongolia, planned without a date and not reported since."),
    ],
)  # fmt: skip
def test_titles_and_summaries_read_as_english(status, start, end, outlets, title, summary):
    e = trip(status, start, end, outlets)
    assert e.title == title
    assert e.summary.startswith(summary) and e.summary.endswith(". Mongolia must arrest and surrender.")
    assert "_" not in e.summary + e.title and "status" not in e.summary
