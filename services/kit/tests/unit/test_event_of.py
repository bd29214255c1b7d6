"""A delivery's body becomes the consumer's event in one validation, or a reason to dead-letter it."""

from __future__ import annotations

import json
from uuid import uuid4

import pydantic
import pytest

from wir_contracts.envelope import tolerant
from wir_kit.settling import event_of, invalid_payload_reason
from wir_kit.subscriptions import PermanentFailure
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import PERSON_NAME, NoteTaken

MODEL = tolerant(NoteTaken)


def body_of(**changes: object) -> dict[str, object]:
    event = json.loads(NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="ok").model_dump_json())
    return {**event, **changes}


def encoded(body: object) -> bytes:
    return json.dumps(body).encode()


def reason_of(body: bytes, message_id: str | None) -> str | None:
    with pytest.raises((PermanentFailure, pydantic.ValidationError, ValueError)) as raised:
        event_of(MODEL, body, message_id)
    return invalid_payload_reason(raised.value)


def test_a_valid_body_is_the_event_and_unknown_fields_are_ignored() -> None:
    body = body_of(added_later="tolerated")

    event = event_of(MODEL, encoded(body), str(body["event_id"]))

    assert str(event.event_id) == body["event_id"] and event.body == "ok"


def test_the_message_id_may_spell_the_event_id_otherwise() -> None:
    body = body_of()

    event = event_of(MODEL, encoded(body), str(body["event_id"]).upper())

    assert str(event.event_id) == body["event_id"]


def test_a_body_without_event_id_is_refused_although_the_model_would_make_one_up() -> None:
    body = body_of()
    del body["event_id"]

    with pytest.raises(PermanentFailure, match="event_id: missing"):
        event_of(MODEL, encoded(body), str(uuid4()))


def test_an_event_id_other_than_the_message_id_is_refused() -> None:
    body = body_of()

    assert reason_of(encoded(body), str(uuid4())) == "invalid payload: event_id differs from the message id"
    assert reason_of(encoded(body), None) == "invalid payload: event_id differs from the message id"


def test_a_missing_event_id_is_named_before_invalid_fields() -> None:
    body = body_of(note_id="not a uuid")
    del body["event_id"]

    assert "event_id: missing" in str(reason_of(encoded(body), str(uuid4())))


def test_invalid_fields_are_named_without_their_values() -> None:
    body = body_of(body=None, note_id=PERSON_NAME)

    with pytest.raises(pydantic.ValidationError):
        event_of(MODEL, encoded(body), str(body["event_id"]))
    reason = str(reason_of(encoded(body), str(body["event_id"])))
    assert "note_id" in reason and "body" in reason
    assert PERSON_NAME not in reason


@pytest.mark.parametrize("body", [b"\xff not json", b"{", b""])
def test_a_body_that_is_no_json_is_named_so(body: bytes) -> None:
    assert reason_of(body, str(uuid4())) == "invalid payload: not JSON"
