"""The signed acknowledgement link in an alert email (`alerts.acks`): opening it shows what would be
acknowledged; only the POST of its button acknowledges, so a mail scanner following links changes nothing.
The link itself is the credential: altered, for another alert or expired, it is refused (403); a valid link
for an alert that is not there (or an id no database holds) finds nothing (404)."""

from __future__ import annotations

from email.utils import parseaddr

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from alerts.acks import BadLink, acknowledge, verify
from tracker.models import Alert, Episode
from tracker.storage import session_scope
from tracker.web.html import render

router = APIRouter(include_in_schema=False)
MAX_ID = 2**31 - 1  # larger ids overflow PostgreSQL's integer before any lookup


@router.api_route("/ack/{token}", methods=["GET", "POST"])
def ack(request: Request, token: str) -> HTMLResponse:
    config, engine = request.app.state.config, request.app.state.engine
    try:
        link = verify(config, token)
        with session_scope(engine) as session:
            if not 0 < link.alert_id <= MAX_ID or session.get(Alert, link.alert_id) is None:
                return render(request, "ack.html", status_code=404, refused=f"there is no alert {link.alert_id}")
            if request.method == "POST":
                alert = acknowledge(session, link.alert_id, parseaddr(link.recipient)[1] or link.recipient)
            else:
                alert = session.get(Alert, link.alert_id)
            episode = session.get(Episode, alert.episode_id)
            what = f"alert {alert.id}: {episode.person_id} → {episode.state} ({episode.expected_start or 'no date'})"
            done = alert.acknowledged_by
    except BadLink as e:
        return render(request, "ack.html", status_code=403, refused=str(e))
    return render(request, "ack.html", what=what, done=done, recipient=link.recipient)
