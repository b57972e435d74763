"""The forms under which news names a wanted person, built from people.csv and aliases.csv.

Full names are every alias of two words or more, plus each first name with each surname form
("Vladimir Poutine", "Владимир Путин"); surnames are the one-word aliases and the last word of the
others ("Putin", "Путин", "بوتين", "普京"). A surname alone is weak evidence (Sara Netanyahu, the word
gallant): whoever uses it decides what context it needs. Forms are compared folded, with hyphens as
spaces ("al-Bashir" = "Al Bashir").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from geo.names import fold
from geo.reference import Reference, default_reference


@dataclass(frozen=True)
class NameForms:
    person: str
    full: frozenset[str]
    surnames: frozenset[str]
    firsts: frozenset[str]


def plain(text: str) -> str:
    """Folded, with hyphens as spaces; same length as `text`."""
    return fold(text).replace("-", " ")


def name_forms(ref: Reference) -> dict[str, NameForms]:
    out = {}
    for person in ref.people.values():
        forms = {a.alias.strip() for a in ref.aliases if a.person == person.id} | {person.name}
        forms = {f for f in forms if f and "(" not in f}
        multi = {f for f in forms if " " in f}
        firsts = {word for f in multi for word in f.split()[:-1]}  # "Omar Hassan al-Bashir": Hassan too
        surnames = {f for f in forms if " " not in f} | {f.split()[-1] for f in multi}
        full = multi | {f"{f.split()[0]} {b}" for f in multi for b in surnames}
        out[person.id] = NameForms(
            person.id,
            frozenset(plain(f) for f in full),
            frozenset(plain(s) for s in surnames),
            frozenset(plain(f) for f in firsts),
        )
    return out


@cache
def default_name_forms() -> dict[str, NameForms]:
    return name_forms(default_reference())
