"""The good-offices alert as an email: plain text and HTML, neutral wording, every claim sourced.

It says what was reported, by whom and when, what the destination owes the Court on the expected day
and under which articles, and the evidence behind the reading. Text from reports is untrusted: it is
flattened to one line in headers and escaped in HTML, so a headline cannot add headers or markup.
"""

from __future__ import annotations

import html
import re
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlmodel import Session, select

from geo.obligations import obligation
from geo.reference import Reference, default_reference
from tracker.models import Alert, Episode, Report, TravelClaim, as_utc, utcnow

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
MAX_HEADLINE = 300


def one_line(text: str, limit: int = MAX_HEADLINE) -> str:
    """Report text made safe for a header or a list line: no control characters, bounded length."""
    flat = CONTROL.sub(" ", text or "").strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def build(session: Session, alert: Alert, recipient: str, sender: str, ref: Reference | None = None) -> EmailMessage:
    ref = ref or default_reference()
    episode = session.get(Episode, alert.episode_id)
    person = ref.people[episode.person_id]
    state = ref.states[episode.state]
    on = episode.expected_start or as_utc(episode.last_seen).date()
    duty = obligation(episode.state, person, on, ref)
    warrants = [w for w in ref.warrants_of(person.id) if w.public and w.public <= on]
    sources = session.exec(
        select(Report)
        .join(TravelClaim, TravelClaim.report_id == Report.id)
        .where(TravelClaim.episode_id == episode.id)
        .order_by(Report.published_at)
    ).all()
    when = f"from {episode.expected_start}" if episode.expected_start else "date not reported"
    if episode.expected_end and episode.expected_end != episode.expected_start:
        when += f" to {episode.expected_end}"
    subject = one_line(f"[good offices] {person.name} reportedly expected in {state.name} ({when})", 200)
    lines = [
        f"Reports indicate that {person.name} may travel to {state.name} ({when}).",
        f"Status of the reports: {episode.status.replace('_', ' ')}; {episode.outlets} independent outlet(s)"
        + (f", {episode.official_sources} official source(s)." if episode.official_sources else "."),
        "",
        f"Obligation on {on}: {duty.strength.value} ({', '.join(duty.articles) or 'no article'}).",
        duty.explanation,
        "Warrant(s): " + ("; ".join(f"{w.case_number} (public {w.public})" for w in warrants) or "not recorded"),
    ]
    findings = [f for f in ref.findings_against(episode.state) if f.decision_date and f.decision_date < on]
    if findings:
        lines.append(
            "Past findings against "
            + state.name
            + ": "
            + "; ".join(f"{f.person} ({f.visit}), decision {f.decision_date}" for f in findings)
        )
    lines += ["", "Why this alert:"] + [f"- {one_line(w, 500)}" for w in dict.fromkeys(alert.why)]
    lines += ["", "Sources:"]
    for r in sources:
        published = as_utc(r.published_at).strftime("%Y-%m-%d %H:%M UTC") if r.published_at else "undated"
        lines.append(f"- {published} {one_line(r.host)}: {one_line(r.title)} <{one_line(r.url, 1000)}>")
    lines += [
        "",
        "This message reports what public sources say; it is not a finding. Please verify before acting.",
    ]
    text = "\n".join(lines) + "\n"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr(("tracker", sender))
    message["To"] = recipient
    message["Message-ID"] = alert.message_id
    message["Date"] = format_datetime(utcnow())
    message.set_content(text)
    message.add_alternative(_html(lines), subtype="html")
    return message


def _html(lines: list[str]) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" if line else "" for line in lines)
    return f'<!doctype html><html><body style="font-family: sans-serif">{body}</body></html>'
