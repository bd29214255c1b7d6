"""Signed answer links: a volunteer accepts or declines a proposal without an account.

The token is a JWT (HS256, the service's answer-link secret) naming the district, the match and
the volunteer, valid until the proposal's answer is due. It proves who may answer which proposal;
whether the proposal can still be answered is the database's to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import jwt

_ALGORITHM = "HS256"
#: Marks the token's purpose, so that no other token signed with the same secret opens an answer.
_USE = "matching.answer"
_REQUIRED = ("district", "match_id", "volunteer_id", "exp", "use")


class BadLink(ValueError):
    """The link was not issued by this service: tampered, another secret, or not a token at all."""


class LinkExpired(ValueError):
    """The link was genuine but its time to answer is over."""


@dataclass(frozen=True, slots=True)
class AnswerClaim:
    district: str
    match_id: UUID
    volunteer_id: UUID
    expires_at: datetime


def sign_answer(
    secret: str, *, district: str, match_id: UUID, volunteer_id: UUID, expires_at: datetime
) -> str:
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must carry a time zone")
    claims = {
        "district": district,
        "match_id": str(match_id),
        "volunteer_id": str(volunteer_id),
        "exp": int(expires_at.timestamp()),
        "use": _USE,
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_answer(secret: str, token: str, *, now: datetime) -> AnswerClaim:
    """The claim a genuine, unexpired link carries; `BadLink` or `LinkExpired` otherwise."""
    try:
        # Expiry is checked below against `now` (the caller's clock), not PyJWT's own.
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            options={"verify_exp": False, "require": list(_REQUIRED)},
        )
    except jwt.PyJWTError as error:
        raise BadLink("the answer link is not valid") from error
    claim = _claim(claims)
    if now >= claim.expires_at:
        raise LinkExpired("the answer link has expired")
    return claim


def _claim(claims: dict[str, Any]) -> AnswerClaim:
    if claims["use"] != _USE or not isinstance(claims["district"], str):
        raise BadLink("the token is not an answer link")
    try:
        return AnswerClaim(
            district=claims["district"],
            match_id=UUID(str(claims["match_id"])),
            volunteer_id=UUID(str(claims["volunteer_id"])),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
        )
    except (ValueError, TypeError, OverflowError) as error:
        raise BadLink("the answer link's claims are malformed") from error
