"""`tracker cases`: the formal procedure as at the desk. The Court's outputs proposed as reference changes
(confirm or reject them), the case files a confirmed finding referred to the Assembly opens, their steps
with owners and due dates, and marking a step done."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tracker.cli.alerts import MAX_ID, By, engine_for
from tracker.cli.app import ConfigOption, app, out, parse_day, reports_errors
from tracker.procedure import STEPS

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.models import CaseFile

cases_app = typer.Typer(help="Case files of the formal procedure (7(a)) and the Court's outputs waiting for review.")
app.add_typer(cases_app, name="cases")
CaseId = Annotated[int, typer.Argument(help="The case's id (`tracker cases list` shows them).", min=1, max=MAX_ID)]
ProposalId = Annotated[
    int, typer.Argument(help="The proposal's id (`tracker cases proposals` shows them).", min=1, max=MAX_ID)
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _case_row(session: Session, case: CaseFile) -> dict:
    from tracker.cases import steps_of

    steps = steps_of(session, case.id)
    return {
        "id": case.id, "person": case.person_id, "state": case.state, "finding_date": case.finding_date.isoformat(),
        "referred_to": case.referred_to.split(";"), "alert": case.alert_id, "opened_by": case.opened_by,
        "steps": [{"step": s.step, "title": STEPS[s.step].title, "owner": s.owner,
                   "due": s.due.isoformat() if s.due else None, "done_on": s.done_on.isoformat() if s.done_on else None,
                   "done_by": s.done_by, "notes": s.notes} for s in steps],
    }  # fmt: skip


@cases_app.command("list")
@reports_errors
def list_cases(config: ConfigOption = None, as_json: Json = False) -> None:
    """Every case file with its next deadline."""
    from sqlmodel import Session, col, select

    from tracker.cases import open_steps_due
    from tracker.models import CaseFile, utcnow

    _, engine = engine_for(config)
    with Session(engine) as session:
        rows = [_case_row(session, c) for c in session.exec(select(CaseFile).order_by(col(CaseFile.id).desc()))]
        next_due = {}
        for case, step in open_steps_due(session):
            next_due.setdefault(case.id, step)
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        out.print("No case yet: a confirmed finding of non-compliance referred to the Assembly opens one.")
        return
    table = Table("case", "state", "person", "finding", "referred to", "next deadline")
    today = utcnow().date()
    for r in rows:
        step = next_due.get(r["id"])
        late = " (overdue)" if step and step.due < today else ""
        deadline = f"{STEPS[step.step].title}: {step.due}{late}" if step else "none"
        table.add_row(str(r["id"]), r["state"], r["person"], r["finding_date"], ", ".join(r["referred_to"]), deadline)
    out.print(table)


@cases_app.command("show")
@reports_errors
def show(case_id: CaseId, config: ConfigOption = None, as_json: Json = False) -> None:
    """One case: the finding, the alert it follows (if any) and each step with owner, due date and notes."""
    from sqlmodel import Session

    from tracker.cases import case_of

    _, engine = engine_for(config)
    with Session(engine) as session:
        row = _case_row(session, case_of(session, case_id))
    if as_json:
        print(json.dumps(row, indent=2))
        return
    alert = f"; follows alert #{row['alert']}" if row["alert"] else ""
    out.print(f"Case {row['id']}: {row['state']}, {row['person']}; finding of {row['finding_date']}, referred to "
              f"{', '.join(row['referred_to'])}{alert}", highlight=False)  # fmt: skip
    for s in row["steps"]:
        state = f"done {s['done_on']} by {s['done_by']}" if s["done_on"] else f"due {s['due']}" if s["due"] else "open"
        out.print(f"  {s['step']:<17} {escape(s['title'])} [{escape(s['owner'])}]: {escape(state)}", highlight=False)
        for line in s["notes"].splitlines():
            out.print(f"  {'':<17}   {escape(line)}", highlight=False)


@cases_app.command("done")
@reports_errors
def done(
    case_id: CaseId,
    step: Annotated[str, typer.Argument(help=f"The step: {', '.join(STEPS)}.")],
    by: By,
    on: Annotated[str, typer.Option("--on", help="The day it was done (YYYY-MM-DD; default today).")] = "",
    reply_by: Annotated[
        str, typer.Option("--reply-by", help="open_letter only: the State's time limit (at most two weeks).")
    ] = "",
    note: Annotated[str, typer.Option("--note", help="A note kept with the step.")] = "",
    config: ConfigOption = None,
) -> None:
    """Mark a step done (the open letter also sets when the Bureau meets the State)."""
    from tracker.cases import mark_done
    from tracker.storage import session_scope

    _, engine = engine_for(config)
    day = parse_day(on)
    limit = parse_day(reply_by, "--reply-by") if reply_by else None
    with session_scope(engine) as session:
        mark_done(session, case_id, step, by, day, note, limit)
    out.print(f"Case {case_id}: {step} done on {day} by {by}.", highlight=False)


@cases_app.command("proposals")
@reports_errors
def proposals(config: ConfigOption = None, as_json: Json = False, everything: bool = False) -> None:
    """The Court's outputs proposed as reference changes and waiting for review (--everything: decided too)."""
    from sqlmodel import Session, col, select

    from tracker.models import CourtProposal, Report
    from tracker.proposals import ACT_NAMES, PROPOSED

    _, engine = engine_for(config)
    with Session(engine) as session:
        query = select(CourtProposal, Report).join(Report, col(Report.id) == CourtProposal.report_id)
        if not everything:
            query = query.where(CourtProposal.status == PROPOSED)
        pairs = session.exec(query.order_by(CourtProposal.id)).all()
    rows = [{"id": p.id, "act": p.act, "person": p.person_id or None, "state": p.state or None,
             "dated": p.decided_on.isoformat() if p.decided_on else None, "referred_to": p.referred_to or None,
             "status": p.status, "title": r.title, "url": r.url, "change": p.change, "why": p.why}
            for p, r in pairs]  # fmt: skip
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        out.print("Nothing waiting for review.")
    for r in rows:
        who = " → ".join(x for x in (r["person"], r["state"]) if x) or "no watched person or state named"
        out.print(f"#{r['id']} {ACT_NAMES[r['act']]}: {escape(who)} ({r['dated'] or 'undated'}) [{r['status']}]",
                  highlight=False)  # fmt: skip
        out.print(f"    {escape(r['title'])}\n    {escape(r['url'])}", highlight=False)


def _settle(proposal_id: int, by: str, confirm: bool, config) -> None:
    from tracker.cases import settle
    from tracker.storage import session_scope

    cfg, engine = engine_for(config)
    with session_scope(engine) as session:
        case = settle(session, proposal_id, by, confirm, cfg)
        case_id = case.id if case else None
    verb = "confirmed" if confirm else "rejected"
    opened = f"; case {case_id} opened (`tracker cases show {case_id}`)" if case_id else ""
    out.print(f"Proposal {proposal_id} {verb}{opened}.", highlight=False)


@cases_app.command("confirm")
@reports_errors
def confirm(proposal_id: ProposalId, by: By, config: ConfigOption = None) -> None:
    """Confirm a proposed change; a finding referred to the Assembly opens its case."""
    _settle(proposal_id, by, True, config)


@cases_app.command("reject")
@reports_errors
def reject(proposal_id: ProposalId, by: By, config: ConfigOption = None) -> None:
    """Reject a proposed change (nothing is applied)."""
    _settle(proposal_id, by, False, config)
