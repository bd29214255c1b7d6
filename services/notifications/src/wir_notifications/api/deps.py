"""What the notifications routes take besides the kit's database and callers (`Staff`,
`Coordinator`, `CurrentPrincipal`): the service's settings, the size of a page, and the reader
of an inbox."""

from __future__ import annotations

from typing import Annotated, Any

import structlog
from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wir_kit import Principal, Role, get_logger, principal, settings_of
from wir_notifications.adapters import inbox_tokens
from wir_notifications.settings import NotificationSettings

log = get_logger(__name__)

#: The service's own settings, as `main.build` read them.
Config = Annotated[NotificationSettings, Depends(settings_of(NotificationSettings))]

Limit = Annotated[int, Query(ge=1, le=200)]

_READERS = frozenset({Role.PERSON, Role.VOLUNTEER, Role.INTERPRETER})
_bearer = HTTPBearer(
    auto_error=False, description="A WIR JWT, or the person token `POST /inbox/session` issues."
)


async def inbox_reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: Config,
) -> Principal:
    """Whoever reads their own inbox: a person, a volunteer or an interpreter. A token of this
    service's inbox (`adapters/inbox_tokens.py`) is verified with its key alone; any other
    token as every route verifies it. Staff roles alone are refused, so a staff token whose
    subject equals a person's id reads nothing."""
    if credentials is not None and inbox_tokens.is_inbox_token(credentials.credentials):
        try:
            who = inbox_tokens.verify(
                settings.inbox_token_secret, credentials.credentials, max_minutes=settings.inbox_token_minutes
            )
        except inbox_tokens.InvalidInboxToken as exc:
            log.info("auth.rejected", reason=exc.reason, issuer=inbox_tokens.ISSUER)
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                f"invalid token: {exc.reason}",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from None
        structlog.contextvars.bind_contextvars(district=who.district, roles=[Role.PERSON.value])
        return who
    who = await principal(request, credentials)
    if who.roles.isdisjoint(_READERS):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "forbidden")
    return who


Recipient = Annotated[Principal, Depends(inbox_reader)]

#: The answers of a route taking `Recipient`, for the OpenAPI document (the kit declares them
#: only on routes that take its own principal).
RECIPIENT_ANSWERS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid bearer token."},
    403: {"description": "The token's roles do not admit this route."},
}
