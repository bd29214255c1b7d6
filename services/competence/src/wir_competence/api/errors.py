"""What competence's domain errors answer over HTTP, declared once (`ServiceSpec.errors`).

Another district's record is as missing as a missing one; a share link that opens nothing and a
code never printed answer the same 404, so probing reveals nothing; only a genuine link past its
expiry (a date its holder saw) answers 410. Routes let the errors propagate.
"""

from __future__ import annotations

from typing import Any

from fastapi import status

from wir_competence.domain.errors import (
    CodeUnknown,
    ConsentMissing,
    EntryNotFound,
    ImplausibleDate,
    KindChanged,
    LinkExpired,
    LinkUnusable,
    RecordNotFound,
    ShareNotFound,
)
from wir_kit import Answer, invalid, refused

NOT_FOUND = "not found"
EXPIRED = "this link has expired: ask the case manager for a new one"


def _no_consent(exc: ConsentMissing) -> str:
    return f"the person has not consented to {exc.purpose}"


ERRORS: dict[type[Exception], Answer] = {
    RecordNotFound: refused(status.HTTP_404_NOT_FOUND, NOT_FOUND),
    EntryNotFound: refused(status.HTTP_404_NOT_FOUND, NOT_FOUND),
    ShareNotFound: refused(status.HTTP_404_NOT_FOUND, NOT_FOUND),
    LinkUnusable: refused(status.HTTP_404_NOT_FOUND, NOT_FOUND),
    CodeUnknown: refused(status.HTTP_404_NOT_FOUND, NOT_FOUND),
    LinkExpired: refused(status.HTTP_410_GONE, EXPIRED),
    KindChanged: refused(status.HTTP_409_CONFLICT, "an entry keeps its kind; add a new entry"),
    ConsentMissing: refused(status.HTTP_409_CONFLICT, _no_consent),
    ImplausibleDate: lambda exc: invalid(("body", *exc.loc), exc.reason, exc.message),
}

#: The OpenAPI description of the 404 of every route under `/records/{person_id}`.
RECORD_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No such record here (or in no district at all)."}
}
#: ... and of the routes without an account.
LINK_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No such link or code (revoked and withdrawn links included)."}
}
LINK_ANSWERS: dict[int | str, dict[str, Any]] = {
    **LINK_NOT_FOUND,
    status.HTTP_410_GONE: {"description": "The link has expired; the case manager can issue a new one."},
}
