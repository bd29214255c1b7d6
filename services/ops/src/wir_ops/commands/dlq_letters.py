"""What an operator may see of a dead letter: ids, type, district, why and when it died.

The payload is never read beyond the envelope's own fields: it holds personal data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aio_pika.abc import AbstractIncomingMessage

from wir_kit.publisher import Outgoing
from wir_kit.settling import ATTEMPT, DEAD_AT, ORIGIN_QUEUE, ORIGIN_ROUTING_KEY, REASON

ENVELOPE_FIELDS = (
    "event_id",
    "event_type",
    "event_version",
    "district",
    "occurred_at",
    "correlation_id",
    "causation_id",
    "producer",
)
_MAX_FIELD = 120
# A district is a municipal key; anything else in that field is shown as invalid, unread.
_DISTRICT = re.compile(r"[0-9]{1,12}")
#: Headers that describe a past death, not the event: a replay starts without them.
_KIT_PREFIX = "x-wir-"
_BROKER_HEADERS = ("x-death", "x-first-death-", "x-last-death-", "x-delivery-count")


@dataclass(frozen=True)
class DeadLetter:
    event_id: str | None
    event_type: str | None
    routing_key: str | None
    district: str | None
    attempts: int | None
    reason: str | None
    dead_lettered_at: str | None
    origin_queue: str | None
    envelope: Mapping[str, str] = field(default_factory=dict)


def describe(message: AbstractIncomingMessage) -> DeadLetter:
    headers = message.headers or {}
    death = _first_death(headers)
    envelope = envelope_of(message.body)
    routing_keys = death.get("routing-keys")
    return DeadLetter(
        event_id=message.message_id,
        event_type=message.type or envelope.get("event_type"),
        routing_key=_text(headers.get(ORIGIN_ROUTING_KEY))
        or (_text(routing_keys[0]) if isinstance(routing_keys, list) and routing_keys else None),
        district=envelope.get("district"),
        attempts=_count(headers.get(ATTEMPT)),
        reason=_text(headers.get(REASON)) or _text(death.get("reason")),
        dead_lettered_at=_text(headers.get(DEAD_AT)) or _text(death.get("time")),
        origin_queue=origin_queue(headers),
        envelope=envelope,
    )


def origin_queue(headers: Mapping[str, Any]) -> str | None:
    """The queue the message died in: the kit's header, else the broker's first x-death."""
    return _text(headers.get(ORIGIN_QUEUE)) or _text(_first_death(headers).get("queue"))


def envelope_of(body: bytes) -> dict[str, str]:
    """The envelope fields of a JSON event, as text; every other field stays unread."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(document, dict):
        return {}
    envelope = {
        name: str(document[name])[:_MAX_FIELD]
        for name in ENVELOPE_FIELDS
        if isinstance(document.get(name), str | int)
    }
    if "district" in envelope and not _DISTRICT.fullmatch(envelope["district"]):
        envelope["district"] = "(invalid)"
    return envelope


def queued_at(message: AbstractIncomingMessage) -> datetime | None:
    """When a dead letter died, else when the message was sent, else when its event occurred."""
    headers = message.headers or {}
    for value in (headers.get(DEAD_AT), _first_death(headers).get("time"), message.timestamp):
        when = _when(value)
        if when is not None:
            return when
    return _when(envelope_of(message.body).get("occurred_at"))


def _when(value: object) -> datetime | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def replay_of(message: AbstractIncomingMessage, queue: str, *, exchange: str = "") -> Outgoing:
    """The same event, straight to `queue` (or to `exchange` under the routing key `queue`),
    with a fresh retry budget and no death record."""
    headers = {
        name: value
        for name, value in (message.headers or {}).items()
        if isinstance(value, str | int)
        and not name.startswith(_KIT_PREFIX)
        and not name.startswith(_BROKER_HEADERS)
    }
    return Outgoing.copy_of(message, exchange, queue, headers)


def _first_death(headers: Mapping[str, Any]) -> Mapping[str, Any]:
    deaths = headers.get("x-death")
    if isinstance(deaths, list) and deaths and isinstance(deaths[0], Mapping):
        return deaths[0]
    return {}


def _text(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value if isinstance(value, str) and value else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
