"""Nothing internal in any public answer: after the desk has acknowledged, noted and closed an alert, every
public page (followed link by link from the map), every API route in the OpenAPI description and every
feed is read, and none holds a recipient, a delivery, an acknowledgement, a note, an outcome, a user, a
password hash, a session or a CSRF token."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import requests
from sqlmodel import Session, select

from geo.reference import default_reference
from tests.webapp import Desk, csrf_of
from tracker.config import load_config
from tracker.models import DeskSession, DeskUser, Notice, Silence
from tracker.storage import make_engine

NOTE = "INTERNAL-NOTE-7f3a: the ambassador said yes"
SILENCE = "INTERNAL-SILENCE-91c2: quiet talks"
LINK = re.compile(r'(?:href|src)="([^"#]+)"')


def _internal_markers(web_app) -> list[str]:
    """Acknowledge, note and close an alert at the desk; return every internal string now stored."""
    alert_id = web_app.new_alert("MN")
    desk = Desk(web_app.base)
    desk.login("fp-asia")
    token = csrf_of(desk.get(f"/desk/alerts/{alert_id}").text)
    desk.post(f"/desk/alerts/{alert_id}/ack", {"csrf_token": token})
    desk.post(f"/desk/alerts/{alert_id}/note", {"csrf_token": token, "text": NOTE})
    desk.post(f"/desk/alerts/{alert_id}/outcome", {"csrf_token": token, "outcome": "false_report"})
    desk.post(
        f"/desk/alerts/{alert_id}/silence", {"csrf_token": token, "scope": "state", "reason": SILENCE, "hours": "9"}
    )
    president = Desk(web_app.base)
    president.login("president")
    confirmed = {"csrf_token": csrf_of(president.get("/desk").text), "confirm": "yes"}
    president.post(f"/desk/alerts/{alert_id}/notify-bureau", confirmed)
    engine = make_engine(web_app.database)
    with Session(engine) as s:
        assert s.exec(select(Silence)).all() and s.exec(select(Notice).where(Notice.reason == "bureau")).all()
        hashes = [u.password_hash for u in s.exec(select(DeskUser))]
        sessions = s.exec(select(DeskSession)).all()
    engine.dispose()
    return [
        NOTE, SILENCE, "asp-bureau@", "in_reply_to",
        "fp-asia", "fp-africa", "false_report", "false report", "travelled_no_arrest", "acknowledged",
        "recipient", "delivery", "deliveries", "message_id", "silence", "asp-president@", "focal-", "password",
        "scrypt$",
        "csrf", "tracker_session", desk.cookies["tracker_session"], token,
        *hashes, *(x.token_hash for x in sessions), *(x.csrf_token for x in sessions),
        *_research_notes(), *(s.url for s in load_config(web_app.folder / "config.yaml").sources),
    ]  # fmt: skip


def _research_notes() -> list[str]:
    """The reference rows' research notes (internal), each by its first 40 characters."""
    ref = default_reference()
    rows = [*ref.accessions.values(), *ref.declarations, *ref.referrals,
            *(w for s in ref.states for w in ref.withdrawals_of(s))]  # fmt: skip
    return sorted({r.notes[:40] for r in rows if r.notes and len(r.notes) >= 40})


def _public_get_routes(base: str) -> list[str]:
    """Every GET in the OpenAPI description, with example values for its parameters."""
    spec = requests.get(base + "/openapi.json", timeout=30).json()
    values = {"person": "putin", "state": "MN", "date": "2024-09-03", "from": "Moscow", "to": "Ulaanbaatar",
              "episode_id": "1", "status": "over", "since": "2024-01-01", "until": "2025-01-01"}  # fmt: skip
    paths = []
    for path, item in spec["paths"].items():
        if "get" not in item:
            continue
        params = item["get"].get("parameters", [])
        filled = path
        for p in params:
            if p["in"] == "path":
                filled = filled.replace("{" + p["name"] + "}", values[p["name"]])
        query = "&".join(
            f"{p['name']}={values[p['name']]}" for p in params if p["in"] == "query" and p["name"] in values
        )
        paths.append(filled + ("?" + query if query else ""))
    return paths


def test_no_public_answer_holds_anything_internal(web_app):
    markers = _internal_markers(web_app)
    base = web_app.base
    queue = ["/", *_public_get_routes(base), "/feeds/episodes.atom", "/feeds/episodes.json",
             "/feeds/episodes.geojson", "/feeds/upcoming.ics"]  # fmt: skip
    seen: set[str] = set()
    while queue:
        path = queue.pop()
        if path in seen or path.startswith(("/desk", "/login", "/logout")):
            continue
        seen.add(path)
        response = requests.get(base + path, timeout=60)
        assert response.status_code == 200, (path, response.status_code)
        body = response.text.lower()
        leaked = [m for m in markers if m.lower() in body]
        assert not leaked, (path, leaked)
        if "html" in response.headers["content-type"]:
            for link in LINK.findall(response.text):
                url = urlparse(urljoin(base + path, link.replace("&amp;", "&")))
                if url.netloc == urlparse(base).netloc:
                    queue.append(url.path + ("?" + url.query if url.query else ""))
    assert {"/", "/episodes", "/people/putin", "/states/MN", "/api/episodes", "/api/states"} <= {
        p.split("?")[0] for p in seen
    }
    assert len(seen) > 250  # every person's and state's page was reached
