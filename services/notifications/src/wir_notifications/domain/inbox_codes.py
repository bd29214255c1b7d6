"""The rules of the one-time code that opens a person's inbox from a message's link.

A code is six digits: short enough to type from a phone, and guessed only by luck within its
few tries (one in 200 000 with five), of which a person gets a handful an hour. It is stored
only as a keyed hash (HMAC-SHA256 with the service's inbox secret, salted by the code's id), so
the table alone tells nothing: six digits unkeyed would be found by hashing all of them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from uuid import UUID

from wir_contracts.channels import Channel
from wir_notifications.domain.errors import CodeEnded, CodeExpired, CodeRecentlySent, CodeUsed, TooManyCodes

DIGITS = 6
_KEY_PURPOSE = b"wir-notifications/inbox-code"


def new_code() -> str:
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def code_hash(secret: str, code_id: UUID, code: str) -> bytes:
    """The stored form of a code: keyed by the service's secret (derived for this purpose only)."""
    key = hmac.new(secret.encode(), _KEY_PURPOSE, hashlib.sha256).digest()
    return hmac.new(key, f"{code_id}:{code}".encode(), hashlib.sha256).digest()


def matches(secret: str, code_id: UUID, code: str, stored: bytes) -> bool:
    return hmac.compare_digest(code_hash(secret, code_id, code), stored)


@dataclass(frozen=True)
class Limits:
    resend_s: int
    per_hour: int


def check_may_send(limits: Limits, last_hour: int, newest_age_s: float | None) -> None:
    """Raise when another code now would flood the person's phone or help someone guessing."""
    if newest_age_s is not None and newest_age_s < limits.resend_s:
        raise CodeRecentlySent(max(1, round(limits.resend_s - newest_age_s)))
    if last_hour >= limits.per_hour:
        raise TooManyCodes(3600)


def check_usable(*, used: bool, ended: bool, expired: bool) -> None:
    """Raise when the current code can no longer be used, whatever is entered."""
    if used:
        raise CodeUsed
    if ended:
        raise CodeEnded
    if expired:
        raise CodeExpired


def masked(channel: Channel, address: str) -> str:
    """A hint at where the code went, enough for its owner to recognise: `a•••@e•••.org`,
    `•••42`. Nothing more is said to whoever holds the link."""
    if channel is Channel.SMS:
        digits = [c for c in address if c.isdigit()]
        return "•••" + "".join(digits[-2:])
    local, _, domain = address.rpartition("@")
    name, dot, top = domain.rpartition(".")
    if not name:
        name, dot, top = domain, "", ""
    return f"{local[:1]}•••@{name[:1]}•••{dot}{top}"
