"""Storing reports once, and linking wire copies into stories, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from sources.report import RawReport, canonical_url, content_hash, story_key
from tracker.collecting import ensure_source
from tracker.models import Report
from tracker.reports import store_reports
from tracker.storage import migrate

WHEN = datetime(2024, 8, 30, 9, 0, tzinfo=UTC)


def raw(url: str, title: str = "Putin to visit Mongolia next week, Kremlin says", **kw) -> RawReport:
    fields = dict(
        source_id="wire", url=url, title=title, summary="The Kremlin confirmed the visit on Friday.",
        content=None, published=WHEN, language="en", fetched=WHEN, raw_id=None,
    )  # fmt: skip
    fields.update(kw)
    return RawReport(**fields)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://WWW.Example.com/a?utm_source=rss&utm_medium=feed&id=7#top", "https://example.com/a?id=7"),
        ("http://example.com:80/a?b=2&a=1&fbclid=xyz", "http://example.com/a?a=1&b=2"),
        ("https://example.com:8443", "https://example.com:8443/"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_content_hash_ignores_markup_spacing_and_case():
    assert content_hash("Putin  in  Ulaanbaatar", "Talks.", None) == content_hash("putin in ulaanbaatar", "talks", "")
    assert content_hash("Putin in Ulaanbaatar", "Talks.", None) != content_hash("Putin in Astana", "Talks.", None)


def test_story_key_drops_the_outlet_name():
    assert story_key("Putin to visit Mongolia next week - Reuters") == story_key("Putin to visit Mongolia next week")
    assert story_key("Putin to visit Mongolia next week | AP News") == story_key("Putin to visit Mongolia next week")
    assert story_key("Putin") == ""  # too short to tell stories apart


@pytest.fixture
def session(engine):
    migrate(engine)
    with Session(engine) as s:
        ensure_source(s, "wire", "feed", "https://example.org/feed")
        ensure_source(s, "other", "feed", "https://example.net/feed")
        s.commit()
        yield s


def test_the_same_link_is_stored_once(session):
    first = store_reports(session, [raw("https://news.example/a?utm_source=x")])
    again = store_reports(session, [raw("https://news.example/a#comments"), raw("https://news.example/a")])
    session.commit()
    assert (first.new, again.new, again.duplicates) == (1, 0, 2)


def test_the_same_item_id_from_the_same_source_is_stored_once(session):
    store_reports(session, [raw("https://news.example/a", raw_id="guid-1")])
    moved = store_reports(session, [raw("https://news.example/moved-a", raw_id="guid-1")])
    elsewhere = store_reports(session, [raw("https://other.example/b", raw_id="guid-1", source_id="other")])
    assert (moved.new, elsewhere.new) == (0, 1)


def test_the_same_text_on_the_same_site_is_stored_once(session):
    store_reports(session, [raw("https://news.example/a")])
    mirror = store_reports(session, [raw("https://news.example/amp/a")])
    assert mirror.duplicates == 1


def test_wire_copies_on_other_sites_share_one_story(session):
    store_reports(
        session,
        [
            raw("https://apnews.example/putin-mongolia", title="Putin to visit Mongolia next week, Kremlin says"),
            raw("https://paper-one.example/world/1", title="Putin to visit Mongolia next week, Kremlin says - Paper"),
            raw("https://paper-two.example/x", title="Different headline", summary="x"),
        ],
    )
    # same text, same title on a third site a day later; and the same headline ten days later is a new story
    store_reports(session, [raw("https://paper-three.example/y", published=WHEN + timedelta(days=1))])
    store_reports(session, [raw("https://paper-four.example/z", summary="new", published=WHEN + timedelta(days=10))])
    session.commit()
    rows = {r.host: r for r in session.exec(select(Report))}
    story = rows["apnews.example"].story_id
    assert story == rows["apnews.example"].id
    assert rows["paper-one.example"].story_id == story and rows["paper-three.example"].story_id == story
    assert rows["paper-two.example"].story_id != story and rows["paper-four.example"].story_id != story
    assert len({r.host for r in rows.values() if r.story_id == story}) == 3


def test_a_batch_with_duplicates_inside_it(session):
    items = [raw(f"https://news.example/{i % 3}", title=f"Item number {i % 3} of the batch today") for i in range(9)]
    stored = store_reports(session, items)
    assert (stored.new, stored.duplicates) == (3, 6)


def test_undated_unlinked_items_are_stored_once(session):
    item = raw("https://example.org/feed", has_link=False, raw_id="g-1", published=None)
    assert store_reports(session, [item]).new == 1
    assert store_reports(session, [replace(item, fetched=WHEN + timedelta(hours=1))]).new == 0
