"""Codes printed on a Kompetenznachweis: anyone holding the paper can check what it covers."""

from __future__ import annotations

import secrets

from wir_contracts.districts import districts

# Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or typed is not misread.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS = 3
_GROUP_LENGTH = 4


def new_code(district: str) -> str:
    """e.g. `06431-7K3M-Q9PZ-2D4F`: the district (whose rows hold the code) and 60 random bits."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS))
    return "-".join((district, *groups))


def parse_code(text: str) -> tuple[str, str] | None:
    """(district, normalised code), or None for anything that cannot be a code."""
    normalised = text.strip().upper()
    district, _, rest = normalised.partition("-")
    groups = rest.split("-")
    if district not in districts() or len(groups) != _GROUPS:
        return None
    if not all(len(group) == _GROUP_LENGTH and set(group) <= set(_ALPHABET) for group in groups):
        return None
    return district, normalised
