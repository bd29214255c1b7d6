"""What `wir dlq` reads from a dead letter: the envelope and the death record, nothing else."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from aio_pika.abc import AbstractIncomingMessage

from wir_kit.testing import sample
from wir_ops.commands.dlq_letters import describe, envelope_of, replay_of


@dataclass
class Message:
    """The parts of an incoming message that are read."""

    body: bytes
    headers: dict[str, Any] = field(default_factory=dict)
    message_id: str | None = "e-1"
    type: str | None = None
    correlation_id: str | None = None
    app_id: str | None = None
    timestamp: datetime | None = None


def incoming(message: Message) -> AbstractIncomingMessage:
    return cast(AbstractIncomingMessage, message)


PAYLOAD = {
    "event_id": "e-1",
    "event_type": "note_taken",
    "event_version": "1.0",
    "district": "06431",
    "producer": "opstest",
    "person_name": sample.PERSON_NAME,
    "note": {"text": "private"},
}


def test_the_envelope_holds_only_envelope_fields() -> None:
    envelope = envelope_of(json.dumps(PAYLOAD).encode())

    assert envelope == {
        "event_id": "e-1",
        "event_type": "note_taken",
        "event_version": "1.0",
        "district": "06431",
        "producer": "opstest",
    }


def test_a_district_that_is_not_a_municipal_key_is_not_shown() -> None:
    envelope = envelope_of(json.dumps({"district": sample.PERSON_NAME}).encode())

    assert envelope["district"] == "(invalid)"


def test_a_body_that_is_not_a_json_object_has_no_envelope() -> None:
    assert envelope_of(b"\xff not json") == {}
    assert envelope_of(b"[1, 2]") == {}


def test_a_broker_dead_letter_is_described_from_its_first_x_death() -> None:
    died = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    death = {"queue": "svc.q", "reason": "delivery_limit", "time": died, "routing-keys": ["p.e.v1.06431"]}
    letter = describe(
        incoming(Message(json.dumps(PAYLOAD).encode(), {"x-death": [death]}, type="note_taken"))
    )

    assert (letter.origin_queue, letter.reason, letter.routing_key) == (
        "svc.q",
        "delivery_limit",
        "p.e.v1.06431",
    )
    assert letter.dead_lettered_at == died.isoformat()
    assert letter.attempts is None
    assert letter.district == "06431"


def test_a_replay_drops_the_death_record_and_keeps_the_event() -> None:
    headers = {
        "x-wir-attempt": 4,
        "x-wir-dead-letter-reason": "gave up",
        "x-wir-dead-letter-queue": "svc.q",
        "x-death": [{"queue": "svc.q.retry.1"}],
        "x-first-death-queue": "svc.q.retry.1",
        "x-delivery-count": 3,
        "traceparent": "00-abc-def-01",
    }
    message = Message(b"{}", headers, message_id="e-9", type="note_taken", correlation_id="c-1")

    copy = replay_of(incoming(message), "svc.q")

    assert (copy.exchange, copy.routing_key, copy.message_id) == ("", "svc.q", "e-9")
    assert (copy.type, copy.correlation_id, copy.body) == ("note_taken", "c-1", b"{}")
    assert copy.headers == {"traceparent": "00-abc-def-01"}
