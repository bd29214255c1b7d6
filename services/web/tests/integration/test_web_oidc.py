"""Sign-in with an identity provider, end to end: the web app's real Authlib client against a
small but real OpenID provider served by uvicorn on a free port, which checks PKCE (S256),
signs RS256 tokens with the claims the kit requires and serves its keys; the web app and its
kit verify those tokens against that provider only (development tokens are refused)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import secrets
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from wir_kit.auth import trusts_dev_key
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE
from wir_web.settings import SERVICES, WebSettings

from ..conftest import WebClient, WebFactory

CLIENT_ID = "wir-web"
WEB = "http://web"
COORDINATOR = {"sub": "koordination-bergstrasse", "district": BERGSTRASSE, "roles": ["coordinator"]}


class Provider:
    """An OpenID provider that signs in `user` without asking, as a provider with a remembered
    session does; `deny` makes it answer like a user who cancelled."""

    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._kid = secrets.token_hex(4)
        self._codes: dict[str, dict[str, Any]] = {}
        self.user: dict[str, Any] = dict(COORDINATOR)
        self.deny = False
        self.end_session = True
        self.verified_challenges = 0
        self.id_tokens: list[str] = []
        self.issuer = ""
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
                Route("/jwks", self._jwks),
                Route("/logout", self._logout),
            ]
        )

    async def serve(self) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.issuer = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(self.app(), log_config=None, access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
            self._server = None

    async def _discovery(self, _: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                **({"end_session_endpoint": f"{self.issuer}/logout"} if self.end_session else {}),
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def _authorize(self, request: Request) -> Response:
        query = request.query_params
        if self.deny:
            return _back(query, error="access_denied")
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return _back(query, error="invalid_request")
        code = secrets.token_urlsafe(16)
        self._codes[code] = {
            "challenge": query["code_challenge"],
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
        }
        return _back(query, code=code)

    async def _token(self, request: Request) -> Response:
        form = await request.form()
        grant = self._codes.pop(str(form.get("code")), None)
        verifier = str(form.get("code_verifier", ""))
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if _s256(verifier) != grant["challenge"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, status_code=400)
        self.verified_challenges += 1
        now = int(time.time())
        times = {"iss": self.issuer, "iat": now, "exp": now + 3600, "sub": self.user["sub"]}
        access = {**times, **self.user, "aud": ["wir", "account"], "azp": CLIENT_ID}
        identity = {**times, "aud": CLIENT_ID, "nonce": grant["nonce"]}
        id_token = self._sign(identity)
        self.id_tokens.append(id_token)
        answer = {"access_token": self._sign(access), "id_token": id_token, "token_type": "Bearer"}
        return JSONResponse({**answer, "expires_in": 3600})

    async def _jwks(self, _: Request) -> Response:
        key = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        return JSONResponse({"keys": [{**key, "kid": self._kid, "alg": "RS256", "use": "sig"}]})

    async def _logout(self, _: Request) -> Response:
        return Response("signed out")

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self._kid})


def _back(query: Any, **params: str) -> Response:
    """The redirect to the client's callback, with its state as the client sent it."""
    if "state" in query:
        params["state"] = query["state"]
    return RedirectResponse(str(httpx.URL(query["redirect_uri"]).copy_merge_params(params)))


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@pytest.fixture
async def provider() -> AsyncIterator[Provider]:
    running = Provider()
    await running.serve()
    yield running
    await running.stop()


@pytest.fixture
def web_settings(provider: Provider) -> WebSettings:
    """Overrides conftest's: the web app signs in at `provider`, and is reached as WEB."""
    urls = {f"{name}_url": f"http://{name}" for name in SERVICES}
    return WebSettings(env="test", public_url=WEB, oidc_issuer=provider.issuer, **urls)


@pytest.fixture
def kit(provider: Provider) -> Settings:
    return Settings(
        env="test", jwt_jwks_url=f"{provider.issuer}/jwks", jwt_issuer=provider.issuer, jwt_audience="wir"
    )


async def _through_provider(client: WebClient, next_page: str = "/") -> httpx.Response:
    """What a browser does: to the provider, which answers at once, and back to the callback."""
    start = await client.http.get("/signin/idp", params={"next": next_page})
    assert start.status_code == 302, start.text
    async with httpx.AsyncClient() as browser:
        approved = await browser.get(start.headers["location"])
    assert approved.status_code in (302, 307), approved.text
    return await client.http.get(approved.headers["location"])


