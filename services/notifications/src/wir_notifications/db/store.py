"""Typed access to the notifications schema; every function takes the district transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from wir_contracts.channels import Channel
from wir_contracts.envelope import Event
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit.db import Tx
from wir_kit.sqlfile import load_queries
from wir_notifications.domain.notices import Notice
from wir_notifications.domain.recipients import Recipient

Q = load_queries("wir_notifications.db")


@dataclass(frozen=True)
class Entry:
    """A directory row; `recipient` is None until everything needed to write to them is known."""

    erased: bool
    active: bool
    recipient: Recipient | None


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


@dataclass(frozen=True)
class LockedDelivery:
    status: str
    attempts: int
    notification: NotificationRow


@dataclass(frozen=True)
class Claimed:
    notification_id: UUID
    channel: Channel
    attempts: int


@dataclass(frozen=True)
class Parcel:
    """What a channel needs to deliver one message, read when it is sent (current addresses)."""

    notification_id: UUID
    language: str
    subject: str
    text: str
    html: str
    sms: str
    recipient: Recipient | None
    reachable: bool


# -- recipients ---------------------------------------------------------------------------


async def recipient(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> Entry | None:
    row = await tx.fetchrow(Q["recipient_get"], kind.value, recipient_id)
    return None if row is None else _entry(row)


async def lock_recipient(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> Entry:
    """The recipient's row, locked for this transaction; created empty if they are unknown."""
    await tx.execute(Q["recipient_touch"], tx.district, kind.value, recipient_id)
    row = await tx.fetchrow(Q["recipient_lock"], kind.value, recipient_id)
    if row is None:
        raise LookupError("the recipient row just written is not visible")
    return _entry(row)


def _entry(row: asyncpg.Record) -> Entry:
    return Entry(erased=row["erased"], active=row["active"], recipient=_recipient(row))


def _recipient(row: asyncpg.Record) -> Recipient | None:
    """The recipient a row describes, once both their profile and contact are known."""
    kind = RecipientKind(row["kind"])
    if row["contact_version"] is None or row["profile_version"] is None or row["display_name"] is None:
        return None
    consents = row["consents"]
    return Recipient(
        kind=kind,
        recipient_id=row["recipient_id"],
        display_name=row["display_name"],
        email=row["email"],
        mobile=row["mobile"],
        channels=tuple(Channel(c) for c in row["channels"]),
        preferred_language=row["preferred_language"],
        languages=tuple(row["languages"]),
        # A person's missing consents mean none given; helpers need none.
        consents=frozenset(consents or ()) if kind is RecipientKind.PERSON else None,
    )


async def apply_person_profile(
    tx: Tx, person_id: UUID, version: int, preferred: str, languages: Sequence[str]
) -> bool:
    row = await tx.fetchrow(
        Q["person_profile_apply"], tx.district, person_id, preferred, list(languages), version
    )
    return row is not None


async def apply_person_consents(tx: Tx, person_id: UUID, version: int, consents: Sequence[str]) -> bool:
    row = await tx.fetchrow(Q["person_consents_apply"], tx.district, person_id, list(consents), version)
    return row is not None


async def apply_person_contact(
    tx: Tx,
    person_id: UUID,
    version: int,
    display_name: str,
    email: str | None,
    mobile: str | None,
    channels: Sequence[Channel],
) -> bool:
    row = await tx.fetchrow(
        Q["person_contact_apply"],
        tx.district,
        person_id,
        display_name,
        email,
        mobile,
        [c.value for c in channels],
        version,
    )
    return row is not None


async def apply_helper_profile(tx: Tx, helper: Recipient, version: int) -> bool:
    row = await tx.fetchrow(
        Q["helper_profile_apply"],
        tx.district,
        helper.kind.value,
        helper.recipient_id,
        helper.display_name,
        helper.email,
        helper.mobile,
        [c.value for c in helper.channels],
        helper.preferred_language,
        version,
    )
    return row is not None


async def deactivate_helper(tx: Tx, kind: RecipientKind, helper_id: UUID, version: int) -> bool:
    row = await tx.fetchrow(Q["helper_deactivate"], tx.district, kind.value, helper_id, version)
    return row is not None


async def erase_person(tx: Tx, person_id: UUID) -> None:
    await tx.execute(Q["person_erase"], tx.district, person_id)
    await tx.execute(Q["person_messages_erase"], person_id)
    await tx.execute(Q["person_notifications_scrub"], person_id)
    # Events naming the person as recipient (with template and language) go, pending ones too.
    await tx.forget_events(recipient_kind="person", recipient_id=person_id)


