"""A proposal's answer link names the district, the match and the volunteer; a link of another
use signed with the same secret opens nothing. (Tampering, garbage and expiry: the kit's tests.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from wir_kit import sign_link
from wir_matching.adapters.links import AnswerClaim, BadLink, LinkExpired, read_answer, sign_answer

SECRET = "a-test-secret-long-enough-for-hs256-keys-0123456789"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DUE = NOW + timedelta(days=7)
MATCH, VOLUNTEER = UUID(int=7), UUID(int=8)


def test_a_genuine_link_names_district_match_and_volunteer() -> None:
    token = sign_answer(SECRET, district="06431", match_id=MATCH, volunteer_id=VOLUNTEER, expires_at=DUE)
    assert read_answer(SECRET, token, now=NOW) == AnswerClaim("06431", MATCH, VOLUNTEER, DUE)
    with pytest.raises(LinkExpired):
        read_answer(SECRET, token, now=DUE)


def test_a_link_of_another_use_is_bad() -> None:
    ids = {"match_id": MATCH, "volunteer_id": VOLUNTEER}
    token = sign_link(SECRET, use="interpreting.answer", district="06431", ids=ids, expires_at=DUE)
    with pytest.raises(BadLink):
        read_answer(SECRET, token, now=NOW)
