"""How the service's named errors answer over HTTP, declared once (`ServiceSpec.errors`); routes
let them propagate. The inbox sign-in's refusals say why in one word each, never whose."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from wir_kit import Answer, refused
from wir_notifications.domain.errors import (
    CodeEnded,
    CodeExpired,
    CodeNotSent,
    CodeRecentlySent,
    CodeUsed,
    CodeWrong,
    LinkRefused,
    LinkTimeOver,
    NoCode,
    NoCodeChannel,
    NoSuchMessage,
    NoSuchPerson,
    TooManyCodes,
)


def _retry_after(exc: CodeRecentlySent) -> dict[str, str]:
    return {"Retry-After": str(exc.retry_after_s)}


ERRORS: dict[type[Exception], Answer] = {
    # Another's message answers exactly like a missing one.
    NoSuchMessage: refused(404, "no such message"),
    # Unknown and another district's person answer alike, as on every other service.
    NoSuchPerson: refused(404, "no such person"),
    LinkRefused: refused(404, "link_invalid"),
    LinkTimeOver: refused(410, "link_expired"),
    NoCodeChannel: refused(409, "no_channel"),
    CodeNotSent: refused(503, "code_not_sent"),
    TooManyCodes: refused(429, "too_many_codes", headers=_retry_after),
    CodeRecentlySent: refused(429, "code_recently_sent", headers=_retry_after),
    NoCode: refused(409, "no_code"),
    CodeWrong: refused(400, "code_wrong"),
    CodeEnded: refused(410, "code_ended"),
    CodeExpired: refused(410, "code_expired"),
    CodeUsed: refused(410, "code_used"),
}


class Refusal(BaseModel):
    """Why a request was refused, as one word (e.g. `code_wrong`); never whose."""

    detail: str


def _answer(description: str) -> dict[str, Any]:
    return {"model": Refusal, "description": description}


#: The OpenAPI description of those 404s, on the routes that answer them.
MESSAGE_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such message of the caller's."}
}
PERSON_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such person in the district."}}
#: A message link's refusals, on every route of the inbox sign-in.
LINK_REFUSED: dict[int | str, dict[str, Any]] = {
    404: _answer("`link_invalid`: tampered, unknown, another district's, or not a person's message."),
    410: _answer("`link_expired`: the message link's time is over."),
}
CODE_REQUEST_REFUSED: dict[int | str, dict[str, Any]] = {
    **LINK_REFUSED,
    409: _answer("`no_channel`: the message went out on no e-mail or SMS that can still be used."),
    429: _answer("`code_recently_sent` or `too_many_codes`: wait `Retry-After` seconds."),
    503: _answer("`code_not_sent`: the mail server or SMS provider did not take it; try again later."),
}
CODE_CHECK_REFUSED: dict[int | str, dict[str, Any]] = {
    400: _answer("`code_wrong`: not the code sent; the code holds for a few tries."),
    404: LINK_REFUSED[404],
    409: _answer("`no_code`: no code was asked for with this link."),
    410: _answer("`link_expired`, or the code is over: `code_expired`, `code_used`, `code_ended`."),
}
