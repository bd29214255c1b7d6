"""Notifications: what a cause tells a recipient, parked until they are known, then composed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from uuid import UUID, uuid4

import asyncpg

from wir_contracts.channels import Channel
from wir_contracts.envelope import Event
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Tx, load_queries
from wir_notifications.db.district_settings import DistrictRow, of_json
from wir_notifications.domain.notices import Notice

Q = load_queries("wir_notifications.db", "notifications.sql")


@dataclass(frozen=True)
class NotificationRow:
    notification_id: UUID
    cause_event_id: UUID
    correlation_id: str | None
    recipient_kind: RecipientKind
    recipient_id: UUID
    template: str
    sensitive: bool
    facts: dict[str, Any]
    language: str | None
    plan: tuple[Channel, ...]


class Message(NamedTuple):
    """A rendered message as the inbox keeps it."""

    subject: str
    text: str
    html: str
    sms: str


class Inserted(NamedTuple):
    notification_id: UUID
    #: The district's own settings (None: it has none), brought along for a notification that
    #: is composed next; None for a parked one as well.
    own: DistrictRow | None


async def insert(tx: Tx, cause: Event, notice: Notice, parked: str | None = None) -> Inserted | None:
    """A new notification, parked until written; None if this cause already notified them.
    With `parked` (why it waits for its recipient), that step goes into its history."""
    row = await tx.fetchrow(
        Q["notification_insert"],
        tx.district,
        uuid4(),
        cause.event_id,
        cause.event_type,
        cause.correlation_id,
        notice.recipient_kind.value,
        notice.recipient_id,
        notice.template,
        notice.sensitive,
        json.dumps(dict(notice.facts)),
        parked,
    )
    return None if row is None else Inserted(row["notification_id"], of_json(row["district_settings"]))


def notification_of(row: asyncpg.Record) -> NotificationRow:
    facts = row["facts"]
    return NotificationRow(
        notification_id=row["notification_id"],
        cause_event_id=row["cause_event_id"],
        correlation_id=row["correlation_id"],
        recipient_kind=RecipientKind(row["recipient_kind"]),
        recipient_id=row["recipient_id"],
        template=row["template"],
        sensitive=row["sensitive"],
        facts=json.loads(facts) if facts else {},
        language=row["language"],
        plan=tuple(Channel(c) for c in row["plan"]),
    )


async def unpark(
    tx: Tx, kind: RecipientKind, recipient_id: UUID
) -> tuple[list[NotificationRow], DistrictRow | None]:
    """What waited for the recipient (locked, oldest first), its history told it is unparked;
    and the district's own settings to compose it with (None: it has none)."""
    rows = await tx.fetch(Q["notifications_unpark"], kind.value, recipient_id)
    return [notification_of(r) for r in rows], of_json(rows[0]["district_settings"]) if rows else None


async def expire_parked(tx: Tx, older_than_s: float, limit: int, language: str) -> list[NotificationRow]:
    rows = await tx.fetch(Q["notifications_parked_expire"], older_than_s, limit, language)
    return [notification_of(r) for r in rows]


async def mark_composed(
    tx: Tx,
    note: NotificationRow,
    message: Message,
    language: str,
    plan: Sequence[Channel],
    queue: Channel | None,
    lease_s: float | None = None,
) -> int | None:
    """Store the rendered message (the inbox's copy), mark the notification composed, and queue
    its delivery over `queue` if given (a channel due at once), in one statement. With `lease_s`
    the delivery is claimed right away: returns the claim's attempt, None if none was made."""
    attempts: int | None = await tx.fetchval(
        Q["notification_composed"],
        tx.district,
        note.notification_id,
        note.recipient_id,
        *message,
        language,
        [c.value for c in plan],
        queue.value if queue is not None else None,
        lease_s,
    )
    return attempts


async def finish(
    tx: Tx, notification_id: UUID, status: str, channel: Channel | None, language: str | None = None
) -> None:
    await tx.execute(
        Q["notification_finish"], notification_id, status, channel.value if channel else None, language
    )


async def cancel_open(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> list[UUID]:
    """Cancel the recipient's notifications still waiting or being delivered; returns their ids."""
    rows = await tx.fetch(Q["recipient_notifications_cancel"], kind.value, recipient_id)
    return [row["notification_id"] for row in rows]


async def scrub_person(tx: Tx, person_id: UUID) -> None:
    """Keep the ids and outcomes of a person's notifications, nothing that hints at them."""
    await tx.execute(Q["person_notifications_scrub"], person_id)


async def of_person(tx: Tx, person_id: UUID, limit: int) -> list[dict[str, Any]]:
    """The person's notifications, newest first, each with its `history` of steps in order."""
    rows = await tx.fetch(Q["person_notifications"], person_id, limit)
    found = {row["notification_id"]: {**row, "history": []} for row in rows}
    for step in await tx.fetch(Q["notifications_history"], list(found)):
        found[step["notification_id"]]["history"].append(dict(step))
    return list(found.values())
