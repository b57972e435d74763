"""The Court's outputs as proposed changes to the reference data, each waiting for a person at the desk.

A stored report of a `court` source is read for the acts it announces (`sources.court.recognise`), the
watched people it names and the states concerned; each act, person and state is one proposal, so reading a
report again proposes nothing twice. A proposal is never applied by itself: confirming it records the
decision, and the change (the row a data file gains, or the fields it changes) is for the reviewed data
files. A confirmed finding referred to the Assembly opens a case file (`tracker.cases`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache

from sqlmodel import Session, col, select

from geo.geoparse import geoparse
from geo.reference import Reference, default_reference
from sources.court import (
    ARREST,
    DEATH,
    NON_COMPLIANCE,
    REFERRAL,
    SURRENDER,
    WARRANT_ISSUED,
    WARRANT_UNSEALED,
    WARRANT_WITHDRAWN,
    CourtAct,
    recognise,
)
from sources.report import RawReport
from tracker.errors import UsageError
from tracker.models import CourtProposal, Report, utcnow
from tracker.people import PeopleMatcher, default_matcher

PROPOSED, CONFIRMED, REJECTED = "proposed", "confirmed", "rejected"
# Acts about a state: the state the finding is against, or where the arrest was made.
ABOUT_A_STATE = (NON_COMPLIANCE, REFERRAL, ARREST)
FINDINGS = (NON_COMPLIANCE, REFERRAL)
# Names of the Court's world that name no state concerned: the treaty signed in Rome, the seat.
INSTITUTIONS = re.compile(r"Rome Statute|The Hague|Hague|International Criminal Court", re.IGNORECASE)
ACT_NAMES = {
    NON_COMPLIANCE: "finding of non-compliance (Art. 87(7))",
    REFERRAL: "referral of non-cooperation",
    WARRANT_ISSUED: "warrant of arrest issued",
    WARRANT_UNSEALED: "warrant of arrest unsealed",
    ARREST: "arrest",
    SURRENDER: "surrender to the Court",
    DEATH: "death",
    WARRANT_WITHDRAWN: "warrant withdrawn",
}


def propose_from(session: Session, raws: Iterable[RawReport], ref: Reference | None = None) -> list[CourtProposal]:
    """Proposals for the stored reports these RawReports became (the caller commits them with the reports)."""
    urls = [r.canonical_url for r in raws]
    if not urls:
        return []
    reports = session.exec(select(Report).where(col(Report.canonical_url).in_(urls)).order_by(Report.id)).all()
    return [p for report in reports for p in propose(session, report, ref)]


def propose(session: Session, report: Report, ref: Reference | None = None) -> list[CourtProposal]:
    """The new proposals one report of the Court gives (none already made for it)."""
    ref = ref or default_reference()
    text = f"{report.title}. {report.summary}"
    day = report.published_at.date() if report.published_at else None
    made = []
    for act in recognise(text):
        people = _people(text, day) or [""]
        for person in people:
            for state in _states(text, act.act, person, ref) if act.act in ABOUT_A_STATE else [""]:
                key = (report.id, act.act, person, state)
                if session.exec(select(CourtProposal.id).where(*_same(key))).first() is not None:
                    continue
                proposal = CourtProposal(
                    report_id=report.id, act=act.act, person_id=person, state=state, decided_on=day,
                    referred_to=";".join(act.referred_to), change=proposed_change(act, person, state, report, day),
                    why=[f"{ACT_NAMES[act.act]}: “{act.evidence}”", *_gaps(act.act, person, state)],
                )  # fmt: skip
                session.add(proposal)
                made.append(proposal)
    session.flush()
    return made


def _same(key: tuple) -> tuple:
    report_id, act, person, state = key
    return (
        CourtProposal.report_id == report_id,
        CourtProposal.act == act,
        CourtProposal.person_id == person,
        CourtProposal.state == state,
    )


@cache
def _matcher() -> PeopleMatcher:
    return default_matcher()


def _people(text: str, day: date | None) -> list[str]:
    """The watched people the output names in full (a bare surname is too weak a ground for a change)."""
    return sorted({m.person for m in _matcher().find(text, day) if m.full or m.office})


def _states(text: str, act: str, person: str, ref: Reference) -> list[str]:
    """The states named, less (for a finding) the person's own state and the situation's territory, which a
    finding about a visit names as context ("the situation in Ukraine")."""
    text = INSTITUTIONS.sub(lambda m: " " * len(m.group(0)), text)
    named = list(dict.fromkeys(p.country for p in geoparse(text, "en") if p.country))
    if act in FINDINGS and person in ref.people:
        who = ref.people[person]
        situation = ref.situations.get(who.situation)
        context = {who.nationality, situation.territory if situation else ""}
        named = [s for s in named if s not in context] or named
    return named or [""]


def _gaps(act: str, person: str, state: str) -> list[str]:
    gaps = []
    if not person:
        gaps.append("no watched person named: a new person needs a row in people.csv with sources")
    if act in ABOUT_A_STATE and not state:
        gaps.append("no state named: read the decision")
    return gaps


def proposed_change(act: CourtAct, person: str, state: str, report: Report, day: date | None) -> dict:
    """The reference row this act adds, or the fields it changes, sourced to the Court's own output and
    marked for checking."""
    on = day.isoformat() if day else ""
    sourced = {"source_url": report.url, "as_of": utcnow().date().isoformat(), "verified": "partial"}
    if act.act in FINDINGS:
        row = {"state": state, "person": person, "visit": "", "decision_date": on,
               "document": report.raw_id if report.raw_id and report.raw_id.startswith("ICC-") else "",
               "chamber": act.chamber, "referred_to": ";".join(act.referred_to)}  # fmt: skip
        return {"file": "findings.csv", "add": row | sourced}
    if act.act in (WARRANT_ISSUED, WARRANT_UNSEALED):
        issued = on if act.act == WARRANT_ISSUED else ""  # an unsealed warrant was issued earlier, date unknown
        row = {"person": person, "case_number": "", "issued": issued, "public": on, "ended": "", "ended_reason": ""}
        return {"file": "warrants.csv", "add": row | sourced}
    if act.act == WARRANT_WITHDRAWN:
        return {"file": "warrants.csv", "key": person, "set": {"ended": on, "ended_reason": "withdrawn"} | sourced}
    fields = {
        ARREST: {"status": "in_custody", "status_date": on},
        SURRENDER: {"status": "in_custody", "status_date": on, "surrendered": on},
        DEATH: {"status": "deceased", "status_date": on, "died": on},
    }[act.act]
    return {"file": "people.csv", "key": person, "set": fields | sourced}


def decide(session: Session, proposal_id: int, by: str, confirm: bool) -> CourtProposal:
    """Confirm or reject a proposal once; the caller opens a case for a confirmed finding."""
    proposal = session.get(CourtProposal, proposal_id)
    if proposal is None:
        raise UsageError(f"there is no proposal {proposal_id}")
    if proposal.status != PROPOSED:
        raise UsageError(f"proposal {proposal_id} was already {proposal.status} by {proposal.decided_by}")
    if not by.strip():
        raise UsageError("say who decides (a name)")
    proposal.status = CONFIRMED if confirm else REJECTED
    proposal.decided_by, proposal.decided_at = by.strip(), utcnow()
    session.add(proposal)
    session.flush()
    return proposal
