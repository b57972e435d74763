"""The desk over HTTP on loopback: refused before sign-in, sessions in secure cookies, CSRF on every form,
a focal point sees and handles its own group's alerts only, failed sign-ins are limited."""

from __future__ import annotations

import json
import math
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import requests
from sqlmodel import Session, select

from tests.conftest import serving
from tests.pgserver import free_port
from tests.webapp import PASSWORD, Desk, csrf_of
from tracker.config import load_config
from tracker.models import Alert, AlertNote, AlertOutcome, DeskUser, Notice, Silence, TravelClaim
from tracker.storage import make_engine


def _alert(web_app, alert_id: int) -> tuple[Alert, list, list]:
    engine = make_engine(web_app.database)
    with Session(engine) as s:
        alert = s.get(Alert, alert_id)
        notes = s.exec(select(AlertNote).where(AlertNote.alert_id == alert_id)).all()
        outcomes = s.exec(select(AlertOutcome).where(AlertOutcome.alert_id == alert_id)).all()
    engine.dispose()
    return alert, notes, outcomes


def test_the_desk_refuses_everyone_before_sign_in(web_app):
    alert_id = web_app.new_alert()
    anonymous = Desk(web_app.base)
    for path in ("/desk", f"/desk/alerts/{alert_id}"):
        response = anonymous.get(path)
        assert response.status_code == 303 and response.headers["Location"] == "/login"
    refused = anonymous.post(f"/desk/alerts/{alert_id}/ack", {"csrf_token": "anything"})
    assert refused.status_code == 403
    forged = Desk(web_app.base)
    forged.cookies["tracker_session"] = "made-up-token"
    assert forged.get("/desk").status_code == 303
    assert _alert(web_app, alert_id)[0].acknowledged_at is None


