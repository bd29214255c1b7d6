"""Holes found in review: the development key fails closed, and tokens need a subject and a
bounded lifetime."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from wir_kit.auth import Authenticator, InvalidToken, Role, issue_dev_token
from wir_kit.settings import DEV_SIGNING_KEY, Settings
from wir_kit.testing.districts import BERGSTRASSE


def dev_token(**claims: Any) -> str:
    now = int(time.time())
    payload = {
        "sub": "staff-17",
        "district": BERGSTRASSE,
        "roles": ["coordinator"],
        "aud": "wir",
        "iss": "wir-local",
        "iat": now,
        "exp": now + 600,
    } | claims
    return jwt.encode(payload, DEV_SIGNING_KEY, algorithm="HS256")


def public_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def test_the_development_key_is_refused_when_the_environment_is_not_named() -> None:
    authenticator = Authenticator(Settings(env=None))

    with pytest.raises(InvalidToken, match="algorithm not accepted"):
        authenticator.verify(dev_token())


@pytest.mark.parametrize("env", ["local", "test"])
def test_the_development_key_is_refused_beside_an_identity_providers_key(env: str) -> None:
    with_key = Authenticator(Settings(env=env, jwt_public_key=public_pem()))
    with_jwks = Authenticator(Settings(env=env, jwt_jwks_url="http://127.0.0.1:9/jwks.json"))

    for authenticator in (with_key, with_jwks):
        with pytest.raises(InvalidToken, match="algorithm not accepted"):
            authenticator.verify(dev_token())


@pytest.mark.parametrize("env", ["local", "test"])
def test_the_development_key_works_in_a_named_local_environment(env: str) -> None:
    assert Authenticator(Settings(env=env)).verify(dev_token()).sub == "staff-17"


@pytest.mark.parametrize("sub", ["", "   ", "a\x00b"])
def test_a_token_without_a_subject_is_refused(sub: str) -> None:
    with pytest.raises(InvalidToken, match="missing subject"):
        Authenticator(Settings(env="test")).verify(dev_token(sub=sub))


def test_a_token_living_ten_years_is_refused() -> None:
    now = int(time.time())

    with pytest.raises(InvalidToken, match="lifetime too long"):
        Authenticator(Settings(env="test")).verify(dev_token(iat=now, exp=now + 10 * 365 * 86400))


def test_the_lifetime_cap_is_a_setting() -> None:
    now = int(time.time())
    settings = Settings(env="test", jwt_max_lifetime_s=3600)

    assert Authenticator(settings).verify(dev_token(iat=now, exp=now + 3600)).sub == "staff-17"
    with pytest.raises(InvalidToken, match="lifetime too long"):
        Authenticator(settings).verify(dev_token(iat=now, exp=now + 2 * 3600))


def test_a_token_issued_in_the_future_is_refused() -> None:
    now = int(time.time())

    with pytest.raises(InvalidToken, match="not yet valid"):
        Authenticator(Settings(env="test")).verify(dev_token(iat=now + 3600, exp=now + 7200))


def test_wir_token_issues_neither_blank_subjects_nor_overlong_tokens() -> None:
    settings = Settings(env="local")

    with pytest.raises(ValueError, match="subject"):
        issue_dev_token(settings, sub=" ", district=BERGSTRASSE, roles=[Role.PERSON])
    with pytest.raises(ValueError, match="WIR_JWT_MAX_LIFETIME_S"):
        issue_dev_token(settings, sub="p", district=BERGSTRASSE, roles=[Role.PERSON], ttl_s=13 * 3600)
    person = issue_dev_token(settings, sub="p-1", district=BERGSTRASSE, roles=[Role.PERSON])
    assert Authenticator(settings).verify(person).roles == {Role.PERSON}
