"""Sign-in with the district's identity provider: OpenID Connect, authorization code + PKCE
(Authlib). The provider's access token carries `district` and `roles` as the services expect
them; the services verify it against the provider's keys (WIR_JWT_JWKS_URL), and so does this
app before it starts a session with it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import httpx
import httpx2
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from fastapi import Request
from fastapi.responses import Response
from joserfc.errors import JoseError

from wir_kit.auth import Authenticator, InvalidToken, Role
from wir_kit.logging import get_logger
from wir_web.settings import WebSettings

NAME = "idp"
CALLBACK_PATH = "/auth/callback"
#: Authlib's own errors (wrong or missing state, the provider's `error=`, a refused code, an ID
#: token that does not verify) and its JOSE library's: the sign-in did not complete.
FAILED = (AuthlibBaseError, JoseError)
#: The provider did not answer, or answered with a server error (Authlib talks through httpx2).
UNREACHABLE = (httpx2.HTTPError, httpx.HTTPError)

log = get_logger(__name__)


def client(settings: WebSettings) -> StarletteOAuth2App | None:
    if not settings.oidc_issuer:
        return None
    oauth = OAuth()
    registered: StarletteOAuth2App = oauth.register(
        NAME,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid", "code_challenge_method": "S256"},
    )
    return registered


def callback_url(settings: WebSettings) -> str:
    """The redirect URI registered at the provider: from the public URL, not from the request,
    whose host is whatever the proxy in front of the app forwarded."""
    return settings.public_url.rstrip("/") + CALLBACK_PATH


async def start(request: Request, idp: StarletteOAuth2App, settings: WebSettings) -> Response:
    """The redirect to the provider's sign-in, with a fresh state, nonce and PKCE challenge
    (S256) kept in the session for the callback."""
    try:
        redirect: Response = await idp.authorize_redirect(request, callback_url(settings))
    except UNREACHABLE as exc:
        log.warning("signin.idp_unreachable", error=type(exc).__name__)
        raise SignInFailed("idp_down", 503) from None
    return redirect


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str
    id_token: str | None


class SignInFailed(Exception):
    """The sign-in at the provider did not end in a usable token; `problem` names the words
    (`signin.<problem>`) the user is shown, and nothing of the token or the provider's answer."""

    def __init__(self, problem: str, status_code: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.status_code = status_code


async def finish(
    request: Request, idp: StarletteOAuth2App, authenticator: Authenticator, roles: Collection[Role]
) -> Tokens:
    """The provider's answer at the callback: code exchanged (state and PKCE checked by Authlib),
    then the access token verified exactly as the services will, and one of `roles` required."""
    try:
        answer = await idp.authorize_access_token(request)
    except UNREACHABLE as exc:
        log.warning("signin.idp_unreachable", error=type(exc).__name__)
        raise SignInFailed("idp_down", 503) from None
    except FAILED as exc:
        # The class says enough (MismatchingStateError, OAuthError, ...); its message may quote
        # what the provider or the browser sent.
        log.info("signin.idp_failed", error=type(exc).__name__)
        raise SignInFailed("idp_failed", 400) from None
    access_token, id_token = answer.get("access_token"), answer.get("id_token")
    if not isinstance(access_token, str):
        log.info("signin.idp_failed", error="no access token")
        raise SignInFailed("idp_failed", 400)
    try:
        principal = await authenticator.authenticate(access_token)
    except InvalidToken as exc:
        log.info("signin.idp_refused", reason=exc.reason)
        raise SignInFailed("idp_refused", 403) from None
    if not principal.roles & set(roles):
        log.info("signin.idp_refused", reason="no role of the web app")
        raise SignInFailed("idp_no_role", 403)
    return Tokens(access_token, id_token if isinstance(id_token, str) else None)


async def end_session_url(idp: StarletteOAuth2App, id_token: str, back: str) -> str | None:
    """Where the browser ends its session at the provider too (RP-initiated logout), or None
    when the provider has no such endpoint or cannot say so now."""
    try:
        metadata = await idp.load_server_metadata()
    except UNREACHABLE as exc:
        log.warning("signin.idp_unreachable", error=type(exc).__name__)
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return None
    params = {"id_token_hint": id_token, "post_logout_redirect_uri": back, "client_id": idp.client_id}
    return str(httpx.URL(endpoint, params=params))
