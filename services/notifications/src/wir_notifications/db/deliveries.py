"""Deliveries, one per notification and channel, and the history of their steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_contracts.channels import Channel
from wir_contracts.envelope import Event
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Db, Tx, load_queries
from wir_notifications.db.notifications import NotificationRow, notification_of
from wir_notifications.db.recipients import recipient_of
from wir_notifications.domain.recipients import Recipient

Q = load_queries("wir_notifications.db", "deliveries.sql")


@dataclass(frozen=True)
class LockedDelivery:
    status: str
    attempts: int
    notification: NotificationRow


@dataclass(frozen=True)
class Parcel:
    """What a channel needs to deliver one message, read with its claim (current addresses)."""

    notification_id: UUID
    language: str
    subject: str
    text: str
    html: str
    sms: str
    recipient: Recipient | None
    reachable: bool


@dataclass(frozen=True)
class Claimed:
    """One claim of a delivery; `attempts` is its token (each claim counts one up)."""

    notification_id: UUID
    channel: Channel
    attempts: int
    #: Taken over from a claimant that had handed the message over and recorded no outcome.
    after_hand_over: bool = False
    #: What to send, read with the claim; None when the message is gone.
    parcel: Parcel | None = None
    #: The notification as composed, when the claim was made with it (a message due at once):
    #: its outcome's event can be written before the outcome is known to the database.
    note: NotificationRow | None = None


async def insert(
    tx: Tx,
    notification_id: UUID,
    channel: Channel,
    status: str,
    *,
    attempts: int = 0,
    held_until: datetime | None = None,
) -> None:
    await tx.execute(
        Q["delivery_insert"], tx.district, notification_id, channel.value, status, attempts, held_until
    )


async def claim_due(tx: Tx, limit: int, lease_s: float) -> list[Claimed]:
    rows = await tx.fetch(Q["deliveries_claim"], limit, lease_s)
    return [
        Claimed(r["notification_id"], Channel(r["channel"]), r["attempts"], r["after_hand_over"], _parcel(r))
        for r in rows
    ]


async def renew(tx: Tx, claim: Claimed, lease_s: float) -> bool:
    """Extend the lease, if this claim still holds the delivery (not taken over, not cancelled)."""
    row = await tx.fetchrow(
        Q["delivery_renew"], claim.notification_id, claim.channel.value, claim.attempts, lease_s
    )
    return row is not None


async def hand_over(db: Db, district: str, claim: Claimed, lease_s: float) -> bool:
    """Note that the message goes to the channel now (and renew the lease), if the claim holds:
    committed before the step that cannot be taken back, in a round trip of its own."""
    status = await db.alone(
        district,
        Q["delivery_hand_over"],
        notification_id=claim.notification_id,
        channel=claim.channel.value,
        attempts=claim.attempts,
        lease_s=lease_s,
    )
    return status == "UPDATE 1"


def _parcel(row: asyncpg.Record) -> Parcel | None:
    if not row["has_message"]:
        return None
    return Parcel(
        notification_id=row["notification_id"],
        language=row["language"],
        subject=row["subject"],
        text=row["body_text"],
        html=row["body_html"],
        sms=row["sms_text"],
        recipient=recipient_of(row),
        reachable=row["reachable"],
    )


async def lock(tx: Tx, notification_id: UUID, channel: Channel) -> LockedDelivery | None:
    row = await tx.fetchrow(Q["delivery_lock"], notification_id, channel.value)
    if row is None:
        return None
    return LockedDelivery(status=row["status"], attempts=row["attempts"], notification=notification_of(row))


async def mark_sent(tx: Tx, claim: Claimed, detail: str) -> NotificationRow | None:
    """The delivery sent, its history step, the notification finished; None if this claim no
    longer holds the delivery (taken over, cancelled)."""
    row = await tx.fetchrow(
        Q["delivery_sent"], claim.notification_id, claim.channel.value, claim.attempts, detail
    )
    return None if row is None else notification_of(row)


async def mark_sent_alone(db: Db, district: str, claim: Claimed, detail: str, event: Event) -> bool:
    """`mark_sent` with its event (built beforehand) in one round trip: True if this claim still
    held the delivery, and only then is the event written."""
    status = await db.alone(
        district,
        Q["delivery_sent_alone"],
        events=[event],
        notification_id=claim.notification_id,
        channel=claim.channel.value,
        attempts=claim.attempts,
        detail=detail,
    )
    return status == "INSERT 0 1"


async def update(
    tx: Tx, notification_id: UUID, channel: Channel, status: str, held_until: datetime | None = None
) -> None:
    await tx.execute(Q["delivery_update"], notification_id, channel.value, status, held_until)


async def release(tx: Tx, notification_id: UUID, channel: Channel, attempts: int) -> bool:
    row = await tx.fetchrow(Q["delivery_release"], notification_id, channel.value, attempts)
    return row is not None


async def cancel_for(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> None:
    """Cancel the recipient's deliveries still pending, held or being sent."""
    await tx.execute(Q["recipient_deliveries_cancel"], kind.value, recipient_id)


async def add_history(
    tx: Tx,
    notification_id: UUID,
    status: str,
    *,
    channel: Channel | None = None,
    attempt: int | None = None,
    detail: str | None = None,
    not_before: datetime | None = None,
) -> None:
    await tx.execute(
        Q["history_add"],
        tx.district,
        notification_id,
        channel.value if channel else None,
        status,
        attempt,
        detail,
        not_before,
    )
