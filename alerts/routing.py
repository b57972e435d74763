"""Who receives a message about an episode, like the routes of an alert manager: the ASP President's
team always, the focal point(s) of the destination's UN regional group, then anyone configured for the
destination state or for the person; each address once. The Bureau receives only the notice the
President sends it."""

from __future__ import annotations

from dataclasses import dataclass

from geo.reference import Reference, default_reference
from tracker.config import Config
from tracker.config import Recipient as Configured


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    role: str  # "president", the regional group, "state", "person" or "bureau"


def recipients(config: Config, state: str, person: str, ref: Reference | None = None) -> list[Recipient]:
    """The recipients of every message about `person`'s trip to `state`, in that order, each address once."""
    ref = ref or default_reference()
    group = ref.states[state].un_regional_group if state in ref.states else ""
    routes = config.recipients
    return _once(
        _as("president", routes.president)
        + _as(group, routes.focal_points.get(group, []))
        + _as("state", routes.states.get(state, []))
        + _as("person", routes.people.get(person, []))
    )


def bureau(config: Config) -> list[Recipient]:
    return _once(_as("bureau", config.recipients.bureau))


def _as(role: str, configured: list[Configured]) -> list[Recipient]:
    return [Recipient(r.name, r.email, role) for r in configured]


def _once(chosen: list[Recipient]) -> list[Recipient]:
    seen: set[str] = set()
    return [r for r in chosen if not (r.email.lower() in seen or seen.add(r.email.lower()))]
