"""Share links: an unguessable token that names its district, of which only a hash is stored;
and the one rule deciding whether a share may be opened now."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from wir_contracts.consent import ConsentPurpose
from wir_contracts.districts import districts

_TOKEN_BYTES = 32


@dataclass(frozen=True, slots=True)
class Token:
    district: str
    secret: str

    def __str__(self) -> str:
        # The district travels in the link because the share's rows are only visible inside
        # that district's transaction (row-level security); the secret part is what opens it.
        return f"{self.district}.{self.secret}"

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(str(self).encode("ascii")).digest()


def new_token(district: str) -> Token:
    return Token(district, secrets.token_urlsafe(_TOKEN_BYTES))


def parse_token(text: str) -> Token | None:
    """The token in a link, or None when it cannot be one (such a link opens nothing)."""
    district, _, secret = text.partition(".")
    if district not in districts() or len(secret) < _TOKEN_BYTES or not secret.isascii():
        return None
    return Token(district, secret)


class Verdict(StrEnum):
    OPEN = "share_opened"
    REVOKED = "share_refused_revoked"
    EXPIRED = "share_refused_expired"
    NO_CONSENT = "share_refused_no_consent"


def verdict(*, now: datetime, expires_at: datetime, revoked: bool, consents: Collection[str]) -> Verdict:
    if revoked:
        return Verdict.REVOKED
    if ConsentPurpose.SHARE_WITH_EMPLOYERS not in consents:
        return Verdict.NO_CONSENT
    if now >= expires_at:
        return Verdict.EXPIRED
    return Verdict.OPEN
