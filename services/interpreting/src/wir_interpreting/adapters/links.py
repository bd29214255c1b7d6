"""The signed answer link of an assignment: an interpreter confirms or declines without an account.

The kit signs and reads the token (`wir_kit.links`); this names what an assignment's link
carries: the appointment's district (the requesting one, also for a neighbouring pool's
interpreter), the appointment and the interpreter, valid until the answer is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from wir_kit import BadLink, LinkExpired, read_link, sign_link

__all__ = ["AnswerClaim", "BadLink", "LinkExpired", "sign_answer", "verify_answer"]

USE = "interpreting.answer"
_IDS = ("appointment_id", "interpreter_id")


@dataclass(frozen=True, slots=True)
class AnswerClaim:
    district: str
    appointment_id: UUID
    interpreter_id: UUID
    expires_at: datetime


def sign_answer(
    secret: str, *, district: str, appointment_id: UUID, interpreter_id: UUID, expires_at: datetime
) -> str:
    ids = {"appointment_id": appointment_id, "interpreter_id": interpreter_id}
    return sign_link(secret, use=USE, district=district, ids=ids, expires_at=expires_at)


def verify_answer(secret: str, token: str, *, now: datetime) -> AnswerClaim:
    """The claim a genuine, unexpired link carries; `BadLink` or `LinkExpired` otherwise."""
    claim = read_link(secret, token, use=USE, ids=_IDS, now=now)
    return AnswerClaim(
        claim.district, claim.ids["appointment_id"], claim.ids["interpreter_id"], claim.expires_at
    )
