"""The signed answer link of a proposal: a volunteer accepts or declines without an account.

The kit signs and reads the token (`wir_kit.links`); this names what a proposal's link carries:
the district, the match and the volunteer, valid until the proposal's answer is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from wir_kit import BadLink, LinkExpired, read_link, sign_link

__all__ = ["AnswerClaim", "BadLink", "LinkExpired", "read_answer", "sign_answer"]

USE = "matching.answer"
_IDS = ("match_id", "volunteer_id")


@dataclass(frozen=True, slots=True)
class AnswerClaim:
    district: str
    match_id: UUID
    volunteer_id: UUID
    expires_at: datetime


def sign_answer(
    secret: str, *, district: str, match_id: UUID, volunteer_id: UUID, expires_at: datetime
) -> str:
    ids = {"match_id": match_id, "volunteer_id": volunteer_id}
    return sign_link(secret, use=USE, district=district, ids=ids, expires_at=expires_at)


def read_answer(secret: str, token: str, *, now: datetime) -> AnswerClaim:
    """The claim a genuine, unexpired link carries; `BadLink` or `LinkExpired` otherwise."""
    claim = read_link(secret, token, use=USE, ids=_IDS, now=now)
    return AnswerClaim(claim.district, claim.ids["match_id"], claim.ids["volunteer_id"], claim.expires_at)
