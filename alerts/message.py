"""The good-offices messages as email: plain text and HTML, neutral wording, every claim sourced.

A message says why it is sent (first alert, update and what changed, reminder, post-visit notice),
what was reported, by whom and when, what the destination owes the Court on the expected day and
under which articles, the state's past findings, the confidence and the evidence, a small map of the
route, and a signed link to acknowledge. Updates and reminders thread under the first message.
Text from reports is untrusted: it is flattened to one line in headers and lists, bounded, and
escaped in HTML, so a headline cannot add headers or markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from sqlmodel import Session, select

from alerts.acks import ack_url
from alerts.mapimage import route_map
from alerts.notices import FIRST, POST_VISIT, REMINDER, UPDATE
from alerts.urgency import days_left
from geo.obligations import obligation
from geo.reference import Reference, default_reference
from tracker.config import Config
from tracker.models import Alert, Episode, Notice, Report, TravelClaim, as_utc, utcnow
from tracker.reports import shown_url

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
MAX_HEADLINE = 300
MAX_EVIDENCE = 5
PREFIX = {FIRST: "[good offices]", UPDATE: "[good offices: update]", REMINDER: "[good offices: reminder]",
          POST_VISIT: "[post-visit]"}  # fmt: skip
FOOTER = "This message reports what public sources say; it is not a finding. Please verify before acting."


def one_line(text: str, limit: int = MAX_HEADLINE) -> str:
    """Report text made safe for a header or a list line: no control characters, bounded length."""
    flat = CONTROL.sub(" ", text or "").strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Case:
    """What every message about an episode states: the trip, the warrant and the obligation, sourced."""

    person: str
    state: str
    on: date  # the day the obligation is evaluated on: the expected start, else the last report's
    when: str
    lines: list[str]  # status, obligation, explanation, warrants, findings
    sources: list[str]
    evidence: list[str]


def case(session: Session, episode: Episode, ref: Reference | None = None) -> Case:
    ref = ref or default_reference()
    person = ref.people[episode.person_id]
    state = ref.states[episode.state]
    on = episode.expected_start or as_utc(episode.last_seen).date()
    duty = obligation(episode.state, person, on, ref)
    warrants = [w for w in ref.warrants_of(person.id) if w.public and w.public <= on]
    when = f"from {episode.expected_start}" if episode.expected_start else "date not reported"
    if episode.expected_end and episode.expected_end != episode.expected_start:
        when += f" to {episode.expected_end}"
    lines = [
        f"Status of the reports: {episode.status.replace('_', ' ')}; {episode.outlets} independent outlet(s)"
        + (f", {episode.official_sources} official source(s)." if episode.official_sources else "."),
        f"Obligation of {state.name} on {on}: {duty.strength.value} ({', '.join(duty.articles) or 'no article'}).",
        duty.explanation,
        "Warrant(s): " + ("; ".join(f"{w.case_number} (public {w.public})" for w in warrants) or "not recorded"),
    ]
    findings = [f for f in ref.findings_against(episode.state) if f.decision_date and f.decision_date < on]
    if findings:
        lines.append(f"Past findings of non-compliance against {state.name}: "
                     + "; ".join(f"{f.person} ({f.visit}), decision {f.decision_date}" for f in findings))  # fmt: skip
    rows = session.exec(
        select(TravelClaim, Report)
        .join(Report, TravelClaim.report_id == Report.id)
        .where(TravelClaim.episode_id == episode.id)
        .order_by(Report.published_at)
    ).all()
    sources = [
        (f"{as_utc(r.published_at):%Y-%m-%d %H:%M UTC}" if r.published_at else "undated")
        + f" {one_line(r.host)}: {one_line(r.title)}"
        + (f" <{one_line(link, 1000)}>" if (link := shown_url(r.url)) else " (a replayed file)")
        for _, r in rows
    ]
    best = sorted(rows, key=lambda cr: -cr[0].confidence)[:MAX_EVIDENCE]
    evidence = [
        f"{c.modality}, {c.confidence:.2f}, {one_line(r.host)}: “{one_line((c.evidence or {}).get('sentence', ''))}”"
        f" ({one_line((c.evidence or {}).get('rule', ''), 80)})"
        for c, r in best
    ]
    return Case(person.name, state.name, on, when, lines, sources, evidence)


def alert_message(session: Session, notice: Notice, recipient: str, config: Config) -> EmailMessage:
    """The message of a first alert, an update, a reminder or a post-visit notice, for one recipient. It
    opens with the time left before the trip and its status, the two things that decide how urgent it is."""
    alert = session.get(Alert, notice.alert_id)
    episode = session.get(Episode, alert.episode_id)
    c = case(session, episode)
    left = days_left(episode, utcnow().date())
    urgency = f"When: {left} ({c.when}); status: {episode.status.replace('_', ' ')}."
    lead = {
        FIRST: [f"Reports indicate that {c.person} may travel to {c.state} ({c.when})."],
        UPDATE: [f"Update on the reported trip of {c.person} to {c.state} ({c.when}). What changed:"]
        + [f"- {one_line(change)}" for change in notice.changes],
        REMINDER: [f"Reminder: the alert on the reported trip of {c.person} to {c.state} ({c.when}) has not been "
                   "acknowledged yet."],
        POST_VISIT: [f"Post-visit notice: reports indicate that {c.person} visited {c.state} ({c.when}) and was "
                     "not arrested; the warrant remains in force."]
        + [f"- {one_line(change)}" for change in notice.changes],
    }[notice.reason]  # fmt: skip
    confidence = notice.facts.get("confidence")
    lines = [urgency, *lead, "", *c.lines, ""]
    if confidence is not None:
        lines.append(f"Confidence: {confidence:.2f} ({notice.facts.get('tier', '?')}).")
    lines += ["Evidence:"] + [f"- {e}" for e in c.evidence]
    lines += ["", f"Why this alert ({alert.rule}):"] + [f"- {one_line(w, 500)}" for w in dict.fromkeys(alert.why)]
    lines += ["", "Sources:"] + [f"- {s}" for s in c.sources]
    link = None if alert.acknowledged_at else ack_url(config, alert.id, parseaddr(recipient)[1] or recipient)
    if link:
        lines += ["", f"Acknowledge (stops the reminders): {link}"]
    lines += ["", FOOTER]
    subject = f"{PREFIX[notice.reason]} {c.person} reportedly expected in {c.state} {left} ({c.when})"
    if notice.reason == POST_VISIT:
        subject = f"{PREFIX[notice.reason]} {c.person} reportedly visited {c.state} ({c.when})"
    picture = route_map(episode.person_id, episode.state, c.on)
    return envelope(notice, recipient, config, subject, lines, link, picture)


def envelope(
    notice: Notice,
    recipient: str,
    config: Config,
    subject: str,
    lines: list[str],
    link: str | None = None,
    picture: bytes | None = None,
) -> EmailMessage:
    """Headers (threading included), the plain part, and the HTML part with the map as an inline image."""
    message = EmailMessage()
    message["Subject"] = one_line(subject, 200)
    message["From"] = formataddr(("tracker", config.mail.from_address))
    message["To"] = recipient
    message["Message-ID"] = notice.message_id
    if notice.in_reply_to:
        message["In-Reply-To"] = notice.in_reply_to
        message["References"] = notice.in_reply_to
    message["Date"] = format_datetime(utcnow())
    message.set_content("\n".join(lines) + "\n")
    cid = notice.message_id.strip("<>").replace("@", ".map@")
    message.add_alternative(_html(lines, link, f"cid:{cid}" if picture else None), subtype="html")
    if picture:
        message.get_payload()[1].add_related(picture, "image", "png", cid=f"<{cid}>", filename="route.png")
    return message


def _html(lines: list[str], link: str | None, image: str | None) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" if line else "" for line in lines)
    if image:
        body += f'<p><img src="{image}" alt="Map of the route and the duty to arrest of the states in view"></p>'
    if link:
        body += f'<p><a href="{html.escape(link)}">Acknowledge this alert</a></p>'
    return f'<!doctype html><html><body style="font-family: sans-serif">{body}</body></html>'
