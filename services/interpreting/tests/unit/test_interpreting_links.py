"""An assignment's answer link names the appointment's district, the appointment and the
interpreter; a link of another use signed with the same secret opens nothing. (Tampering,
garbage and expiry: the kit's tests.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from wir_interpreting.adapters.links import AnswerClaim, BadLink, LinkExpired, sign_answer, verify_answer
from wir_kit import sign_link

SECRET = "a-test-secret-long-enough-for-hs256-keys-0123456789"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DUE = NOW + timedelta(hours=24)
APPOINTMENT, INTERPRETER = UUID(int=7), UUID(int=8)


def test_a_genuine_link_names_district_appointment_and_interpreter() -> None:
    token = sign_answer(
        SECRET, district="06431", appointment_id=APPOINTMENT, interpreter_id=INTERPRETER, expires_at=DUE
    )
    assert verify_answer(SECRET, token, now=NOW) == AnswerClaim("06431", APPOINTMENT, INTERPRETER, DUE)
    with pytest.raises(LinkExpired):
        verify_answer(SECRET, token, now=DUE)


def test_a_link_of_another_use_is_bad() -> None:
    ids = {"appointment_id": APPOINTMENT, "interpreter_id": INTERPRETER}
    token = sign_link(SECRET, use="matching.answer", district="06431", ids=ids, expires_at=DUE)
    with pytest.raises(BadLink):
        verify_answer(SECRET, token, now=NOW)
