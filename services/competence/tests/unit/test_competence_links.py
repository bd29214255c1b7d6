"""Share tokens and printed codes: unguessable, district-bound, and one rule for opening a share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wir_competence.sharing import Verdict, new_token, parse_token, verdict
from wir_competence.verification import new_code, parse_code

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CONSENTED = ["processing", "share_with_employers"]


def test_a_token_names_its_district_and_is_stored_only_as_a_hash() -> None:
    token = new_token("06431")
    assert str(token).startswith("06431.")
    assert parse_token(str(token)) == token
    assert len(token.digest) == 32 and str(token).encode() not in token.digest
    assert new_token("06431") != token


@pytest.mark.parametrize(
    "text", ["", "06431.", "06431.short", "99999." + "a" * 43, "a" * 50, "06431." + "ä" * 43]
)
def test_malformed_tokens_are_no_tokens(text: str) -> None:
    assert parse_token(text) is None


@pytest.mark.parametrize(
    ("expires_in", "revoked", "consents", "expected"),
    [
        (timedelta(days=1), False, CONSENTED, Verdict.OPEN),
        (timedelta(0), False, CONSENTED, Verdict.EXPIRED),
        (timedelta(days=-1), False, CONSENTED, Verdict.EXPIRED),
        (timedelta(days=1), True, CONSENTED, Verdict.REVOKED),
        (timedelta(days=1), False, ["processing"], Verdict.NO_CONSENT),
    ],
)
def test_a_share_opens_only_while_valid_unrevoked_and_consented(
    expires_in: timedelta, revoked: bool, consents: list[str], expected: Verdict
) -> None:
    assert verdict(now=NOW, expires_at=NOW + expires_in, revoked=revoked, consents=consents) is expected


def test_a_printed_code_names_its_district_and_survives_lower_case() -> None:
    code = new_code("06431")
    assert parse_code(code) == ("06431", code)
    assert parse_code(code.lower()) == ("06431", code)
    assert parse_code("06431-IIII-LLLL-OOOO") is None  # letters the alphabet leaves out
    assert parse_code("99999-AAAA-BBBB-CCCC") is None
    assert parse_code("06431-AAAA-BBBB") is None
