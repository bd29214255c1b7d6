"""What intake refuses, as named errors; the HTTP edge maps them to status codes.

Messages never quote values: they reach response bodies and may reach logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID


class FieldError(ValueError):
    """An input field that is well-formed but not acceptable here; `loc` names it."""

    def __init__(self, loc: Sequence[str | int], kind: str, message: str) -> None:
        super().__init__(message)
        self.loc = tuple(loc)
        self.kind = kind
        self.message = message


class NotFound(LookupError):
    """No such record in the caller's district (another district's record looks the same)."""


class Conflict(Exception):
    """The change contradicts the record's state; `message` says which rule."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PossibleDuplicates(Exception):
    """A new person resembles people already registered; the caller must confirm."""

    def __init__(self, candidates: Sequence[UUID]) -> None:
        super().__init__("possible duplicates")
        self.candidates = tuple(candidates)


class StaleVersion(Exception):
    """The caller changed a record it read at another version (If-Match): someone else was first."""

    def __init__(self, current: int) -> None:
        super().__init__("the record has changed since it was read")
        self.current = current
