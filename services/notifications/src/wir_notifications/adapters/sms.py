"""SMS through a provider's HTTP API (httpx); the provider URL and key are configuration.

The provider contract, JSON both ways:

    POST <WIR_NOTIFICATIONS_SMS_URL>
    Authorization: Bearer <WIR_NOTIFICATIONS_SMS_API_KEY>
    Idempotency-Key: <notification id>
    {"to": "+4915...", "text": "...", "sender": "WIR", "reference": "<notification id>"}

    2xx {"message_id": "<provider's id>"}         accepted
    422 {"error": "invalid_recipient"}             the number cannot receive SMS
    other 4xx                                      rejected (key, payload): final
    408, 425, 429, 5xx, timeout, no connection     worth another try

A 2xx answer without a provider message id is not taken as sent: the provider may not have
the message, and a retry carries the same idempotency key.

The hand-over (`adapters/handover.py`) is awaited right before the POST, which is bounded by
`SMS_TIMEOUT_S` as a whole (httpx's timeout is per connect, write and read).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID

import httpx

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.adapters.handover import HandOver, handing_over, unnoted
from wir_notifications.domain.outcomes import Outcome, Permanent, Sent, Transient
from wir_notifications.settings import NotificationSettings

_RETRYABLE = frozenset({408, 425, 429})


@dataclass(frozen=True)
class Sms:
    notification_id: UUID
    to: str
    text: str


class HttpSmsSender:
    def __init__(self, settings: NotificationSettings, client: httpx.AsyncClient) -> None:
        if settings.sms_url is None:
            raise ValueError("no SMS provider URL configured")
        self.url = str(settings.sms_url)
        self.settings = settings
        self.client = client

    async def send(self, sms: Sms, hand_over: HandOver = unnoted) -> Outcome:
        """The provider's verdict; raises `NotHandedOver` when `hand_over` refused the POST."""
        key = self.settings.sms_api_key
        headers = {"Idempotency-Key": str(sms.notification_id)}
        if key is not None:
            headers["Authorization"] = f"Bearer {key.get_secret_value()}"
        body = {
            "to": sms.to,
            "text": sms.text,
            "sender": self.settings.sms_sender,
            "reference": str(sms.notification_id),
        }
        timeout = self.settings.sms_timeout_s
        await handing_over(hand_over)
        try:
            async with asyncio.timeout(timeout):
                response = await self.client.post(self.url, json=body, headers=headers, timeout=timeout)
        except (httpx.TimeoutException, TimeoutError):
            return Transient("sms_timeout")
        except httpx.TransportError:
            return Transient("sms_connection")
        return _verdict(response)


def _verdict(response: httpx.Response) -> Outcome:
    code = response.status_code
    if 200 <= code < 300:
        return Sent(f"http_{code}") if _has_message_id(response) else Transient("sms_malformed_answer")
    if code in _RETRYABLE or code >= 500:
        return Transient(f"http_{code}")
    if code == 422 and _error_code(response) == "invalid_recipient":
        return Permanent(FailureReason.INVALID_ADDRESS, f"http_{code}")
    return Permanent(FailureReason.REJECTED_BY_PROVIDER, f"http_{code}")


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _has_message_id(response: httpx.Response) -> bool:
    answer = _json(response)
    if not isinstance(answer, dict):
        return False
    message_id = answer.get("message_id")
    return isinstance(message_id, str) and bool(message_id.strip())


def _error_code(response: httpx.Response) -> str | None:
    answer = _json(response)
    error = answer.get("error") if isinstance(answer, dict) else None
    return error if isinstance(error, str) else None
