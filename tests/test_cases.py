"""The formal procedure end to end on loopback: a recorded Court feed → a proposed change → confirmed → a case
file with its deadlines → reminder emails at a real SMTP server, once each, on SQLite and PostgreSQL; the
same through `tracker cases` and the desk (sign-in, CSRF, the deadlines' calendar)."""

from __future__ import annotations

import email
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from email import policy
from pathlib import Path

import pytest
import time_machine
import yaml
from icalendar import Calendar
from sqlmodel import Session, select

from alerts.case_reminders import remind_cases
from alerts.claims import SENDER
from alerts.outbox import deliver
from tests.conftest import ROOT, run_tracker
from tests.feedserver import send
from tests.mailserver import Inbox
from tests.pgserver import free_port
from tests.test_alerts import alert_once, store
from tests.test_collecting import fetcher, setup_sources  # noqa: F401  (the fetcher fixture)
from tests.test_outbox_once import SENDER as KILLABLE_SENDER
from tests.test_outbox_once import SlowInbox, _config_file
from tests.webapp import Desk, csrf_of
from tracker.cases import NOT_NEEDED, mark_done, settle, steps_of
from tracker.collecting import ensure_source, poll
from tracker.config import parse_config
from tracker.errors import UsageError
from tracker.models import Alert, CaseFile, CaseReminder, CourtProposal, Delivery, Report
from tracker.proposals import propose
from tracker.refdata import prepare
from tracker.storage import make_engine, session_scope

COURT_RSS = (Path(__file__).parent / "data" / "court" / "court-news.rss").read_bytes()
NEXT_SESSION = date(2024, 12, 2)


