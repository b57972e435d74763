"""The good-offices messages as email: plain text and HTML, neutral wording, every claim sourced.

A message opens with the trip (who, where, when, the days left, its status), says why it is sent
(first alert, update and what changed, reminder, post-visit notice), what the destination owes the
Court on the expected day and under which articles, the evidence and the sources, a small map of the
route, the state's past findings and a signed link to acknowledge. Updates and reminders thread under
the first message. Its words follow the trip's status, so a message about a trip called off never calls
the person expected. Text from reports is untrusted: it is flattened to one line and bounded, and
escaped in HTML (`alerts.letter`), so a headline cannot add headers or markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from sqlmodel import Session, select

from alerts.acks import ack_url
from alerts.letter import Evidence, Letter, Source, html, plain
from alerts.mapimage import route_map
from alerts.notices import FIRST, POST_VISIT, REMINDER, UPDATE
from alerts.urgency import days_left
from geo.obligations import obligation
from geo.reference import Person, Reference, State, default_reference
from geo.travel_bans import DUTY, travel_ban_duty
from tracker.config import Config
from tracker.models import Alert, Episode, Notice, Report, TravelClaim, as_utc, utcnow
from tracker.reports import shown_url

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
MAX_HEADLINE = 300
MAX_EVIDENCE = 5
PREFIX = {FIRST: "[good offices]", UPDATE: "[good offices: update]", REMINDER: "[good offices: reminder]",
          POST_VISIT: "[post-visit]"}  # fmt: skip
KIND = {FIRST: "Good offices alert", UPDATE: "Update", REMINDER: "Reminder", POST_VISIT: "Post-visit notice"}
CLOSED = ("cancelled", "denied", "expired")  # a trip that is off: its date was planned, not expected
STATUS = {"rumoured": "rumoured (a single outlet)", "announced": "announced", "under_way": "under way",
          "over": "over", "cancelled": "reported called off", "denied": "reported denied",
          "expired": "no report for a long while (expired)"}  # fmt: skip


def one_line(text: str, limit: int = MAX_HEADLINE) -> str:
    """Report text made safe for a header or a list line: no control characters, bounded length."""
    flat = CONTROL.sub(" ", text or "").strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Duty:
    """One duty of the destination towards the person on the day: the law in one line, and why."""

    line: str
    explanation: str


DutyOf = Callable[[State, Person, date, Reference], "Duty | None"]


def arrest_duty(state: State, person: Person, on: date, ref: Reference) -> Duty:
    """The duty to arrest and surrender under the Rome Statute (or its absence)."""
    duty = obligation(state.iso2, person, on, ref)
    articles = ", ".join(duty.articles) or "no article"
    return Duty(f"Obligation of {state.name} on {on}: {duty.strength.value} ({articles}).", duty.explanation)


def travel_ban(state: State, person: Person, on: date, ref: Reference) -> Duty | None:
    """A Security Council travel ban in force: a second, different duty (keep the person out), shown beside
    the duty to arrest and never instead of it."""
    duty = travel_ban_duty(state.iso2, person, on, ref)
    if duty is None:
        return None
    ban = duty.ban
    line = f"Also a Security Council travel ban ({ban.reference}): {state.name} must {DUTY}."
    return Duty(line, duty.text)


DUTIES: tuple[DutyOf, ...] = (arrest_duty, travel_ban)  # each adds its line to every message


@dataclass(frozen=True)
class Case:
    """What every message about an episode states: the trip, the warrant and the duties, sourced."""

    person: str
    state: str
    on: date  # the day the duties are evaluated on: the expected start, else the last report's
    when: str
    status: str  # the trip's status in words
    law: list[str]  # the law in one line per duty
    details: list[str]  # the reports' status, the explanations, warrants, findings
    sources: list[Source]
    evidence: list[Evidence]


def case(session: Session, episode: Episode, ref: Reference | None = None) -> Case:
    ref = ref or default_reference()
    person = ref.people[episode.person_id]
    state = ref.states[episode.state]
    on = episode.expected_start or as_utc(episode.last_seen).date()
    duties = [d for duty_of in DUTIES if (d := duty_of(state, person, on, ref)) is not None]
    warrants = [w for w in ref.warrants_of(person.id) if w.public and w.public <= on]
    when = f"from {episode.expected_start}" if episode.expected_start else "date not reported"
    if episode.expected_end and episode.expected_end != episode.expected_start:
        when += f" to {episode.expected_end}"
    status = STATUS.get(episode.status, episode.status.replace("_", " "))
    details = [
        f"Status of the reports: {status}; {episode.outlets} independent outlet(s)"
        + (f", {episode.official_sources} official source(s)." if episode.official_sources else "."),
        *(d.explanation for d in duties),
        "Warrant(s): " + ("; ".join(f"{w.case_number} (public {w.public})" for w in warrants) or "not recorded"),
    ]
    findings = [f for f in ref.findings_against(episode.state) if f.decision_date and f.decision_date < on]
    if findings:
        listed = "; ".join(f"{f.person} ({f.visit}), decision {f.decision_date}" for f in findings)
        details.append(f"Past findings of non-compliance against {state.name}: {listed}")
    rows = session.exec(
        select(TravelClaim, Report)
        .join(Report, TravelClaim.report_id == Report.id)
        .where(TravelClaim.episode_id == episode.id)
        .order_by(Report.published_at)
    ).all()
    sources = [
        Source(f"{as_utc(r.published_at):%Y-%m-%d %H:%M UTC}" if r.published_at else "undated", one_line(r.host),
               one_line(r.title), one_line(link, 1000) if (link := shown_url(r.url)) else None)
        for _, r in rows
    ]  # fmt: skip
    best = sorted(rows, key=lambda cr: -cr[0].confidence)[:MAX_EVIDENCE]
    evidence = [
        Evidence(c.modality, c.confidence, one_line(r.host), one_line((c.evidence or {}).get("sentence", "")),
                 one_line((c.evidence or {}).get("rule", ""), 80))
        for c, r in best
    ]  # fmt: skip
    law = [d.line for d in duties]
    return Case(person.name, state.name, on, when, status, law, details, sources, evidence)


def trip_line(episode: Episode, c: Case, today: date) -> str:
    """The first line: when, the days left, the status. A trip called off was planned, not expected; a
    trip over has no days left."""
    if episode.status in CLOSED:
        planned = f"was planned {c.when}" if episode.expected_start else "no date was reported"
        return f"When: {planned}; status: {c.status}."
    if episode.status == "over":  # said so even when the clock of a replay is still before the trip
        return f"When: {c.when}; status: {c.status}."
    return f"When: {days_left(episode, today)} ({c.when}); status: {c.status}."


def headline(episode: Episode, c: Case, today: date) -> str:
    """What the subject says of the trip, in words that agree with its status."""
    left = f" {days_left(episode, today)}" if episode.expected_start else ""
    return {
        "rumoured": f"{c.person} rumoured to travel to {c.state}{left}",
        "under_way": f"{c.person} reportedly in {c.state}{left}",
        "over": f"{c.person} reportedly visited {c.state}",
        "cancelled": f"{c.person}: trip to {c.state} reportedly called off",
        "denied": f"{c.person}: trip to {c.state} reportedly denied",
        "expired": f"{c.person}: no recent report of the trip to {c.state}",
    }.get(episode.status, f"{c.person} reportedly expected in {c.state}{left}")


def opening(notice: Notice, alert: Alert, episode: Episode, c: Case) -> list[str]:
    """Why the message is sent, in its first sentences."""
    trip = f"the reported trip of {c.person} to {c.state} ({c.when})"
    if notice.reason == UPDATE:
        return [f"Update on {trip}. What changed:"]
    if notice.reason == REMINDER:
        return [f"Reminder: the alert on {trip} has not been acknowledged yet."]
    if notice.reason == POST_VISIT:
        first = "" if alert.kind == POST_VISIT else " It closes the thread of the alert sent before the visit."
        return [
            f"Post-visit notice: reports indicate that {c.person} visited {c.state} ({c.when}) and was not "
            "arrested; the warrant remains in force.",
            f"It is sent because {c.state} was bound to arrest on the day: a visit without arrest may lead the "
            "Court to a finding of non-compliance (Art. 87(7)), which would start the formal procedure of the "
            f"Assembly (scenario 7(a)); the President may wish to raise it with {c.state}.{first}",
        ]
    if episode.status in CLOSED:
        return [f"Reports indicated that {c.person} might travel to {c.state} ({c.when}); the trip is now "
                f"{c.status}."]  # fmt: skip
    return [f"Reports indicate that {c.person} may travel to {c.state} ({c.when})."]


def alert_message(session: Session, notice: Notice, recipient: str, config: Config) -> EmailMessage:
    """The message of a first alert, an update, a reminder or a post-visit notice, for one recipient. It
    opens with the time left before the trip and its status, the two things that decide how urgent it is."""
    alert = session.get(Alert, notice.alert_id)
    episode = session.get(Episode, alert.episode_id)
    c = case(session, episode)
    today = utcnow().date()
    confidence = notice.facts.get("confidence")
    link = None if alert.acknowledged_at else ack_url(config, alert.id, parseaddr(recipient)[1] or recipient)
    picture = route_map(episode.person_id, episode.state, c.on)
    letter = Letter(
        kind=KIND[notice.reason],
        title=f"{c.person} → {c.state}",
        trip=trip_line(episode, c, today),
        opening=opening(notice, alert, episode, c),
        changes=[one_line(change) for change in notice.changes] if notice.reason in (UPDATE, POST_VISIT) else [],
        law=c.law,
        details=c.details,
        evidence=c.evidence,
        sources=c.sources,
        confidence=f"{confidence:.2f} ({notice.facts.get('tier', '?')})" if confidence is not None else None,
        why_heading=f"Why this alert ({alert.rule})",
        why=[one_line(w, 500) for w in dict.fromkeys(alert.why)],
        ack=link,
        legend=picture.legend if picture else None,
    )
    subject = f"{PREFIX[notice.reason]} {headline(episode, c, today)} ({c.when})"
    return envelope(notice, recipient, config, subject, letter, picture.png if picture else None)


def envelope(
    notice: Notice, recipient: str, config: Config, subject: str, letter: Letter, picture: bytes | None = None
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
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a machine
    message.set_content(plain(letter))
    cid = notice.message_id.strip("<>").replace("@", ".map@")
    message.add_alternative(html(letter, message["Subject"], f"cid:{cid}" if picture else None), subtype="html")
    if picture:
        message.get_payload()[1].add_related(
            picture, "image", "png", cid=f"<{cid}>", filename="route.png", disposition="inline"
        )
    return message
