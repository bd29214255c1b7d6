"""Bearer tokens and the role dependencies, through a bare FastAPI app."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import Depends, FastAPI
from jwt.algorithms import RSAAlgorithm

from wir_kit.auth import (
    Authenticator,
    CurrentPrincipal,
    DevTokenRefused,
    InvalidToken,
    Principal,
    Role,
    issue_dev_token,
    require_roles,
)
from wir_kit.settings import DEV_SIGNING_KEY, Settings
from wir_kit.testing.districts import BERGSTRASSE


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )


def production(**overrides: Any) -> Settings:
    return Settings(env="production", database_app_password="not-the-dev-one", **overrides)


def token(
    key: Any = DEV_SIGNING_KEY,
    algorithm: str = "HS256",
    headers: dict[str, str] | None = None,
    **claims: Any,
) -> str:
    """A token like the identity provider's; a claim given as None is left out."""
    now = int(time.time())
    payload = {
        "sub": "staff-17",
        "district": BERGSTRASSE,
        "roles": ["case_manager"],
        "aud": "wir",
        "iss": "wir-local",
        "iat": now,
        "exp": now + 600,
    } | claims
    present = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode(present, key, algorithm=algorithm, headers=headers)


async def get(settings: Settings, path: str, bearer: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer is not None else {}
    transport = httpx.ASGITransport(app=app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://wir.test") as client:
        return await client.get(path, headers=headers)


def app(settings: Settings) -> FastAPI:
    app = FastAPI()
    app.state.authenticator = Authenticator(settings)

    @app.get("/me")
    async def me(who: CurrentPrincipal) -> dict[str, Any]:
        return {"sub": who.sub, "district": who.district, "roles": sorted(who.roles)}

    @app.get("/cases", dependencies=[Depends(require_roles(Role.CASE_MANAGER))])
    async def cases() -> list[str]:
        return []

    return app


async def test_valid_dev_token_gives_the_principal() -> None:
    response = await get(Settings(env="test"), "/me", token())

    assert response.status_code == 200
    assert response.json() == {
        "sub": "staff-17",
        "district": BERGSTRASSE,
        "roles": ["case_manager"],
    }


def test_issued_dev_token_is_accepted() -> None:
    settings = Settings(env="local")
    issued = issue_dev_token(settings, sub="cm-1", district=BERGSTRASSE, roles=["coordinator"])

    who = Authenticator(settings).verify(issued)

    assert who == Principal(sub="cm-1", district=BERGSTRASSE, roles=frozenset({Role.COORDINATOR}))


async def test_expired_token_is_401() -> None:
    expired = token(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)

    response = await get(Settings(env="test"), "/me", expired)

    assert response.status_code == 401
    assert response.json()["detail"] == "invalid token: expired"


async def test_token_for_another_audience_is_401() -> None:
    response = await get(Settings(env="test"), "/me", token(aud="other"))

    assert response.status_code == 401
    assert response.json()["detail"] == "invalid token: wrong audience"


def test_token_of_another_issuer_is_rejected() -> None:
    with pytest.raises(InvalidToken, match="wrong issuer"):
        Authenticator(Settings(env="test")).verify(token(iss="somebody-else"))


async def test_token_of_unknown_district_is_401() -> None:
    response = await get(Settings(env="test"), "/me", token(district="99999"))

    assert response.status_code == 401
    assert response.json()["detail"] == "invalid token: unknown district"


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "district", "roles"])
def test_token_without_a_required_claim_is_rejected(claim: str) -> None:
    missing: dict[str, Any] = {claim: None}

    with pytest.raises(InvalidToken, match=f"missing claim {claim}"):
        Authenticator(Settings(env="test")).verify(token(**missing))


async def test_missing_token_is_401_with_bearer_challenge() -> None:
    response = await get(Settings(env="test"), "/me")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_invalid_token_is_401_with_invalid_token_challenge() -> None:
    response = await get(Settings(env="test"), "/me", "not.a.jwt")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_rejection_never_quotes_the_token() -> None:
    forged = token(key="another-key-that-is-long-enough-for-hs256", sub="Jane Doe")

    with pytest.raises(InvalidToken) as rejected:
        Authenticator(Settings(env="test")).verify(forged)

    assert rejected.value.reason == "bad signature"
    assert forged not in str(rejected.value)
    assert rejected.value.__cause__ is None


