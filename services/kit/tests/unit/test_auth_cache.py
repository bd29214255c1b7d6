"""Tokens verified lately: trusted again only as the identical string, and not past `exp` or the
hold time."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest

from wir_kit import auth
from wir_kit.auth import Authenticator, InvalidToken, issue_dev_token
from wir_kit.auth_cache import Verified
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_verified_token_is_known_until_it_expires() -> None:
    clock = Clock()
    verified: Verified[str] = Verified(hold_s=60.0, clock=clock)
    verified.put("token", "principal", expires_at=clock.now + 10)
    clock.now += 9.9
    assert verified.get("token") == "principal"
    clock.now += 0.1
    assert verified.get("token") is None
    assert verified.get("token") is None


def test_a_long_lived_token_is_verified_again_after_the_hold_time() -> None:
    clock = Clock()
    verified: Verified[str] = Verified(hold_s=60.0, clock=clock)
    verified.put("token", "principal", expires_at=clock.now + 3600)
    clock.now += 60.0
    assert verified.get("token") is None


def test_the_oldest_token_goes_first_when_full() -> None:
    verified: Verified[int] = Verified(size=2)
    for n in range(3):
        verified.put(f"token-{n}", n, expires_at=time.time() + 600)
    assert [verified.get(f"token-{n}") for n in range(3)] == [None, 1, 2]


def test_a_repeated_token_is_not_decoded_again_and_any_other_is(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(env="test")
    authenticator = Authenticator(settings)
    decoded: list[str] = []
    decode = jwt.decode

    def counting(token: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(token)
        return decode(token, *args, **kwargs)

    monkeypatch.setattr(auth.jwt, "decode", counting)
    first = issue_dev_token(settings, sub="staff-1", district=BERGSTRASSE, roles=["case_manager"])
    assert authenticator.verify(first) == authenticator.verify(first)
    assert decoded == [first]

    tampered = first[:-2] + ("AA" if not first.endswith("AA") else "BB")
    with pytest.raises(InvalidToken):
        authenticator.verify(tampered)
    assert decoded == [first, tampered]
