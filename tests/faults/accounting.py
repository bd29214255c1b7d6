"""Jepsen-style accounting of one batch of registrations: what was accepted, what it caused
(records opened, welcome notifications, e-mails at the SMTP sink), what is missing, what
happened twice, and what is left behind (outbox rows, dead letters).

Read as the database owner (which row-level security does not restrict) and from the sink,
never through the services' APIs, so that a service that does not answer cannot hide a loss.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import aio_pika
import asyncpg

from wir_kit import topology
from wir_kit.settings import Settings
from wir_kit.settling import REASON
from wir_ops.commands.migrate_provisioning import queue_bindings
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.registry import installed_services

from .load import Registration

SCHEMAS = ("intake", "competence", "notifications")
#: Longest wait for the broker's answer to the observer.
ANSWER_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Effects:
    accepted: int
    refused: int
    records: int
    emails: int
    notifications: int
    duplicate_records: int
    duplicate_emails: int
    missing_records: int
    missing_emails: int
    missing_notifications: int
    #: E-mail deliveries of the batch not yet `sent` (pending, sending, held, failed).
    unsettled: int
    #: Outbox rows of any service that are due and not published.
    stuck_outbox: int

    @property
    def converged(self) -> bool:
        missing = self.missing_records + self.missing_emails + self.missing_notifications
        return missing == 0 and self.unsettled == 0 and self.stuck_outbox == 0

    def shortfall(self) -> str:
        return (
            f"missing records {self.missing_records}, e-mails {self.missing_emails}, "
            f"notifications {self.missing_notifications}; unsettled e-mail deliveries "
            f"{self.unsettled}; due unpublished outbox rows {self.stuck_outbox}"
        )


async def effects(
    db: asyncpg.Connection, sink: MailSink, batch: Sequence[Registration], stuck: int | None = None
) -> Effects:
    """The batch's effects now; the outbox is counted unless `stuck` gives its count."""
    landed = [r for r in batch if r.person_id is not None]
    ids = [r.person_id for r in landed if r.person_id is not None]
    records = await _per_person(
        db, "SELECT person_id AS id FROM competence.records WHERE person_id = ANY($1::uuid[])", ids
    )
    notes = await _per_person(
        db,
        "SELECT recipient_id AS id FROM notifications.notifications"
        " WHERE template = 'welcome' AND recipient_id = ANY($1::uuid[])",
        ids,
    )
    unsettled = await db.fetchval(
        "SELECT count(*) FROM notifications.deliveries d JOIN notifications.notifications n"
        " USING (district, notification_id)"
        " WHERE n.recipient_id = ANY($1::uuid[]) AND d.channel = 'email' AND d.status <> 'sent'",
        ids,
    )
    mails = Counter(address for received in sink.received for address in received.recipients)
    emails = [mails[r.email] for r in landed]
    return Effects(
        accepted=len(landed),
        refused=sum(sum(r.refusals.values()) for r in batch),
        records=sum(records.values()),
        emails=sum(emails),
        notifications=sum(notes.values()),
        duplicate_records=sum(max(0, n - 1) for n in records.values()),
        duplicate_emails=sum(max(0, n - 1) for n in emails),
        missing_records=sum(1 for i in ids if records[i] == 0),
        missing_emails=sum(1 for n in emails if n == 0),
        missing_notifications=sum(1 for i in ids if notes[i] == 0),
        unsettled=int(unsettled),
        stuck_outbox=await stuck_outbox(db) if stuck is None else stuck,
    )


async def _per_person(db: asyncpg.Connection, query: str, ids: Sequence[str]) -> Counter[str]:
    """Rows per person id, of a query selecting `id` for the ids in $1."""
    return Counter(str(row["id"]) for row in await db.fetch(query, ids))


async def stuck_outbox(db: asyncpg.Connection) -> int:
    total = 0
    for schema in SCHEMAS:
        total += int(
            await db.fetchval(
                f"SELECT count(*) FROM {schema}.outbox WHERE published_at IS NULL AND not_before <= now()"
            )
        )
    return total


def dead_letter_queues(settings: Settings) -> list[str]:
    """Every DLQ of the sandbox's subscribers."""
    return [
        topology.dlq_name(binding.queue)
        for spec in installed_services(SCHEMAS)
        for binding in queue_bindings(spec, settings.model_copy(update={"service": spec.name}))
    ]


async def dead_letters(settings: Settings) -> dict[str, int]:
    """Messages in each DLQ of the sandbox (only those holding any)."""
    async with asyncio.timeout(ANSWER_TIMEOUT_S):
        return await _dead_letters(settings)


async def _dead_letters(settings: Settings) -> dict[str, int]:
    connection = await aio_pika.connect(settings.amqp_url, timeout=ANSWER_TIMEOUT_S)
    try:
        channel = await connection.channel()
        counts = {}
        for name in dead_letter_queues(settings):
            queue = await channel.declare_queue(name, passive=True)
            counts[name] = queue.declaration_result.message_count or 0
        return {name: n for name, n in counts.items() if n}
    finally:
        await connection.close()


async def dead_letter_reasons(settings: Settings, queue: str, limit: int = 10) -> dict[str, str]:
    """message_id → the kit's dead-letter reason of the messages in `queue`, left in place."""
    async with asyncio.timeout(ANSWER_TIMEOUT_S):
        return await _reasons(settings, queue, limit)


async def _reasons(settings: Settings, queue: str, limit: int) -> dict[str, str]:
    connection = await aio_pika.connect(settings.amqp_url, timeout=ANSWER_TIMEOUT_S)
    try:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=False)
        found = {}
        # Unacknowledged, so that closing the channel puts them back.
        for _ in range(limit):
            message = await source.get(no_ack=False, fail=False)
            if message is None:
                break
            found[str(message.message_id)] = str(message.headers.get(REASON, ""))
        await channel.close()
        return found
    finally:
        await connection.close()


def same_message_ids(sink: MailSink, addresses: Sequence[str]) -> int:
    """Duplicated e-mails that carry the Message-ID of the first copy (a receiving server can
    fold them)."""
    folded = 0
    for address in addresses:
        ids = [str(r.message["Message-ID"]) for r in sink.to(address)]
        folded += len(ids) - len(set(ids))
    return folded
