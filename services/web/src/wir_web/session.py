"""Who is signed in: the identity provider's token kept in the session cookie, verified on
every request exactly as the services verify it, so the token alone decides district and roles."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from wir_kit.auth import Authenticator, InvalidToken, Principal, Role

TOKEN = "token"  # noqa: S105 - the session key the token is kept under
#: What a signed-in user may still find in the session after a failed verification: nothing.
_SIGN_OUT_KEYS = (TOKEN, "id_token", "csrf")


@dataclass(frozen=True, slots=True)
class User:
    principal: Principal
    token: str

    @property
    def district(self) -> str:
        return self.principal.district

    def has(self, *roles: Role) -> bool:
        return bool(self.principal.roles & set(roles))


class SignInRequired(Exception):
    """No valid sign-in: the page is answered by a redirect to the sign-in page."""


class NotAllowed(Exception):
    """Signed in, but in none of the roles the page is for."""


def start(request: Request, token: str, id_token: str | None = None) -> None:
    """A new session for a fresh sign-in: nothing of an earlier one survives it."""
    language = request.session.get("lang")
    request.session.clear()
    request.session[TOKEN] = token
    if id_token:
        request.session["id_token"] = id_token
    if language:
        request.session["lang"] = language


def end(request: Request) -> None:
    language = request.session.get("lang")
    request.session.clear()
    if language:
        request.session["lang"] = language


async def current_user(request: Request) -> User | None:
    token = request.session.get(TOKEN)
    if not isinstance(token, str):
        return None
    authenticator: Authenticator = request.app.state.authenticator
    try:
        principal = await authenticator.authenticate(token)
    except InvalidToken:
        for key in _SIGN_OUT_KEYS:
            request.session.pop(key, None)
        return None
    return User(principal, token)


def signed_in(*roles: Role) -> Callable[[Request], Coroutine[Any, Any, User]]:
    """A dependency: the user, who holds one of `roles` (any role when none is named)."""

    async def dependency(request: Request) -> User:
        user = await current_user(request)
        if user is None:
            raise SignInRequired
        if roles and not user.has(*roles):
            raise NotAllowed
        return user

    return dependency


AnyUser = Annotated[User, Depends(signed_in())]
CaseManager = Annotated[User, Depends(signed_in(Role.CASE_MANAGER))]
Coordinator = Annotated[User, Depends(signed_in(Role.COORDINATOR))]
Staff = Annotated[User, Depends(signed_in(Role.CASE_MANAGER, Role.COORDINATOR))]