async def test_the_sign_in_sends_the_browser_to_the_provider_with_pkce_and_state(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    client = await web(kit)
    answer = await client.http.get("/signin/idp", params={"next": "/people"})
    assert answer.status_code == 302
    target = httpx.URL(answer.headers["location"])
    assert str(target.copy_with(query=None)) == f"{provider.issuer}/authorize"
    assert target.params["code_challenge_method"] == "S256"
    assert len(target.params["code_challenge"]) >= 43
    assert target.params["state"] and target.params["nonce"]
    assert target.params["redirect_uri"] == f"{WEB}/auth/callback"
    assert "openid" in target.params["scope"].split()


async def test_a_coordinator_signed_in_at_the_provider_lands_on_the_page_asked_for(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    assert not trusts_dev_key(kit), "beside an identity provider's key, development tokens are refused"
    client = await web(kit)
    done = await _through_provider(client, "/?from=idp")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/?from=idp"
    assert provider.verified_challenges == 1
    home = await client.http.get("/?from=idp")
    assert home.status_code == 200
    assert "Kreis Bergstraße" in home.text
    assert 'href="/matching"' in home.text and 'href="/audit"' in home.text
    assert 'href="/people/new"' not in home.text, "a case manager's link, not a coordinator's"


async def test_a_callback_with_a_state_this_browser_was_not_given_is_refused_in_plain_words(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    client = await web(kit)
    start = await client.http.get("/signin/idp")
    async with httpx.AsyncClient() as browser:
        approved = httpx.URL((await browser.get(start.headers["location"])).headers["location"])
    forged_state = {"code": approved.params["code"], "state": "forged"}
    forged = await client.http.get("/auth/callback", params=forged_state)
    assert forged.status_code == 400
    assert "Anmeldung nicht abgeschlossen" in forged.text
    assert "State" not in forged.text and "Traceback" not in forged.text
    assert provider.verified_challenges == 0, "the code was never exchanged"
    assert (await client.http.get("/")).status_code == 303


async def test_a_cancelled_sign_in_at_the_provider_is_shown_in_plain_words(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    provider.deny = True
    client = await web(kit)
    answer = await _through_provider(client)
    assert answer.status_code == 400
    assert "Bitte melden Sie sich noch einmal an" in answer.text
    assert "access_denied" not in answer.text
    assert (await client.http.get("/")).status_code == 303


async def test_a_token_without_a_district_signs_nobody_in(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    provider.user = {key: value for key, value in COORDINATOR.items() if key != "district"}
    client = await web(kit)
    answer = await _through_provider(client)
    assert answer.status_code == 403
    assert "Ihm fehlt der Landkreis" in answer.text
    assert (await client.http.get("/")).status_code == 303


async def test_an_account_without_a_role_of_the_web_app_signs_nobody_in(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    provider.user = {**COORDINATOR, "roles": ["state_analyst", "offline_access"]}
    client = await web(kit)
    answer = await _through_provider(client)
    assert answer.status_code == 403
    assert "Keine Rolle in WIR" in answer.text
    assert (await client.http.get("/")).status_code == 303


async def test_an_unreachable_provider_is_a_page_in_plain_words(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    await provider.stop()
    client = await web(kit)
    answer = await client.http.get("/signin/idp")
    assert answer.status_code == 503
    assert "Anmeldedienst nicht erreichbar" in answer.text


async def test_a_provider_gone_before_the_code_is_exchanged_is_a_page_in_plain_words(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    client = await web(kit)
    start = await client.http.get("/signin/idp")
    async with httpx.AsyncClient() as browser:
        callback = (await browser.get(start.headers["location"])).headers["location"]
    await provider.stop()
    answer = await client.http.get(callback)
    assert answer.status_code == 503
    assert "Anmeldedienst nicht erreichbar" in answer.text
    assert (await client.http.get("/")).status_code == 303


async def test_sign_out_at_a_provider_without_an_end_session_endpoint_ends_the_session_here(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    provider.end_session = False
    client = await web(kit)
    assert (await _through_provider(client)).status_code == 303
    answer = await client.submit("/signout", {}, form_on="/")
    assert answer.status_code == 303 and answer.headers["location"] == "/signin"
    assert (await client.http.get("/")).status_code == 303


async def test_sign_out_ends_the_session_here_and_at_the_provider(
    web: WebFactory, kit: Settings, provider: Provider
) -> None:
    client = await web(kit)
    assert (await _through_provider(client)).status_code == 303
    answer = await client.submit("/signout", {}, form_on="/")
    assert answer.status_code == 303
    target = httpx.URL(answer.headers["location"])
    assert str(target.copy_with(query=None)) == f"{provider.issuer}/logout"
    assert target.params["id_token_hint"] == provider.id_tokens[-1]
    assert target.params["post_logout_redirect_uri"] == f"{WEB}/signin"
    assert (await client.http.get("/")).status_code == 303
