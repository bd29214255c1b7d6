"""What can go wrong with a command, named; the HTTP edge (`api/errors.py`) maps each to its answer."""

from __future__ import annotations


class RecordNotFound(LookupError):
    """No record of that person in the caller's district (or none at all: the same answer)."""


class EntryNotFound(LookupError):
    """No such entry in the record, or it was removed."""


class KindChanged(ValueError):
    """An entry keeps its kind; a different kind is a new entry."""


class ImplausibleDate(ValueError):
    """A date the entry cannot truly carry; names the field, never the value."""

    def __init__(self, kind: str, field: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.loc = (kind, field)
        self.reason = reason
        self.message = message


class ConsentMissing(Exception):
    """The person has not consented to what was asked."""

    def __init__(self, purpose: str) -> None:
        super().__init__(purpose)
        self.purpose = purpose


class ShareNotFound(LookupError):
    """No share of that record under that id."""


class LinkUnusable(LookupError):
    """A share link that opens nothing: malformed, unknown, tampered with, revoked, or its
    person's consent withdrawn. All look alike, so the holder learns nothing about the person's
    decision."""


class LinkExpired(Exception):
    """A genuine link past its expiry, a date its holder was shown with the record."""


class CodeUnknown(LookupError):
    """A verification code that was never printed (or cannot be one)."""