def config_with(tmp_path, smtp_url: str | None = None, sources: list | None = None):
    """The shipped config with data in tmp_path, the Assembly's next session set, loopback sources allowed."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text())
    data.update(data_dir=str(tmp_path / "var"), sources=sources or [], cases={"next_session": str(NEXT_SESSION)})
    data["alerts"]["group_wait_seconds"] = 0
    data["fetch"].update(host_gap_seconds=0, allowed_hosts=["127.0.0.1"])
    data["mail"].update(smtp_url=smtp_url, timeout_seconds=5)
    return data, parse_config(json.dumps(data), base_dir=tmp_path)


def case_mail(inbox: Inbox) -> list[str]:
    return sorted(f"{m['To']} | {m['Subject']}" for m in inbox.messages if m["Subject"].startswith("Case "))


def at(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(tzinfo=UTC), tick=True)


def test_court_feed_to_case_to_reminders_at_a_real_smtp_server(engine, server, fetcher, tmp_path):  # noqa: F811
    prepare(engine)
    port = free_port()
    _, config = config_with(tmp_path, f"smtp://127.0.0.1:{port}")
    url = server.route("/news.rss", send(COURT_RSS))
    with Inbox(port) as inbox:
        with at("2024-08-29T12:00"):  # tracker alerts on the announced trip to Mongolia
            store(engine)
            assert alert_once(engine, config) == 1
            deliver(engine, config)
        with at("2024-10-25T08:00"):  # the Court's finding of the day before comes in
            source = setup_sources(engine, [{"id": "icc", "kind": "court", "url": url}])["icc"]
            assert poll(engine, source, fetcher).ok
            with Session(engine) as s:
                finding = s.exec(select(CourtProposal).where(CourtProposal.state == "MN")).one()
                assert (finding.act, finding.person_id, finding.status) == ("non_compliance", "putin", "proposed")
                assert s.exec(select(CaseFile)).all() == []  # nothing happens before a person confirms
            with session_scope(engine) as s:
                case_id = settle(s, finding.id, "A. President", True, config).id
            with Session(engine) as s:
                case = s.get(CaseFile, case_id)
                [alert] = s.exec(select(Alert)).all()
                assert case.alert_id == alert.id and case.finding_date == date(2024, 10, 24)
                steps = {st.step: st for st in steps_of(s, case_id)}
            assert list(steps) == ["forward", "press_release", "emergency_bureau", "open_letter", "bureau_meeting",
                                   "working_group", "report"]  # fmt: skip
            assert steps["forward"].due == date(2024, 10, 25)  # without delay
            assert steps["bureau_meeting"].due is None  # two weeks after a letter not yet sent
            assert steps["report"].due == NEXT_SESSION
            assert steps["working_group"].done_by == NOT_NEEDED  # the session is within three months
            deliver(engine, config)
            deliver(engine, config)  # a second run sends nothing again
            first = case_mail(inbox)
            assert len(first) == 2 and all("Forward the Court's decision to all States Parties is due on 2024-10-25"
                                           in m and "Case 1 (Mongolia, Vladimir Vladimirovich Putin)" in m
                                           for m in first)  # fmt: skip
            assert {m.split(" | ")[0] for m in first} == {
                "Office of the President of the Assembly of States Parties <asp-president@example.org>",
                '"Focal point, Asia-Pacific States" <focal-asia-pacific@example.org>',
            }
            with session_scope(engine) as s:
                mark_done(s, case_id, "forward", "Secretariat", date(2024, 10, 25))
                mark_done(s, case_id, "open_letter", "A. President", date(2024, 10, 28))
        with at("2024-11-10T08:00"):
            deliver(engine, config)
            assert len(case_mail(inbox)) == 4
            assert sum("Bureau meeting with the State is due on 2024-11-11" in m for m in case_mail(inbox)) == 2
        with at("2024-11-12T08:00"):
            deliver(engine, config)
            deliver(engine, config)
            late = [m for m in case_mail(inbox) if "Bureau meeting with the State was due on 2024-11-11" in m]
            assert len(late) == 2 and len(case_mail(inbox)) == 6
        assert len(inbox.messages) == len({m["Message-ID"] + m["To"] for m in inbox.messages})  # no message twice


def test_a_sender_killed_after_handing_over_a_reminder_does_not_send_it_again(engine, tmp_path):
    prepare(engine)
    port = free_port()
    _, config = config_with(tmp_path, f"smtp://127.0.0.1:{port}")
    with Session(engine) as s:
        ensure_source(s, "icc", "court", "https://court.example/rss")
        s.commit()
    case_id = _confirmed_case(engine, config)
    dead = subprocess.Popen(["true"])
    dead.wait()
    with Inbox(port) as inbox:
        deliver(engine, config, dry_run=True)  # counts only
        # forwarding is due today (the case opened today); the Bureau's report was due at the 2024 session
        assert remind_cases(engine, config) == 2 and remind_cases(engine, config) == 0
        with session_scope(engine) as s:  # the first delivery: its sender died after the final dot
            delivery = s.exec(select(Delivery).order_by(Delivery.id)).first()
            delivery.status, delivery.claimed_by = "sending", f"{SENDER.split(':')[0]}:{dead.pid}:0"
            delivery.claimed_at = delivery.handed_over_at = datetime.now(UTC)
            s.add(delivery)
            handed_over = (delivery.recipient, delivery.case_reminder_id)
        deliver(engine, config)
        deliver(engine, config)
        with Session(engine) as s:
            statuses = [d.status for d in s.exec(select(Delivery).where(Delivery.case_reminder_id.is_not(None)))]
    assert statuses == ["sent"] * 4 and len(case_mail(inbox)) == 3  # the handed-over one is not sent again
    with Session(engine) as s:
        message_id = s.get(CaseReminder, handed_over[1]).message_id
    assert not [m for m in inbox.messages if m["Message-ID"] == message_id and m["To"] == handed_over[0]]
    assert all(f"Case {case_id} " in m for m in case_mail(inbox))


def test_a_sender_killed_by_sigkill_mid_exchange_sends_no_reminder_twice(engine, db_url, tmp_path):
    """The reminders go through the outbox: a sender killed while the server holds its answer to a reminder it
    took is counted as having sent it; the restart sends the rest, each once."""
    prepare(engine)
    port = free_port()
    _, config = config_with(tmp_path, f"smtp://127.0.0.1:{port}")
    _confirmed_case(engine, config)
    assert remind_cases(engine, config) == 2  # forwarding due today, the report overdue: two recipients each
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")},
           **_config_file(tmp_path, port, db_url)}  # fmt: skip
    with SlowInbox(port, hold_after_data=30) as inbox:
        process = subprocess.Popen([sys.executable, "-c", KILLABLE_SENDER], env=env, cwd=tmp_path)
        assert inbox.taken.wait(60) and process.poll() is None
        time.sleep(0.3)  # inside the exchange: the server has the message and holds its answer
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        inbox.hold_after_data = 0
        assert len(inbox.messages) == 1
        deliver(engine, config)
    assert len(case_mail(inbox)) == 4 and len({(m["Message-ID"], m["To"]) for m in inbox.messages}) == 4
    with Session(engine) as s:
        assert {d.status for d in s.exec(select(Delivery))} == {"sent"}


def _confirmed_case(engine, config, title: str | None = None, link: str = "https://court.example/n/1") -> int:
    """A stored Court output announcing Mongolia's non-compliance, proposed and confirmed: its case id."""
    title = title or ("Pre-Trial Chamber II finds that Mongolia failed to comply with the request to arrest and "
                      "surrender Vladimir Putin and refers the matter to the Assembly of States Parties")  # fmt: skip
    with session_scope(engine) as s:
        ensure_source(s, "icc", "court", "https://court.example/rss")
        report = Report(source_id="icc", url=link, canonical_url=link, title=title,
                        published_at=datetime(2024, 10, 24, 14, tzinfo=UTC), content_hash="c1")  # fmt: skip
        s.add(report)
        s.flush()
        [proposal] = propose(s, report)
        return settle(s, proposal.id, "A. President", True, config).id