async def cancel_open(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> list[UUID]:
    """Cancel what is still waiting or being delivered to a recipient; returns those cancelled."""
    await tx.execute(Q["recipient_deliveries_cancel"], kind.value, recipient_id)
    rows = await tx.fetch(Q["recipient_notifications_cancel"], kind.value, recipient_id)
    return [row["notification_id"] for row in rows]


async def advance_aggregate(tx: Tx, aggregate: str, aggregate_id: UUID, version: int) -> bool:
    """Record a step of an appointment or match; False if a later step was seen already."""
    row = await tx.fetchrow(Q["aggregate_advance"], tx.district, aggregate, aggregate_id, version)
    return row is not None


# -- notifications ------------------------------------------------------------------------


async def insert_notification(tx: Tx, cause: Event, notice: Notice) -> UUID | None:
    """A new notification, parked until written; None if this cause already notified them."""
    value = await tx.fetchval(
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
    )
    return value if isinstance(value, UUID) else None


def _notification(row: asyncpg.Record) -> NotificationRow:
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


async def parked_for(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> list[NotificationRow]:
    return [_notification(r) for r in await tx.fetch(Q["notifications_parked_for"], kind.value, recipient_id)]


async def expire_parked(tx: Tx, older_than_s: float, limit: int, language: str) -> list[NotificationRow]:
    rows = await tx.fetch(Q["notifications_parked_expire"], older_than_s, limit, language)
    return [_notification(r) for r in rows]


async def mark_composed(tx: Tx, notification_id: UUID, language: str, plan: Sequence[Channel]) -> None:
    await tx.execute(Q["notification_composed"], notification_id, language, [c.value for c in plan])


async def finish(
    tx: Tx, notification_id: UUID, status: str, channel: Channel | None, language: str | None = None
) -> None:
    await tx.execute(
        Q["notification_finish"], notification_id, status, channel.value if channel else None, language
    )


async def insert_message(
    tx: Tx, notification_id: UUID, recipient_id: UUID, subject: str, text: str, html: str, sms: str
) -> None:
    await tx.execute(
        Q["message_insert"], tx.district, notification_id, recipient_id, subject, text, html, sms
    )


# -- deliveries ---------------------------------------------------------------------------


async def insert_delivery(
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
    return [Claimed(r["notification_id"], Channel(r["channel"]), r["attempts"]) for r in rows]


async def parcel(tx: Tx, notification_id: UUID) -> Parcel | None:
    row = await tx.fetchrow(Q["delivery_parcel"], notification_id)
    if row is None:
        return None
    return Parcel(
        notification_id=row["notification_id"],
        language=row["language"],
        subject=row["subject"],
        text=row["body_text"],
        html=row["body_html"],
        sms=row["sms_text"],
        recipient=_recipient(row),
        reachable=row["reachable"],
    )


async def lock_delivery(tx: Tx, notification_id: UUID, channel: Channel) -> LockedDelivery | None:
    row = await tx.fetchrow(Q["delivery_lock"], notification_id, channel.value)
    if row is None:
        return None
    return LockedDelivery(status=row["status"], attempts=row["attempts"], notification=_notification(row))


async def update_delivery(
    tx: Tx, notification_id: UUID, channel: Channel, status: str, held_until: datetime | None = None
) -> None:
    await tx.execute(Q["delivery_update"], notification_id, channel.value, status, held_until)


async def release(tx: Tx, notification_id: UUID, channel: Channel, attempts: int) -> bool:
    row = await tx.fetchrow(Q["delivery_release"], notification_id, channel.value, attempts)
    return row is not None


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


# -- district settings --------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictRow:
    contacts: list[dict[str, str | None]]
    integreat_url: str | None
    quiet_start: time
    quiet_end: time
    time_zone: str
    updated_at: datetime | None = None


async def district_settings(tx: Tx) -> DistrictRow | None:
    row = await tx.fetchrow(Q["district_settings_get"])
    if row is None:
        return None
    return DistrictRow(
        contacts=json.loads(row["contacts"]),
        integreat_url=row["integreat_url"],
        quiet_start=row["quiet_start"],
        quiet_end=row["quiet_end"],
        time_zone=row["time_zone"],
        updated_at=row["updated_at"],
    )


async def put_district_settings(tx: Tx, settings: DistrictRow) -> None:
    await tx.execute(Q["district_settings_put"], tx.district, *_district_values(settings))


async def seed_district_settings(tx: Tx, settings: DistrictRow) -> bool:
    """Store the settings unless the district has its own; True if they were stored."""
    row = await tx.fetchrow(Q["district_settings_seed"], tx.district, *_district_values(settings))
    return row is not None


def _district_values(settings: DistrictRow) -> tuple[Any, ...]:
    return (
        json.dumps(settings.contacts),
        settings.integreat_url,
        settings.quiet_start,
        settings.quiet_end,
        settings.time_zone,
    )


# -- inbox and status ---------------------------------------------------------------------


async def inbox(tx: Tx, recipient_id: UUID, limit: int, before: datetime | None) -> list[asyncpg.Record]:
    """The recipient's messages, newest first: the fields of the API's inbox message."""
    return await tx.fetch(Q["inbox_list"], recipient_id, limit, before)


async def mark_read(tx: Tx, notification_id: UUID, recipient_id: UUID) -> bool:
    """Mark a message of this recipient read; False if they have no such message."""
    return await tx.fetchrow(Q["inbox_mark_read"], notification_id, recipient_id) is not None


async def person_notifications(tx: Tx, person_id: UUID, limit: int) -> list[dict[str, Any]]:
    """The person's notifications, newest first, each with its `history` of steps in order."""
    rows = await tx.fetch(Q["person_notifications"], person_id, limit)
    found = {row["notification_id"]: {**row, "history": []} for row in rows}
    for step in await tx.fetch(Q["notifications_history"], list(found)):
        found[step["notification_id"]]["history"].append(dict(step))
    return list(found.values())
