"""The signed link to one message: the person opens what was written to them without an account
(until the web app's inbox exists, a browser cannot show `/inbox`, which wants a token).

The kit signs and reads the token (`wir_kit.links`); this names what the link carries: the
district and the notification, valid for `message_link_days`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from wir_kit import BadLink, LinkExpired, read_link, sign_link

__all__ = ["BadLink", "LinkExpired", "MessageClaim", "read_message", "sign_message"]

USE = "notifications.message"
_IDS = ("notification_id",)


@dataclass(frozen=True, slots=True)
class MessageClaim:
    district: str
    notification_id: UUID
    expires_at: datetime


def sign_message(secret: str, *, district: str, notification_id: UUID, expires_at: datetime) -> str:
    ids = {"notification_id": notification_id}
    return sign_link(secret, use=USE, district=district, ids=ids, expires_at=expires_at)


def read_message(secret: str, token: str, *, now: datetime) -> MessageClaim:
    """The claim a genuine, unexpired link carries; `BadLink` or `LinkExpired` otherwise."""
    claim = read_link(secret, token, use=USE, ids=_IDS, now=now)
    return MessageClaim(claim.district, claim.ids["notification_id"], claim.expires_at)
