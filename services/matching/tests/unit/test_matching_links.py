"""Signed answer links: genuine ones open, tampered, foreign, garbage and expired ones do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
import pytest

from wir_matching.domain.links import AnswerClaim, BadLink, LinkExpired, read_answer, sign_answer

SECRET = "a-test-secret-long-enough-for-hs256-keys-0123456789"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DUE = NOW + timedelta(days=7)
EXP = int(DUE.timestamp())
MATCH, VOLUNTEER = UUID(int=7), UUID(int=8)


def link(secret: str = SECRET, expires_at: datetime = DUE) -> str:
    return sign_answer(
        secret, district="06431", match_id=MATCH, volunteer_id=VOLUNTEER, expires_at=expires_at
    )


def test_a_genuine_link_names_district_match_and_volunteer() -> None:
    assert read_answer(SECRET, link(), now=NOW) == AnswerClaim("06431", MATCH, VOLUNTEER, DUE)
    valid = {"district": "06431", "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": EXP}
    made_elsewhere = jwt.encode({**valid, "use": "matching.answer"}, SECRET, algorithm="HS256")
    assert read_answer(SECRET, made_elsewhere, now=NOW).match_id == MATCH


def test_a_link_signed_with_another_secret_is_bad() -> None:
    with pytest.raises(BadLink):
        read_answer(SECRET, link(secret="another-secret-just-as-long-as-the-real-one-00"), now=NOW)


def test_a_tampered_link_is_bad() -> None:
    header, payload, signature = link().split(".")
    forged = jwt.encode(
        {
            "district": "06412",
            "match_id": str(MATCH),
            "volunteer_id": str(VOLUNTEER),
            "exp": 2**40,
            "use": "x",
        },
        "guess-of-a-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
    ).split(".")[1]
    with pytest.raises(BadLink):
        read_answer(SECRET, f"{header}.{forged}.{signature}", now=NOW)
    with pytest.raises(BadLink):
        read_answer(SECRET, f"{header}.{payload}.{signature[:-4]}AAAA", now=NOW)


@pytest.mark.parametrize("garbage", ["", "not-a-token", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_garbage_is_a_bad_link(garbage: str) -> None:
    with pytest.raises(BadLink):
        read_answer(SECRET, garbage, now=NOW)


def test_an_unsigned_token_is_a_bad_link() -> None:
    claims = {"district": "06431", "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": 2**40}
    with pytest.raises(BadLink):
        read_answer(SECRET, jwt.encode({**claims, "use": "matching.answer"}, "", algorithm="none"), now=NOW)


@pytest.mark.parametrize(
    "claims",
    [
        {"district": "06431", "match_id": str(MATCH), "exp": EXP},
        {"district": "06431", "match_id": "nope", "volunteer_id": str(VOLUNTEER), "exp": EXP},
        {"district": 6431, "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": EXP},
        {
            "district": "06431",
            "match_id": str(MATCH),
            "volunteer_id": str(VOLUNTEER),
            "exp": EXP,
            "use": "share",
        },
        {"district": "06431", "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": 10**15},
    ],
)
def test_a_token_of_the_same_secret_but_not_an_answer_link_is_bad(claims: dict[str, object]) -> None:
    claims.setdefault("use", "matching.answer")
    with pytest.raises(BadLink):
        read_answer(SECRET, jwt.encode(claims, SECRET, algorithm="HS256"), now=NOW)


def test_a_link_past_its_answer_time_has_expired() -> None:
    with pytest.raises(LinkExpired):
        read_answer(SECRET, link(), now=DUE)
    with pytest.raises(LinkExpired):
        read_answer(SECRET, link(expires_at=NOW - timedelta(days=1)), now=NOW)


def test_a_link_needs_an_aware_expiry() -> None:
    with pytest.raises(ValueError, match="time zone"):
        link(expires_at=datetime(2026, 12, 14, 9, 0))