def test_unknown_roles_are_ignored() -> None:
    who = Authenticator(Settings(env="test")).verify(token(roles=["volunteer", "wizard", 7]))

    assert who.roles == frozenset({Role.VOLUNTEER})


async def test_volunteer_on_a_case_manager_route_is_403() -> None:
    volunteer = token(roles=["volunteer"])

    response = await get(Settings(env="test"), "/cases", volunteer)

    assert response.status_code == 403


async def test_case_manager_passes_the_role_check() -> None:
    response = await get(Settings(env="test"), "/cases", token())

    assert response.status_code == 200


def test_require_roles_needs_a_role() -> None:
    with pytest.raises(ValueError, match="at least one role"):
        require_roles()


@pytest.mark.parametrize(
    ("make_key", "algorithm"),
    [
        (
            lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "RS256",
        ),
        (lambda: ec.generate_private_key(ec.SECP256R1()), "ES256"),
    ],
)
async def test_asymmetric_token_verifies_with_the_configured_public_key(
    make_key: Any, algorithm: str
) -> None:
    key = make_key()
    settings = production(jwt_public_key=pem(key))

    response = await get(settings, "/me", token(key, algorithm))

    assert response.status_code == 200
    assert response.json()["district"] == BERGSTRASSE


def test_public_key_with_escaped_newlines_from_the_environment_is_read(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    settings = production(jwt_public_key=pem(rsa_key).replace("\n", "\\n"))

    who = Authenticator(settings).verify(token(rsa_key, "RS256"))

    assert who.district == BERGSTRASSE


async def test_hs256_is_refused_in_production_with_a_public_key(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    settings = production(jwt_public_key=pem(rsa_key))

    response = await get(settings, "/me", token())

    assert response.status_code == 401
    assert response.json()["detail"] == "invalid token: algorithm not accepted"


def test_token_signed_by_another_rsa_key_is_rejected(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings = production(jwt_public_key=pem(rsa_key))

    with pytest.raises(InvalidToken, match="bad signature"):
        Authenticator(settings).verify(token(other, "RS256"))


def test_es256_token_is_refused_when_the_configured_key_is_rsa(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    settings = production(jwt_public_key=pem(rsa_key))

    with pytest.raises(InvalidToken, match="algorithm not accepted"):
        Authenticator(settings).verify(token(other, "ES256"))


def test_public_key_of_an_unsupported_kind_is_refused_at_start() -> None:
    settings = Settings(env="test", jwt_public_key=pem(ec.generate_private_key(ec.SECP384R1())))

    with pytest.raises(ValueError, match="RSA or P-256"):
        Authenticator(settings)


@pytest.fixture
def jwks_url(rsa_key: rsa.RSAPrivateKey) -> Iterator[str]:
    jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    body = json.dumps({"keys": [jwk | {"kid": "k1", "alg": "RS256", "use": "sig"}]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()
    server.server_close()


async def test_token_verifies_with_a_key_from_the_jwks_endpoint(
    rsa_key: rsa.RSAPrivateKey, jwks_url: str
) -> None:
    signed = token(rsa_key, "RS256", headers={"kid": "k1"})

    response = await get(production(jwt_jwks_url=jwks_url), "/me", signed)

    assert response.status_code == 200


def test_token_with_an_unknown_key_id_is_rejected(rsa_key: rsa.RSAPrivateKey, jwks_url: str) -> None:
    signed = token(rsa_key, "RS256", headers={"kid": "retired"})

    with pytest.raises(InvalidToken, match="unknown signing key"):
        Authenticator(production(jwt_jwks_url=jwks_url)).verify(signed)


def test_issue_dev_token_refuses_production(rsa_key: rsa.RSAPrivateKey) -> None:
    settings = production(jwt_public_key=pem(rsa_key))

    with pytest.raises(DevTokenRefused):
        issue_dev_token(settings, sub="cm-1", district=BERGSTRASSE, roles=[Role.CASE_MANAGER])


def test_issue_dev_token_refuses_unknown_district_and_role() -> None:
    settings = Settings(env="local")

    with pytest.raises(ValueError, match="unknown district"):
        issue_dev_token(settings, sub="cm-1", district="99999", roles=["case_manager"])
    with pytest.raises(ValueError, match="wizard"):
        issue_dev_token(settings, sub="cm-1", district=BERGSTRASSE, roles=["wizard"])