def test_steps_refuse_what_the_procedure_does_not_allow(engine, tmp_path):
    prepare(engine)
    _, config = config_with(tmp_path)
    case_id = _confirmed_case(engine, config)
    with session_scope(engine) as s:
        for args, message in [
            ((case_id, "nonsense", "X"), "no step 'nonsense'; the steps are: forward, press_release"),
            ((case_id + 1, "forward", "X"), f"there is no case {case_id + 1}"),
            ((case_id, "forward", " "), "say who did it"),
            ((case_id, "forward", "X", date(2024, 10, 25), "", date(2024, 11, 1)), "with the open letter only"),
            ((case_id, "open_letter", "X", date(2024, 10, 28), "", date(2024, 11, 12)), "at most two weeks"),
        ]:
            with pytest.raises(UsageError, match=message):
                mark_done(s, *args)
        mark_done(s, case_id, "open_letter", "X", date(2024, 10, 28), "sent by courier", date(2024, 11, 4))
        with pytest.raises(UsageError, match="already done on 2024-10-28 by X"):
            mark_done(s, case_id, "open_letter", "Y")
        meeting = {st.step: st for st in steps_of(s, case_id)}["bureau_meeting"]
        assert meeting.due == date(2024, 11, 4)  # the State's shorter time limit
    with session_scope(engine) as s, pytest.raises(UsageError, match=r"already confirmed by A\. President"):
        settle(s, s.exec(select(CourtProposal)).first().id, "B", False, config)


def test_the_same_finding_told_twice_opens_one_case(engine, tmp_path):
    prepare(engine)
    _, config = config_with(tmp_path)
    press_release = _confirmed_case(engine, config)
    decision = _confirmed_case(engine, config, "Decision on the non-compliance by Mongolia with the request to arrest "
                               "and surrender Vladimir Putin and referral to the Assembly of States Parties",
                               "https://court.example/doc/1")  # fmt: skip
    assert press_release == decision
    with Session(engine) as s:
        assert len(s.exec(select(CaseFile)).all()) == 1 and len(s.exec(select(CourtProposal)).all()) == 2


def test_a_finding_without_a_referral_to_the_assembly_opens_no_case(engine, tmp_path):
    prepare(engine)
    _, config = config_with(tmp_path)
    with session_scope(engine) as s:
        ensure_source(s, "icc", "court", "https://court.example/rss")
        report = Report(source_id="icc", url="https://court.example/n/2", canonical_url="https://court.example/n/2",
                        title="South Africa failed to comply with the request to arrest Omar Al Bashir; no referral",
                        published_at=datetime(2017, 7, 6, tzinfo=UTC), content_hash="c2")  # fmt: skip
        s.add(report)
        s.flush()
        [proposal] = propose(s, report)
        assert settle(s, proposal.id, "A. President", True, config) is None
        assert s.exec(select(CaseFile)).all() == []


def test_tracker_cases_mirrors_the_desk_with_plain_errors(tmp_path, server):
    url = server.route("/news.rss", send(COURT_RSS))
    data, _ = config_with(tmp_path, sources=[{"id": "icc", "kind": "court", "url": url}])
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(data))
    env = {"TRACKER_CONFIG": str(tmp_path / "config.yaml")}
    assert run_tracker("run", "--once", env=env).returncode == 0
    listed = json.loads(run_tracker("cases", "proposals", "--json", env=env).stdout)
    finding = next(p for p in listed if p["state"] == "MN")
    confirmed = run_tracker("cases", "confirm", str(finding["id"]), "--by", "A. President", env=env)
    assert confirmed.returncode == 0 and "case 1 opened" in confirmed.stdout
    again = run_tracker("cases", "reject", str(finding["id"]), "--by", "B", env=env)
    assert again.returncode == 2 and again.stderr.strip().splitlines() == [
        f"error: proposal {finding['id']} was already confirmed by A. President"
    ]
    shown = json.loads(run_tracker("cases", "show", "1", "--json", env=env).stdout)
    assert shown["state"] == "MN" and shown["steps"][0]["due"] == date.today().isoformat()
    too_late = run_tracker("cases", "done", "1", "open_letter", "--by", "P", "--on", "2024-10-28", "--reply-by",
                           "2024-11-20", env=env)  # fmt: skip
    assert too_late.returncode == 2 and "at most two weeks after the letter" in too_late.stderr
    assert "Traceback" not in too_late.stderr and len(too_late.stderr.strip().splitlines()) == 1
    assert run_tracker("cases", "done", "1", "open_letter", "--by", "P", "--on", "2024-10-28", env=env).returncode == 0
    unknown = run_tracker("cases", "show", "7", env=env)
    assert (
        unknown.returncode == 2
        and unknown.stderr.strip() == "error: there is no case 7 (`tracker cases list` shows them)"
    )
    listing = run_tracker("cases", "list", env=env).stdout
    assert "MN" in listing and "(overdue)" in listing  # the Bureau's meeting with the State, due 2024-11-11
    assert run_tracker("run", "--once", env=env).returncode == 0  # the reminders go to the local Maildir
    folder = tmp_path / "var" / "mail" / "new"
    mail = [str(email.message_from_bytes(p.read_bytes(), policy=policy.default)["Subject"]) for p in folder.iterdir()]
    assert any("Bureau meeting with the State was due on 2024-11-11" in m for m in mail)
    assert any("Forward the Court's decision to all States Parties is due on" in m for m in mail)


