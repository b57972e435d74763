"""The court collector: the Court's press-release RSS and the Legal Tools JSON API, served on loopback from
recorded files, read into reports and proposed reference changes (never applied), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from sources import court
from sources.court import parse_legal_tools, recognise
from sources.feeds import FeedError
from tests.feedserver import send
from tests.test_collecting import fetcher, setup_sources  # noqa: F401  (the fetcher fixture)
from tracker.collecting import poll
from tracker.config import parse_config
from tracker.models import CourtProposal, Report
from tracker.refdata import prepare

DATA = Path(__file__).parent / "data" / "court"
NOW = datetime(2025, 8, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "acts", "bodies"),
    [
        ("Pre-Trial Chamber II finds that Mongolia failed to comply with the request to arrest and surrender "
         "Vladimir Putin and refers the matter to the Assembly of States Parties", [court.NON_COMPLIANCE], ("ASP",)),
        ("Pre-Trial Chamber I informs the Security Council and the Assembly of States Parties about Omar Al "
         "Bashir's visits to Kenya and Chad", [court.REFERRAL], ("ASP", "UNSC")),
        ("Decision under article 87(7) on the failure to arrest; no referral", [court.NON_COMPLIANCE], ()),
        ("Judges issue warrants of arrest for two commanders", [court.WARRANT_ISSUED], ()),
        ("Pre-Trial Chamber I unseals the warrant of arrest against a suspect", [court.WARRANT_UNSEALED], ()),
        ("The suspect was arrested in Manila and surrendered to the ICC", [court.ARREST, court.SURRENDER], ()),
        ("Proceedings terminated following his death; warrant withdrawn", [court.DEATH, court.WARRANT_WITHDRAWN], ()),
        ("The Registrar ends a visit to Bangladesh", [], ()),
        ("The President of the Court meets the President of the Assembly of States Parties", [], ()),
    ],
)  # fmt: skip
def test_recognise_names_the_acts_and_to_whom_a_finding_goes(text, acts, bodies):
    found = recognise(text)
    assert [a.act for a in found] == acts
    assert all(a.referred_to == bodies for a in found if a.act in (court.NON_COMPLIANCE, court.REFERRAL))


def test_a_failure_to_arrest_is_no_arrest():
    found = recognise("Chad failed to arrest Omar Al Bashir, who was not arrested")
    assert [a.act for a in found] == [court.NON_COMPLIANCE]


def test_legal_tools_records_become_reports_and_the_rest_is_skipped():
    body = (DATA / "legal-tools-docs.json").read_bytes()
    reports = parse_legal_tools(body, source_id="ltd", url="http://127.0.0.1:9/api/ltdDocs?filter=x", fetched=NOW)
    assert [r.url for r in reports] == ["http://127.0.0.1:9/doc/0a1b2c/", "http://127.0.0.1:9/doc/3d4e5f/"]
    first = reports[0]
    assert first.raw_id == "ICC-01/18-0000" and first.published == datetime(2025, 7, 24, tzinfo=UTC)
    assert "Decision" in first.summary and first.title.startswith("Decision on the non-compliance by Hungary")
    wrapped = json.dumps({"data": json.loads(body)}).encode()
    assert [r.url for r in parse_legal_tools(wrapped, source_id="ltd", url="http://h/x", fetched=NOW)] == [
        "http://h/doc/0a1b2c/", "http://h/doc/3d4e5f/",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"<html>maintenance</html>", "did not answer with JSON"), (b'{"count": 3}', "without a list of documents")],
)
def test_a_legal_tools_answer_without_documents_is_a_clear_feed_error(body, message):
    with pytest.raises(FeedError, match=message):
        parse_legal_tools(body, source_id="ltd", url="http://h/x", fetched=NOW)


def test_config_accepts_a_court_source():
    config = parse_config(json.dumps({"sources": [{"id": "icc", "kind": "court", "url": "https://court.example/rss"}]}))
    assert config.sources[0].kind == "court"


def _proposals(engine) -> list[tuple]:
    with Session(engine) as s:
        rows = s.exec(select(CourtProposal).order_by(CourtProposal.id)).all()
        return [(p.act, p.person_id, p.state, p.decided_on, p.referred_to, p.status) for p in rows]


def test_polling_the_court_proposes_each_act_once_and_applies_nothing(engine, server, fetcher):  # noqa: F811
    prepare(engine)
    rss = server.route("/news.rss", send((DATA / "court-news.rss").read_bytes(), "application/rss+xml"))
    api = server.route("/api/ltdDocs", send((DATA / "legal-tools-docs.json").read_bytes(), "application/json"))
    sources = setup_sources(engine, [{"id": "icc-news", "kind": "court", "url": rss},
                                     {"id": "legal-tools", "kind": "court", "url": api}])  # fmt: skip
    assert poll(engine, sources["icc-news"], fetcher, now=NOW).ok
    assert poll(engine, sources["legal-tools"], fetcher, now=NOW).ok
    proposed = _proposals(engine)
    assert proposed == [
        (court.NON_COMPLIANCE, "putin", "MN", date(2024, 10, 24), "ASP", "proposed"),
        (court.WARRANT_UNSEALED, "elmasry-njeem", "", date(2024, 10, 25), "", "proposed"),
        (court.SURRENDER, "duterte", "", date(2025, 3, 12), "", "proposed"),
        (court.NON_COMPLIANCE, "netanyahu", "HU", date(2025, 7, 24), "ASP", "proposed"),
    ]
    with Session(engine) as s:
        finding = s.exec(select(CourtProposal).where(CourtProposal.state == "HU")).one()
        assert finding.change["file"] == "findings.csv"
        assert finding.change["add"] | {"as_of": None} == {
            "state": "HU", "person": "netanyahu", "visit": "", "decision_date": "2025-07-24",
            "document": "ICC-01/18-0000", "chamber": "", "referred_to": "ASP",
            "source_url": api.rsplit("/", 2)[0] + "/doc/0a1b2c/", "as_of": None, "verified": "partial",
        }  # fmt: skip
        surrender = s.exec(select(CourtProposal).where(CourtProposal.act == court.SURRENDER)).one()
        assert surrender.change["file"] == "people.csv" and surrender.change["key"] == "duterte"
        assert surrender.change["set"]["surrendered"] == "2025-03-12"
        assert s.exec(select(Report).where(Report.source_id == "legal-tools")).all()  # stored first, as any report
    # the same outputs again: nothing new is proposed
    assert poll(engine, sources["icc-news"], fetcher, force=True, now=NOW).ok
    assert len(_proposals(engine)) == 4
