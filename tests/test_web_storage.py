"""The desk's records and the public queries on both databases (SQLite and PostgreSQL): users, sessions
and their expiry, notes and outcomes, and episode filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from alerts.acks import acknowledge
from alerts.handling import add_note, record_outcome
from tracker.desk_users import add_user, check_password
from tracker.errors import UsageError
from tracker.models import Alert, DeskSession, Episode, utcnow
from tracker.refdata import prepare
from tracker.storage import session_scope
from tracker.web import public
from tracker.web.auth import close_session, open_session, signed_in


@pytest.fixture
def db(engine):
    prepare(engine)
    with session_scope(engine) as s:
        for state, start, status in (("MN", date(2024, 9, 3), "over"), ("TJ", date(2025, 10, 9), "announced")):
            s.add(Episode(person_id="putin", state=state, expected_start=start, status=status, history=[]))
        s.flush()
        episode = s.exec(select(Episode).where(Episode.state == "MN")).one()
        s.add(Alert(episode_id=episode.id, kind="good_offices", rule="test", why=[], message_id="<t@tracker>"))
    return engine


def test_users_sessions_and_their_end(db):
    user = add_user(db, "fp-asia", "focal_point", "Asia-Pacific", "a long desk passphrase")
    with pytest.raises(UsageError, match="exists already"):
        add_user(db, "fp-asia", "focal_point", "Asia-Pacific", "a long desk passphrase")
    assert check_password("a long desk passphrase", user.password_hash)
    assert not check_password("a long desk passphrasE", user.password_hash)
    token = open_session(db, user, hours=1)
    who = signed_in(db, token)
    assert who.user.name == "fp-asia" and len(who.csrf_token) > 30
    with session_scope(db) as s:  # the session runs out
        row = s.exec(select(DeskSession)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.add(row)
    assert signed_in(db, token) is None
    fresh = open_session(db, user, hours=1)  # opening a session clears the expired ones
    with Session(db) as s:
        assert len(s.exec(select(DeskSession)).all()) == 1
    close_session(db, fresh)
    assert signed_in(db, fresh) is None


def test_acknowledge_note_and_outcome(db):
    with session_scope(db) as s:
        alert = s.exec(select(Alert)).one()
        acknowledge(s, alert.id, "fp-asia")
        acknowledge(s, alert.id, "someone later")  # the first acknowledgement stands
        add_note(s, alert.id, "fp-asia", "Spoke to the ministry.")
        record_outcome(s, alert.id, "fp-asia", "travelled_no_arrest")
        with pytest.raises(UsageError, match="unknown outcome"):
            record_outcome(s, alert.id, "fp-asia", "vanished")
        with pytest.raises(UsageError, match="empty"):
            add_note(s, alert.id, "fp-asia", "  ")
    with Session(db) as s:
        assert s.exec(select(Alert)).one().acknowledged_by == "fp-asia"


def test_episode_filters(db):
    with Session(db) as s:
        everything = public.episodes(s, public.EpisodeFilter())
        assert {e["state"] for e in everything} == {"MN", "TJ"}
        only = public.episodes(s, public.EpisodeFilter(person="putin", state="mn", status="over"))
        assert [e["state"] for e in only] == ["MN"] and only[0]["strength"] == "binding"
        dated = public.episodes(s, public.EpisodeFilter(since=date(2025, 1, 1), until=date(2025, 12, 31)))
        assert [e["state"] for e in dated] == ["TJ"]
        assert public.episodes(s, public.EpisodeFilter(limit=1, offset=1))[0]["state"] in {"MN", "TJ"}
        assert public.episode(s, 10**9) is None
