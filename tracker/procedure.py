"""The checklist of the Assembly's formal procedure (scenario 7(a) of the Bureau's 2011 report on
non-cooperation): each step, who owns it, and the procedure's words on its timing. Plain data, light to
import (the CLI's help lists the steps); the case files that follow it are tracker.cases."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    owner: str
    when: str  # the procedure's words on timing, shown beside the due date


FORWARD = Step(
    "forward", "Forward the Court's decision to all States Parties", "Secretariat of the Assembly", "without delay"
)
PRESS_RELEASE = Step("press_release", "Press release", "President of the Assembly", "")
EMERGENCY_BUREAU = Step(
    "emergency_bureau", "Emergency Bureau meeting", "Bureau", "where urgent action may still bring about cooperation"
)
OPEN_LETTER = Step(
    "open_letter",
    "Open letter from the President asking the State for its views",
    "President of the Assembly",
    "the State answers within at most two weeks",
)
BUREAU_MEETING = Step(
    "bureau_meeting", "Bureau meeting with the State", "Bureau", "when the time limit expires or the answer arrives"
)
WORKING_GROUP = Step(
    "working_group",
    "Public meeting of the New York Working Group",
    "New York Working Group",
    "if the next Assembly session is more than three months away",
)
REPORT = Step("report", "Bureau report to the Assembly and plenary", "Bureau", "at the next Assembly session")
CHECKLIST = (FORWARD, PRESS_RELEASE, EMERGENCY_BUREAU, OPEN_LETTER, BUREAU_MEETING, WORKING_GROUP, REPORT)
STEPS = {s.key: s for s in CHECKLIST}
