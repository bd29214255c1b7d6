"""The person token this service issues after a one-time code, and that only its own inbox
routes accept.

A person has no account at the identity provider, so the kit's tokens (the provider's keys in
production, the development key locally) cannot name them. This token is a JWT signed with the
service's own `INBOX_TOKEN_SECRET` (HS256), and told apart from every other by what it says:
its header's `kid` is `KEY_ID`, its issuer and audience are this service's inbox, its `use` is
`USE`, its only role is `person` and its subject a person's id. The inbox routes verify a token
with that `kid` against this key alone (and never pass it on to the kit's verification); every
other route of every service verifies with the kit, which does not know this key, so the token
opens nothing but the person's own inbox, for `INBOX_TOKEN_MINUTES`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import jwt

from wir_contracts.districts import districts
from wir_kit import Principal, Role

KEY_ID = "wir-notifications-inbox"
ISSUER = "wir-notifications"
AUDIENCE = "wir-notifications-inbox"
USE = "notifications.inbox"
_ALGORITHM = "HS256"
_LEEWAY_S = 30


class InvalidInboxToken(Exception):
    """A token with this service's key id that does not verify; `reason` quotes nothing of it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_inbox_token(token: str) -> bool:
    """Whether the token claims to be one of ours (only then is it verified with our key)."""
    try:
        return jwt.get_unverified_header(token).get("kid") == KEY_ID
    except jwt.PyJWTError:
        return False


def issue(
    secret: str, *, person_id: UUID, district: str, now: datetime, minutes: int
) -> tuple[str, datetime]:
    """The token and when it ends."""
    expires_at = now + timedelta(minutes=minutes)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "use": USE,
        "sub": str(person_id),
        "district": district,
        "roles": [Role.PERSON.value],
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM, headers={"kid": KEY_ID}), expires_at


def verify(secret: str, token: str, *, max_minutes: int) -> Principal:
    """The person the token names; `InvalidInboxToken` for anything else."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            leeway=_LEEWAY_S,
            options={"require": ["exp", "iat", "sub", "district", "roles", "use"]},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidInboxToken("expired") from None
    except jwt.PyJWTError:
        raise InvalidInboxToken("invalid") from None
    if claims["use"] != USE or claims["roles"] != [Role.PERSON.value]:
        raise InvalidInboxToken("not an inbox token")
    if claims["exp"] - claims["iat"] > max_minutes * 60 + _LEEWAY_S:
        raise InvalidInboxToken("lifetime too long")
    district, sub = claims["district"], claims["sub"]
    if not isinstance(district, str) or district not in districts():
        raise InvalidInboxToken("unknown district")
    try:
        person_id = UUID(str(sub))
    except ValueError:
        raise InvalidInboxToken("malformed subject") from None
    return Principal(sub=str(person_id), district=district, roles=frozenset({Role.PERSON}))