def test_sign_in_sets_a_secure_session_cookie_and_sign_out_ends_it(web_app):
    desk = Desk(web_app.base)
    signed = desk.login("fp-asia")
    assert signed.status_code == 303 and signed.headers["Location"] == "/desk"
    cookie = signed.headers["Set-Cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    page = desk.get("/desk")
    assert page.status_code == 200 and "Signed in as fp-asia" in page.text
    token = desk.cookies["tracker_session"]
    assert desk.post("/logout", {"csrf_token": csrf_of(page.text)}).status_code == 303
    stale = Desk(web_app.base)
    stale.cookies["tracker_session"] = token
    assert stale.get("/desk").status_code == 303


def test_wrong_password_and_missing_login_csrf_are_refused(web_app):
    desk = Desk(web_app.base)
    wrong = desk.login("president", "not the password")
    assert wrong.status_code == 401 and 'value="president"' in wrong.text  # the name stays typed
    assert "not the password" not in wrong.text
    no_csrf = desk.post("/login", {"name": "president", "password": "a long desk passphrase", "csrf_token": "x"})
    assert no_csrf.status_code == 403 and "tracker_session" not in desk.cookies


def test_a_focal_point_handles_its_groups_alert_with_csrf_tokens(web_app):
    alert_id = web_app.new_alert("MN")  # Mongolia: Asia-Pacific
    desk = Desk(web_app.base)
    desk.login("fp-asia")
    page = desk.get(f"/desk/alerts/{alert_id}")
    assert page.status_code == 200 and "Mongolia" in page.text
    bad = desk.post(f"/desk/alerts/{alert_id}/ack", {"csrf_token": "wrong"})
    assert bad.status_code == 403 and _alert(web_app, alert_id)[0].acknowledged_at is None
    token = csrf_of(page.text)
    assert desk.post(f"/desk/alerts/{alert_id}/ack", {"csrf_token": token}).status_code == 303
    desk.post(f"/desk/alerts/{alert_id}/note", {"csrf_token": token, "text": "Called the embassy <b>today</b>."})
    desk.post(f"/desk/alerts/{alert_id}/outcome", {"csrf_token": token, "outcome": "travelled_no_arrest"})
    alert, notes, outcomes = _alert(web_app, alert_id)
    assert alert.acknowledged_by == "fp-asia" and alert.acknowledged_at is not None
    assert [n.text for n in notes] == ["Called the embassy <b>today</b>."]
    assert [o.outcome for o in outcomes] == ["travelled_no_arrest"]
    shown = desk.get(f"/desk/alerts/{alert_id}").text
    assert "&lt;b&gt;today&lt;/b&gt;" in shown and "travelled, no arrest" in shown
    refused = desk.post(f"/desk/alerts/{alert_id}/outcome", {"csrf_token": token, "outcome": "vanished"})
    assert refused.status_code == 200 and "unknown outcome" in refused.text


def test_open_alerts_come_soonest_trip_first_with_the_days_left_and_past_trips_leave_the_list(web_app):
    later, sooner = web_app.new_alert("MN", days=9), web_app.new_alert("MN", days=2)
    past = web_app.new_alert("MN", days=-40, status="over")
    desk = Desk(web_app.base)
    desk.login("president")
    page = desk.get("/desk").text
    open_part, closed_part = page.split("<h2>Closed")
    assert open_part.index(f"#{sooner}<") < open_part.index(f"#{later}<")
    assert "<th>Days left</th>" in open_part and "in 2 days" in open_part and "in 9 days" in open_part
    assert f"#{past}<" in closed_part and f"#{past}<" not in open_part and "over since" in closed_part


def test_a_focal_point_never_sees_another_groups_alert(web_app):
    alert_id = web_app.new_alert("MN")
    africa = Desk(web_app.base)
    africa.login("fp-africa")
    assert f'data-alert="{alert_id}"' not in africa.get("/desk").text
    assert africa.get(f"/desk/alerts/{alert_id}").status_code == 404
    token = csrf_of(africa.get("/desk").text)
    assert africa.post(f"/desk/alerts/{alert_id}/ack", {"csrf_token": token}).status_code == 404
    president = Desk(web_app.base)
    president.login("president")
    assert f'data-alert="{alert_id}"' in president.get("/desk").text


def test_only_password_hashes_are_stored(web_app):
    engine = make_engine(web_app.database)
    with Session(engine) as s:
        hashes = [u.password_hash for u in s.exec(select(DeskUser))]
    engine.dispose()
    assert hashes and all(h.startswith("scrypt$") and "passphrase" not in h for h in hashes)
    assert len(set(hashes)) == len(hashes)  # salted: the same password hashes differently


def test_failed_sign_ins_are_limited(web_app):
    """Its own server (a fresh limiter) on the same database, so the other tests' sign-ins stay allowed."""
    attempts = load_config(web_app.folder / "config.yaml").web.login_attempts
    with serving(web_app.env, free_port()) as base:
        desk = Desk(base)
        codes = [desk.login("president", f"guess {i}").status_code for i in range(attempts)]
        assert codes == [401] * attempts
        limited = desk.login("president")  # even the right password, now
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
        assert "tracker_session" not in desk.cookies


def test_concurrent_sign_ins_check_no_more_passwords_than_the_limit_and_forwarded_for_is_ignored(web_app):
    """50 wrong passwords at once, each claiming another address in X-Forwarded-For (the client is no
    trusted proxy): all count against 127.0.0.1 and are recorded before their check, so only
    `login_attempts` passwords are checked, plus the few the doubling delays (1, 2, 4 … s) let through while
    the requests are served. Were the header believed, all 50 would be checked."""
    attempts = load_config(web_app.folder / "config.yaml").web.login_attempts
    with serving(web_app.env, free_port()) as base:
        desks = [Desk(base) for _ in range(50)]
        forms = [{"name": f"someone {i}", "password": f"guess {i}", "csrf_token": csrf_of(d.get("/login").text)}
                 for i, d in enumerate(desks)]  # fmt: skip

        def post(i: int) -> int:
            answer = requests.post(base + "/login", data=forms[i], cookies=desks[i].cookies, timeout=60,
                                   headers={"X-Forwarded-For": f"127.0.1.{i}"}, allow_redirects=False)  # fmt: skip
            return answer.status_code

        began = time.monotonic()
        with ThreadPoolExecutor(50) as pool:
            codes = list(pool.map(post, range(50)))
        let_through = math.ceil(math.log2(time.monotonic() - began + 1)) + 1  # delays of 1, 2, 4 … s in that time
        assert codes.count(401) <= attempts + let_through and codes.count(401) + codes.count(429) == 50, codes


def test_a_flooded_name_is_delayed_not_locked_out(web_app):
    """Failures on the President's name slow the next attempt by seconds, growing; the right password gets
    in once the delay has passed (no 15-minute lockout)."""
    attempts = load_config(web_app.folder / "config.yaml").web.login_attempts
    with serving(web_app.env, free_port()) as base:
        desk = Desk(base)
        assert [desk.login("president", f"guess {i}").status_code for i in range(attempts)] == [401] * attempts
        delayed = desk.login("president")
        assert delayed.status_code == 429 and 1 <= int(delayed.headers["Retry-After"]) <= 2
        time.sleep(int(delayed.headers["Retry-After"]))
        assert desk.login("president").status_code == 303


def test_the_desk_shows_each_sources_url_and_error(web_app):
    desk = Desk(web_app.base)
    desk.login("fp-asia")
    sources = desk.get("/desk/sources").json()
    assert {"id", "url", "last_error", "consecutive_failures"} <= set(sources[0])
    assert any(s["url"].startswith("https://") for s in sources)


def test_users_add_refuses_mistakes_in_one_line(web_app):
    from tests.conftest import run_tracker

    cases = [
        (["users", "add", "x", "--role", "focal_point", "--group", "Asia-Pacific"], "short\n", "at least 12"),
        (["users", "add", "x", "--role", "focal_point"], "a long enough password\n", "--group"),
        (["users", "add", "x", "--role", "chief"], "a long enough password\n", "--role"),
        (["users", "add", "fp-asia", "--role", "president"], "a long enough password\n", "exists already"),
        (["users", "add", "x", "--role", "president"], "", "no password"),
    ]
    for args, stdin, says in cases:
        result = run_tracker(*args, env=web_app.env, stdin=stdin)
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr, result.stderr
    listed = run_tracker("users", env=web_app.env)
    assert "fp-asia" in listed.stdout and "scrypt" not in listed.stdout


def test_silence_and_the_bureau_notice_from_the_desk(web_app):
    alert_id = web_app.new_alert("MN")
    desk = Desk(web_app.base)
    desk.login("president")
    token = csrf_of(desk.get(f"/desk/alerts/{alert_id}").text)
    form = {"csrf_token": token, "scope": "episode", "hours": "48", "reason": "talks under way <i>quietly</i>"}
    assert desk.post(f"/desk/alerts/{alert_id}/silence", form).status_code == 303
    page = desk.get(f"/desk/alerts/{alert_id}").text
    assert "Messages held" in page and "talks under way &lt;i&gt;quietly&lt;/i&gt;" in page
    engine = make_engine(web_app.database)
    with Session(engine) as s:
        alert = s.get(Alert, alert_id)
        held = s.exec(select(Silence).where(Silence.episode_id == alert.episode_id)).one()
        assert held.created_by == "president" and held.expired_at is None
    assert desk.post(f"/desk/alerts/{alert_id}/unsilence", {"csrf_token": token}).status_code == 303
    assert desk.post(f"/desk/alerts/{alert_id}/silence", {**form, "scope": "planet"}).status_code == 200
    assert desk.post(f"/desk/alerts/{alert_id}/silence", {**form, "hours": "0"}).status_code == 422
    focal = Desk(web_app.base)
    focal.login("fp-asia")
    focal_form = {**form, "csrf_token": csrf_of(focal.get(f"/desk/alerts/{alert_id}").text)}
    everywhere = focal.post(f"/desk/alerts/{alert_id}/silence", {**focal_form, "scope": "person"})
    assert everywhere.status_code == 200 and "only the President&#39;s team silences a person" in everywhere.text
    assert desk.post(f"/desk/alerts/{alert_id}/silence", form).status_code == 303
    ended = focal.post(f"/desk/alerts/{alert_id}/unsilence", focal_form)
    assert ended.status_code == 200 and "only the President&#39;s team ends it" in ended.text
    assert desk.post(f"/desk/alerts/{alert_id}/unsilence", {"csrf_token": token}).status_code == 303
    assert focal.post(f"/desk/alerts/{alert_id}/silence", {**focal_form, "scope": "state"}).status_code == 303
    assert focal.post(f"/desk/alerts/{alert_id}/unsilence", focal_form).status_code == 303
    focal_confirms = {"csrf_token": csrf_of(focal.get("/desk").text), "confirm": "yes"}
    refused = focal.post(f"/desk/alerts/{alert_id}/notify-bureau", focal_confirms)
    assert refused.status_code == 200 and "the President notifies the Bureau" in refused.text
    unconfirmed = desk.post(f"/desk/alerts/{alert_id}/notify-bureau", {"csrf_token": token})
    assert unconfirmed.status_code == 200 and "tick the box to confirm" in unconfirmed.text
    confirmed = {"csrf_token": token, "confirm": "yes"}
    assert desk.post(f"/desk/alerts/{alert_id}/notify-bureau", confirmed).status_code == 303
    again = desk.post(f"/desk/alerts/{alert_id}/notify-bureau", confirmed)
    assert again.status_code == 200 and "already notified" in again.text
    with Session(engine) as s:
        assert s.get(Silence, held.id).expired_at is not None
        notices = s.exec(select(Notice).where(Notice.alert_id == alert_id, Notice.reason == "bureau")).all()
        assert len(notices) == 1 and notices[0].requested_by == "president"
    engine.dispose()
    assert "The Bureau has been notified" in desk.get(f"/desk/alerts/{alert_id}").text


def _ingested_alert(web_app) -> int:
    """The alert raised by ingesting the archived reports: the one with claims, evidence and sources."""
    engine = make_engine(web_app.database)
    with Session(engine) as s:
        alert_id = s.exec(select(Alert.id).join(TravelClaim, TravelClaim.episode_id == Alert.episode_id)).first()
    engine.dispose()
    return alert_id


def test_the_alert_page_shows_what_the_email_says(web_app):
    """The law in one line, the evidence sentences and the linked sources, as the email has them."""
    alert_id = _ingested_alert(web_app)
    desk = Desk(web_app.base)
    desk.login("president")
    page = desk.get(f"/desk/alerts/{alert_id}").text
    assert "Obligation of Mongolia on 2024-09-0" in page and "binding (Art. 86" in page
    evidence = page.split('<ul class="evidence">')[1].split("</ul>")[0]
    assert evidence.count("<q>") >= 1 and "Putin" in evidence
    sources = page.split('<ul class="sources">')[1].split("</ul>")[0]
    assert sources.count('<a href="https://') >= 2 and "<strong>" in sources  # the outlet beside each link
    assert '<link rel="stylesheet" href="/static/desk.css">' in page
    assert desk.get("/static/desk.css").status_code == 200


def test_the_outcome_has_no_default_and_an_empty_choice_records_nothing(web_app):
    alert_id = web_app.new_alert("MN")
    desk = Desk(web_app.base)
    desk.login("president")
    page = desk.get(f"/desk/alerts/{alert_id}").text
    assert '<select name="outcome" id="outcome" required><option value="" selected>' in page
    assert 'value="arrested" selected' not in page
    answer = desk.post(f"/desk/alerts/{alert_id}/outcome", {"csrf_token": csrf_of(page), "outcome": ""})
    assert answer.status_code == 200 and "choose what became of the trip" in answer.text
    assert _alert(web_app, alert_id)[2] == []


def test_users_remove_and_reset_password_end_the_users_sessions(web_app):
    from tests.conftest import run_tracker

    added = run_tracker("users", "add", "fp-temp", "--role", "focal_point", "--group", "African",
                        env=web_app.env, stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    desk = Desk(web_app.base)
    assert desk.login("fp-temp").status_code == 303 and desk.get("/desk").status_code == 200
    new = "a brand new desk passphrase"
    reset = run_tracker("users", "reset-password", "fp-temp", env=web_app.env, stdin=new + "\n")
    assert reset.returncode == 0 and "1 open session(s) ended" in reset.stdout, reset.stderr
    assert desk.get("/desk").status_code == 303  # signed out
    assert Desk(web_app.base).login("fp-temp").status_code == 401  # the old password no longer works
    again = Desk(web_app.base)
    assert again.login("fp-temp", new).status_code == 303
    listed = json.loads(run_tracker("users", "--json", env=web_app.env).stdout)
    assert {"name": "fp-temp", "role": "focal_point", "group": "African"}.items() <= next(
        u for u in listed if u["name"] == "fp-temp"
    ).items()
    assert all(set(u) == {"name", "role", "group", "added"} for u in listed)
    removed = run_tracker("users", "remove", "fp-temp", env=web_app.env)
    assert removed.returncode == 0 and "removed; 1 open session(s) ended" in removed.stdout, removed.stderr
    assert again.get("/desk").status_code == 303 and Desk(web_app.base).login("fp-temp", new).status_code == 401
    assert "fp-temp" not in run_tracker("users", env=web_app.env).stdout


def test_users_remove_and_reset_password_refuse_mistakes_in_one_line(web_app):
    from tests.conftest import run_tracker

    cases = [
        (["users", "remove", "nobody"], "", "no desk user named 'nobody'"),
        (["users", "reset-password", "nobody"], "a long enough password\n", "no desk user named 'nobody'"),
        (["users", "reset-password", "fp-asia"], "short\n", "at least 12"),
        (["users", "reset-password", "fp-asia"], "", "no password"),
    ]
    for args, stdin, says in cases:
        result = run_tracker(*args, env=web_app.env, stdin=stdin)
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert Desk(web_app.base).login("fp-asia").status_code == 303  # its password unchanged


def test_reports_nobody_has_read_wait_on_the_desk_for_their_group(web_app, tmp_path):
    """A report in a language tracker has no words for (Somali), naming Putin and Mongolia: no alert, but the
    desk lists it for a reader, the President's team and the Asia-Pacific focal point, not the African one."""
    from email.utils import format_datetime

    from tests.conftest import run_tracker

    title = "Madaxweyne Vladimir Putin ayaa booqasho ku tagaya Mongolia"
    feed = tmp_path / "somali.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>wararka</title>'
        "<language>so</language><item>"
        f"<title>{title}</title><link>https://wararka.example/putin</link>"
        f"<pubDate>{format_datetime(datetime.now(UTC))}</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    assert run_tracker("ingest", str(feed), env=web_app.env).returncode == 0
    for name, sees in (("president", True), ("fp-asia", True), ("fp-africa", False)):
        desk = Desk(web_app.base)
        desk.login(name)
        page = desk.get("/desk/unread")
        assert page.status_code == 200 and (title in page.text) is sees, name
        assert ('href="https://wararka.example/putin"' in page.text) is sees
    assert Desk(web_app.base).get("/desk/unread").status_code in (303, 401)  # signed in only
