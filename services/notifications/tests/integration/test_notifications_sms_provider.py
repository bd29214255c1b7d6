"""The SMS provider adapter against a local HTTP server: what it sends, and how each answer is
taken. An answer that does not prove the provider has the message is never taken as sent."""

from __future__ import annotations

from uuid import uuid4

import httpx
import pytest

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.adapters.sms import HttpSmsSender, Sms
from wir_notifications.domain.outcomes import Permanent, Sent, Transient
from wir_notifications.settings import NotificationSettings

SMS = Sms(notification_id=uuid4(), to="+4915100000001", text="WIR: Sie haben eine neue Nachricht.")


async def send(url: str, **settings) -> object:
    config = NotificationSettings(sms_url=url, sms_api_key="provider-key", sms_sender="WIR-KB", **settings)
    async with httpx.AsyncClient() as client:
        return await HttpSmsSender(config, client).send(SMS)


async def test_the_request_carries_the_key_an_idempotency_key_and_the_message(sms_provider) -> None:
    assert await send(sms_provider.url) == Sent("http_200")

    [request] = sms_provider.requests
    assert request.headers["Authorization"] == "Bearer provider-key"
    assert request.headers["Idempotency-Key"] == str(SMS.notification_id)
    assert request.body == {
        "to": "+4915100000001",
        "text": "WIR: Sie haben eine neue Nachricht.",
        "sender": "WIR-KB",
        "reference": str(SMS.notification_id),
    }


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (201, b'{"message_id": "abc-1"}', Sent("http_201")),
        (200, b"OK", Transient("sms_malformed_answer")),
        (200, b'["abc-1"]', Transient("sms_malformed_answer")),
        (202, b'{"message_id": "  "}', Transient("sms_malformed_answer")),
        (202, b'{"status": "queued"}', Transient("sms_malformed_answer")),
        (500, b"", Transient("http_500")),
        (503, b'{"error": "maintenance"}', Transient("http_503")),
        (429, b'{"error": "rate_limited"}', Transient("http_429")),
        (422, b'{"error": "invalid_recipient"}', Permanent(FailureReason.INVALID_ADDRESS, "http_422")),
        (422, b'{"error": "text_too_long"}', Permanent(FailureReason.REJECTED_BY_PROVIDER, "http_422")),
        (401, b'{"error": "bad_key"}', Permanent(FailureReason.REJECTED_BY_PROVIDER, "http_401")),
        (400, b"not json", Permanent(FailureReason.REJECTED_BY_PROVIDER, "http_400")),
    ],
)
async def test_each_answer_is_classified(sms_provider, status, body, expected) -> None:
    sms_provider.replies.append((status, body, 0.0))

    assert await send(sms_provider.url) == expected


async def test_a_provider_too_slow_to_answer_is_worth_another_try(sms_provider) -> None:
    sms_provider.replies.append((200, b'{"message_id": "late"}', 1.5))

    assert await send(sms_provider.url, sms_timeout_s=0.3) == Transient("sms_timeout")


async def test_no_provider_listening_is_worth_another_try(unused_port) -> None:
    nobody = f"http://127.0.0.1:{unused_port}/v1/messages"

    assert await send(nobody) == Transient("sms_connection")
