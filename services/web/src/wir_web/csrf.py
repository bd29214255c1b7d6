"""Every form carries the session's CSRF token; a POST without it is refused before any
service is called. The session cookie is SameSite=Lax as well, but a token does not depend on
the browser honouring that."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from starlette.datastructures import FormData

FIELD = "csrf_token"
_KEY = "csrf"


class CsrfRefused(Exception):
    """A form arrived without this session's token."""


def token(request: Request) -> str:
    current = request.session.get(_KEY)
    if not isinstance(current, str):
        current = secrets.token_urlsafe(32)
        request.session[_KEY] = current
    return current


async def checked_form(request: Request) -> FormData:
    """The posted form, once its token is this session's."""
    form = await request.form()
    sent = form.get(FIELD)
    expected = request.session.get(_KEY)
    if not isinstance(sent, str) or not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        raise CsrfRefused
    return form
