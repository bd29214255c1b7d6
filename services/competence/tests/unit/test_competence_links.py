"""Share tokens and printed codes: unguessable, district-bound, and one rule for opening a share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wir_competence.domain.share_links import Verdict, new_token, parse_token, verdict
from wir_competence.domain.verification import new_code, parse_code
from wir_kit.testing.districts import BERGSTRASSE

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CONSENTED = ["processing", "share_with_employers"]


def test_a_token_names_its_district_and_is_stored_only_as_a_hash() -> None:
    token = new_token(BERGSTRASSE)
    assert str(token).startswith(f"{BERGSTRASSE}.")
    assert parse_token(str(token)) == token
    assert len(token.digest) == 32 and str(token).encode() not in token.digest
    assert new_token(BERGSTRASSE) != token


@pytest.mark.parametrize(
    "text",
    [
        "",
        f"{BERGSTRASSE}.",
        f"{BERGSTRASSE}.short",
        "99999." + "a" * 43,
        "a" * 50,
        f"{BERGSTRASSE}." + "ä" * 43,
    ],
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


def test_a_share_names_its_holder_only_with_the_consent_to_share_with_employers() -> None:
    # A share names its holder whenever it opens: it opens only with that consent.
    def opens(consents: list[str]) -> bool:
        tomorrow = NOW + timedelta(days=1)
        return verdict(now=NOW, expires_at=tomorrow, revoked=False, consents=consents) is Verdict.OPEN

    assert opens(["processing", "share_with_employers"])
    assert not opens(["processing", "share_with_volunteers"])
    assert not opens([])


def test_a_printed_code_names_its_district_and_survives_lower_case() -> None:
    code = new_code(BERGSTRASSE)
    assert parse_code(code) == (BERGSTRASSE, code)
    assert parse_code(code.lower()) == (BERGSTRASSE, code)
    assert parse_code(f"{BERGSTRASSE}-IIII-LLLL-OOOO") is None  # letters the alphabet leaves out
    assert parse_code("99999-AAAA-BBBB-CCCC") is None
    assert parse_code(f"{BERGSTRASSE}-AAAA-BBBB") is None
