"""The stored records of the whole flow, from a fetched report to a delivered alert.

Reference tables (states, treaty events, situations, people, aliases, warrants, findings) are
loaded from the data files by `tracker init`; the rest is written as reports arrive. Times are
stored in UTC; dates of the law (entry into force, warrant issued) are plain dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(when: datetime) -> datetime:
    """Stored times are UTC; a driver that hands one back naive (SQLite in some paths) means UTC."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class SourceRecord(SQLModel, table=True):
    """Where reports come from, with its health kept as data: shown by `tracker sources` and /health, and
    read back on restart so that backoff and Retry-After survive it."""

    __tablename__ = "source"

    id: str = Field(primary_key=True, max_length=100)
    kind: str = Field(max_length=20)
    url: str
    official: bool = False
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_check_at: datetime | None = None
    reports_stored: int = 0


class FetchState(SQLModel, table=True):
    """The validators of one fetched URL (a search source has one URL per query), for conditional GET."""

    __tablename__ = "fetch_state"

    url: str = Field(primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    etag: str | None = None
    last_modified: str | None = None


class Report(SQLModel, table=True):
    """A fetched item, stored before any processing so that nothing is lost."""

    __table_args__ = (UniqueConstraint("canonical_url", name="uq_report_canonical_url"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    url: str
    canonical_url: str
    raw_id: str | None = Field(default=None, index=True)
    title: str = ""
    summary: str = ""
    content: str | None = None
    language: str | None = Field(default=None, max_length=12)
    published_at: datetime | None = Field(default=None, index=True)
    fetched_at: datetime = Field(default_factory=utcnow)
    content_hash: str = Field(index=True, max_length=64)
    host: str = Field(default="", max_length=255)
    story_key: str = Field(default="", index=True, max_length=32)  # the headline less the outlet's name
    story_id: int | None = Field(default=None, index=True)  # the first report of its story (wire copies)
    processed_at: datetime | None = None


class StateRecord(SQLModel, table=True):
    __tablename__ = "state"

    iso2: str = Field(primary_key=True, max_length=2)
    iso3: str = Field(max_length=3)
    name: str
    un_regional_group: str = ""
    un_member: str = ""
    source_url: str
    as_of: date
    verified: str


class TreatyEvent(SQLModel, table=True):
    """One dated act of a state under the Statute: deposit, withdrawal, revocation, declaration, arrangement."""

    __tablename__ = "treaty_event"

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(foreign_key="state.iso2", index=True, max_length=2)
    kind: str = Field(max_length=40)
    on: date | None = None
    effective: date | None = None
    situation: str | None = None
    detail: str = ""
    source_url: str
    as_of: date
    verified: str


class SituationRecord(SQLModel, table=True):
    __tablename__ = "situation"

    id: str = Field(primary_key=True, max_length=20)
    name: str
    preliminary_examination_opened: date | None = None
    investigation_opened: date | None = None
    source_url: str
    as_of: date
    verified: str


class PersonRecord(SQLModel, table=True):
    __tablename__ = "person"

    id: str = Field(primary_key=True, max_length=60)
    name: str
    nationality: str = Field(max_length=2)
    situation: str = Field(foreign_key="situation.id")
    position: str = ""
    status: str = Field(max_length=30)
    status_date: date | None = None
    surrendered: date | None = None
    died: date | None = None
    source_url: str
    as_of: date
    verified: str


class AliasRecord(SQLModel, table=True):
    __tablename__ = "alias"
    __table_args__ = (UniqueConstraint("person_id", "alias", name="uq_alias_person_alias"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: str = Field(foreign_key="person.id", index=True)
    alias: str
    script: str = Field(max_length=20)


class WarrantRecord(SQLModel, table=True):
    __tablename__ = "warrant"

    id: int | None = Field(default=None, primary_key=True)
    person_id: str = Field(foreign_key="person.id", index=True)
    case_number: str
    issued: date | None = None
    public: date | None = None
    ended: date | None = None
    ended_reason: str = ""
    source_url: str
    as_of: date
    verified: str


class FindingRecord(SQLModel, table=True):
    """The Court's findings of non-compliance (Art. 87(7)), quoted in alerts about the same state."""

    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(foreign_key="state.iso2", index=True, max_length=2)
    person: str
    visit: str = ""
    decision_date: date | None = None
    document: str = ""
    chamber: str = ""
    referred_to: str = ""
    source_url: str
    as_of: date
    verified: str


class TravelClaim(SQLModel, table=True):
    """What one report says about one person's travel to one state, with the evidence."""

    __tablename__ = "travel_claim"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    person_id: str = Field(foreign_key="person.id", index=True)
    state: str | None = Field(default=None, max_length=2)
    modality: str = Field(max_length=12)
    travel_start: date | None = None
    travel_end: date | None = None
    confidence: float = 0.0
    evidence: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    episode_id: int | None = Field(default=None, foreign_key="episode.id", index=True)


class Episode(SQLModel, table=True):
    """Claims about the same person and state merged into one trip, and how it changed: `status` is one of
    rumoured, announced, under_way, over, cancelled, denied, expired (`tracker.episodes`)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: str = Field(foreign_key="person.id", index=True)
    state: str = Field(max_length=2, index=True)
    expected_start: date | None = None
    expected_end: date | None = None
    status: str = Field(max_length=20)
    outlets: int = 0
    official_sources: int = 0
    first_seen: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)
    history: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    aftermath: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # reports after the trip


class Alert(SQLModel, table=True):
    """A decision to warn: which rule fired and why. Internal: never in a public view."""

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(foreign_key="episode.id", index=True)
    kind: str = Field(max_length=20)
    rule: str
    why: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    message_id: str = Field(unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None


class Silence(SQLModel, table=True):
    """Messages about a person, a state or an episode are recorded but not delivered until `until`.
    Internal: never in a public view."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: str | None = Field(default=None, max_length=60)
    state: str | None = Field(default=None, max_length=2)
    episode_id: int | None = Field(default=None, foreign_key="episode.id")
    regional_group: str | None = Field(default=None, max_length=40)  # set by a focal point: its group's trips only
    until: datetime
    created_by: str
    reason: str
    created_at: datetime = Field(default_factory=utcnow)
    expired_at: datetime | None = None


class Notice(SQLModel, table=True):
    """One message about an alert and why it was sent (first, update, reminder, post_visit, bureau): the
    notification log that keeps an update from going out twice. `facts` is the episode as the message
    reported it, what the next update is compared against. Internal: never in a public view."""

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    reason: str = Field(max_length=20)
    changes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    facts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    message_id: str = Field(unique=True)
    in_reply_to: str | None = None
    requested_by: str | None = None
    silence_id: int | None = Field(default=None, foreign_key="silence.id")
    created_at: datetime = Field(default_factory=utcnow)
    historical: str | None = None  # why it was recorded and not sent: the trip was over by delivery time


def episode_of(session, notice: Notice) -> Episode:
    """The trip a message is about (through its alert)."""
    return session.get(Episode, session.get(Alert, notice.alert_id).episode_id)


class Delivery(SQLModel, table=True):
    """One message to one recipient in the outbox; `sent_at` is set only after the server accepted it.

    queued → sending (claimed by one sender, the attempt counted, committed before the exchange) → sent,
    or back to queued (retry) or failed; silenced, or historical (too late to matter when its turn came),
    recorded and never sent. `handed_over_at` is committed just before the message's end goes to the
    server, so a restart knows which side of that point a killed sender stopped on."""

    __table_args__ = (UniqueConstraint("notice_id", "recipient", "channel", name="uq_delivery_once"),)

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int | None = Field(default=None, foreign_key="alert.id", index=True)  # None: a case reminder
    notice_id: int | None = Field(default=None, foreign_key="notice.id", index=True)
    case_reminder_id: int | None = Field(default=None, foreign_key="case_reminder.id", index=True)
    recipient: str
    channel: str = Field(default="email", max_length=20)
    status: str = Field(default="queued", max_length=20, index=True)
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    claimed_at: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=120)  # host:pid:token of the sender
    handed_over_at: datetime | None = None


class DeskUser(SQLModel, table=True):
    """Someone who may open the desk: the President's team sees every alert, a focal point its group's.
    Only a password hash (scrypt) is kept. Internal: never in a public view."""

    __tablename__ = "desk_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    role: str = Field(max_length=20)  # president | focal_point
    regional_group: str | None = Field(default=None, max_length=40)
    password_hash: str
    created_at: datetime = Field(default_factory=utcnow)


class DeskSession(SQLModel, table=True):
    """A signed-in browser. Only a hash of the cookie's token is stored, so a copy of the database
    cannot be used to sign in; the CSRF token goes with the session."""

    __tablename__ = "desk_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="desk_user.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class AlertNote(SQLModel, table=True):
    """An internal note on an alert by someone at the desk."""

    __tablename__ = "alert_note"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    author: str = Field(max_length=100)
    text: str
    created_at: datetime = Field(default_factory=utcnow)


class AlertOutcome(SQLModel, table=True):
    """What became of the trip an alert was about, as recorded at the desk; the latest row counts."""

    __tablename__ = "alert_outcome"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    outcome: str = Field(max_length=30)  # arrested | did_not_travel | travelled_no_arrest | false_report
    recorded_by: str = Field(max_length=100)
    recorded_at: datetime = Field(default_factory=utcnow)


class CourtProposal(SQLModel, table=True):
    """A change to the reference data that one of the Court's outputs announces (a finding of non-compliance,
    a referral, a warrant issued or unsealed, an arrest, a surrender, a death, a warrant withdrawn), waiting for
    a person at the desk: `status` is proposed, confirmed or rejected. Nothing is applied without that.
    `change` is the row the data file would gain or the fields it would change. Internal."""

    __tablename__ = "court_proposal"
    __table_args__ = (UniqueConstraint("report_id", "act", "person_id", "state", name="uq_court_proposal_once"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    act: str = Field(max_length=30)
    person_id: str = Field(default="", max_length=60)  # "" when no watched person is named
    state: str = Field(default="", max_length=2)  # "" when no state is named
    decided_on: date | None = None  # the day the Court acted, as the output dates it
    referred_to: str = Field(default="", max_length=20)  # ASP, UNSC or ASP;UNSC
    change: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    why: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="proposed", max_length=20, index=True)
    decided_by: str | None = Field(default=None, max_length=100)
    decided_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class CaseFile(SQLModel, table=True):
    """The formal procedure (scenario 7(a)) opened by a confirmed finding of non-compliance referred to the
    Assembly: its steps are `CaseStep` rows. `alert_id` is the good-offices alert on the trip the finding
    follows, where tracker raised one. Internal."""

    __tablename__ = "case_file"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="court_proposal.id", unique=True)
    person_id: str = Field(max_length=60)
    state: str = Field(max_length=2, index=True)
    finding_date: date
    referred_to: str = Field(default="", max_length=20)
    alert_id: int | None = Field(default=None, foreign_key="alert.id")
    opened_by: str = Field(max_length=100)
    opened_at: datetime = Field(default_factory=utcnow)


class CaseStep(SQLModel, table=True):
    """One step of a case's checklist, with who owns it, when it is due (where the procedure says) and when
    it was done. Internal."""

    __tablename__ = "case_step"
    __table_args__ = (UniqueConstraint("case_id", "step", name="uq_case_step"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    step: str = Field(max_length=30)
    position: int
    owner: str = Field(max_length=100)
    due: date | None = None
    done_on: date | None = None
    done_by: str | None = Field(default=None, max_length=100)
    notes: str = ""


class CaseReminder(SQLModel, table=True):
    """One reminder about one step's due date (soon due, or overdue): at most one per step, due date and
    reason, so a step is never reminded twice for the same date. Its deliveries go through the outbox."""

    __tablename__ = "case_reminder"
    __table_args__ = (UniqueConstraint("step_id", "due", "reason", name="uq_case_reminder_once"),)

    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="case_step.id", index=True)
    due: date
    reason: str = Field(max_length=20)  # due_soon | overdue
    message_id: str = Field(unique=True)
    created_at: datetime = Field(default_factory=utcnow)