def test_the_desk_confirms_a_finding_and_keeps_its_case_behind_sign_in(web_app):
    engine = make_engine(web_app.database)
    config = parse_config((web_app.folder / "config.yaml").read_text(), base_dir=web_app.folder)
    assert config.cases.next_session is None  # so the Bureau's report has no date yet
    with session_scope(engine) as s:
        ensure_source(s, "icc", "court", "https://court.example/rss")
        report = Report(source_id="icc", url="https://court.example/n/desk", canonical_url="https://court.example/n/d",
                        title="Pre-Trial Chamber II finds that Mongolia failed to comply with the request to arrest "
                              "and surrender Vladimir Putin and refers the matter to the Assembly of States Parties",
                        published_at=datetime(2024, 10, 24, 14, tzinfo=UTC), content_hash="desk")  # fmt: skip
        s.add(report)
        s.flush()
        [proposal] = propose(s, report)
        proposal_id = proposal.id
        trip_alert = s.exec(select(Alert).order_by(Alert.id)).first().id  # the archive's alert on the visit
    anonymous = Desk(web_app.base)
    for path in ("/desk/proposals", "/desk/cases", "/desk/cases.ics"):
        assert anonymous.get(path).headers["Location"] == "/login"
    assert anonymous.post(f"/desk/proposals/{proposal_id}/confirm", {"csrf_token": "x"}).status_code == 403
    desk = Desk(web_app.base)
    desk.login("president")
    page = desk.get("/desk/proposals")
    assert f'data-proposal="{proposal_id}"' in page.text and "finding of non-compliance" in page.text
    assert desk.post(f"/desk/proposals/{proposal_id}/confirm", {"csrf_token": "wrong"}).status_code == 403
    confirmed = desk.post(f"/desk/proposals/{proposal_id}/confirm", {"csrf_token": csrf_of(page.text)})
    assert confirmed.status_code == 303 and confirmed.headers["Location"].startswith("/desk/cases/")
    case_path = confirmed.headers["Location"]
    case_page = desk.get(case_path)
    assert f'href="/desk/alerts/{trip_alert}"' in case_page.text and 'data-step="open_letter"' in case_page.text
    token = csrf_of(case_page.text)
    refused = desk.post(case_path + "/steps/open_letter/done", {"csrf_token": token, "on": "2024-10-28",
                                                                "reply_by": "2024-12-01"})  # fmt: skip
    assert refused.status_code == 200 and "at most two weeks after the letter" in refused.text
    assert desk.post(case_path + "/steps/forward/done", {"csrf_token": token, "note": "sent to all"}).status_code == 303
    letter = {"csrf_token": token, "on": "2024-10-28", "reply_by": "2024-11-08"}
    assert desk.post(case_path + "/steps/open_letter/done", letter).status_code == 303
    assert "sent to all" in desk.get(case_path).text
    calendar = Calendar.from_ical(desk.get("/desk/cases.ics").content)
    case_id = case_path.rsplit("/", 1)[1]
    ours = [e for e in calendar.walk("VEVENT") if f"case {case_id})" in e["summary"]]
    events = {str(e["summary"]): e.decoded("dtstart") for e in ours}
    assert events == {
        f"Bureau meeting with the State (Mongolia, Vladimir Vladimirovich Putin; case {case_id})": date(2024, 11, 8)
    }  # the forwarded decision is done; the report has no date
    africa = Desk(web_app.base)
    africa.login("fp-africa")
    assert africa.get(case_path).status_code == 404  # Mongolia is not in the African group
    assert 'data-case="' not in africa.get("/desk/cases").text
    engine.dispose()
