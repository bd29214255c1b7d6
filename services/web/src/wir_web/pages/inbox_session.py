"""A person's sign-in to their own inbox, kept in the web session apart from staff sign-in:
the person token notifications issued for a one-time code (`person_token`) and the language of
the message they came from (`person_lang`). The token is checked by notifications on every
call; the web app cannot read it and does not try."""

from __future__ import annotations

from fastapi import Request

from wir_web.i18n import PERSON_LANGUAGES, staff_language

PERSON_TOKEN = "person_token"  # noqa: S105 - the session key the person's token is kept under
PERSON_LANGUAGE = "person_lang"


def keep(request: Request, token: str, language: str) -> None:
    request.session[PERSON_TOKEN] = token
    request.session[PERSON_LANGUAGE] = language


def token(request: Request) -> str | None:
    found = request.session.get(PERSON_TOKEN)
    return found if isinstance(found, str) else None


def end(request: Request) -> None:
    """Signed out (or the token ran out): the language stays, so the next page still speaks it."""
    request.session.pop(PERSON_TOKEN, None)


def language(request: Request, chosen: object = None) -> str:
    """The person's pages' language: `chosen` (a form's or a link's), else the session's, else
    the staff interface's (German or the browser's English)."""
    for candidate in (chosen, request.session.get(PERSON_LANGUAGE)):
        if isinstance(candidate, str) and candidate in PERSON_LANGUAGES:
            return candidate
    return staff_language(request)
