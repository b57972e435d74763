"""What the reference data and the places cannot answer: light to import, so that a command can say what
went wrong without loading the data first."""

from __future__ import annotations


class ReferenceDataError(ValueError):
    """A reference data file cannot be read; `problems` lists every place with what is wrong."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("reference data has errors:\n  " + "\n  ".join(problems))


class UnknownPersonError(LookupError):
    """The person id is not in the reference data."""


class UnknownStateError(LookupError):
    """The state code is not in the reference data."""


class UnknownPlaceError(ValueError):
    """A place name no entry with a position matches, or a position off the globe."""
