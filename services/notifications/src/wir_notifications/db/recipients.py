"""The recipient directory: people from intake, volunteers from matching, interpreters from
interpreting. Each part of an entry is replaced only by a newer version of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from wir_contracts.channels import Channel
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Tx, load_queries
from wir_notifications.domain.recipients import Recipient

Q = load_queries("wir_notifications.db", "recipients.sql")


@dataclass(frozen=True)
class Entry:
    """A directory row; `recipient` is None until everything needed to write to them is known."""

    erased: bool
    active: bool
    recipient: Recipient | None


async def get(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> Entry | None:
    row = await tx.fetchrow(Q["recipient_get"], kind.value, recipient_id)
    return None if row is None else _entry(row)


async def lock(tx: Tx, kind: RecipientKind, recipient_id: UUID) -> Entry:
    """The recipient's row, locked for this transaction; created empty if they are unknown."""
    row = await tx.fetchrow(Q["recipient_touch_lock"], kind.value, recipient_id, tx.district)
    if row is None:
        row = await tx.fetchrow(Q["recipient_lock"], kind.value, recipient_id)
    if row is None:
        raise LookupError("the recipient row just written is not visible")
    return _entry(row)


def _entry(row: asyncpg.Record) -> Entry:
    return Entry(erased=row["erased"], active=row["active"], recipient=recipient_of(row))


def _applied(row: asyncpg.Record | None) -> Entry | None:
    return None if row is None else _entry(row)


def recipient_of(row: asyncpg.Record) -> Recipient | None:
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
) -> Entry | None:
    """The entry as changed (and locked), or None when a newer profile was there already."""
    row = await tx.fetchrow(
        Q["person_profile_apply"], tx.district, person_id, preferred, list(languages), version
    )
    return _applied(row)


async def apply_person_registered(
    tx: Tx, person_id: UUID, version: int, preferred: str, languages: Sequence[str], consents: Sequence[str]
) -> Entry | None:
    """Profile and consents of a registration in one statement, each only over an older part;
    the entry as applied (locked), or None if nothing was newer."""
    row = await tx.fetchrow(
        Q["person_registered_apply"],
        tx.district,
        person_id,
        preferred,
        list(languages),
        list(consents),
        version,
    )
    return _applied(row)


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
) -> Entry | None:
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
    return _applied(row)


async def apply_helper_profile(tx: Tx, helper: Recipient, version: int) -> Entry | None:
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
    return _applied(row)


async def deactivate_helper(tx: Tx, kind: RecipientKind, helper_id: UUID, version: int) -> bool:
    row = await tx.fetchrow(Q["helper_deactivate"], tx.district, kind.value, helper_id, version)
    return row is not None


async def erase_person(tx: Tx, person_id: UUID) -> None:
    """The person's entry becomes a tombstone, so that late events do not bring them back."""
    await tx.execute(Q["person_erase"], tx.district, person_id)


async def keep_staff(tx: Tx, staff_id: UUID, name: str, email: str, language: str) -> None:
    await tx.execute(Q["staff_keep"], tx.district, staff_id, name, email, language)


async def retire_staff_except(tx: Tx, kept: Sequence[UUID]) -> list[UUID]:
    """Deactivate the district's staff entries not in `kept`; returns those deactivated."""
    rows = await tx.fetch(Q["staff_retire"], list(kept))
    return [row["recipient_id"] for row in rows]


async def keep_direct(tx: Tx, contact: Recipient) -> None:
    """Keep a requester's entry as their event names them, until their messages are out."""
    await tx.execute(
        Q["direct_keep"],
        tx.district,
        contact.recipient_id,
        contact.display_name,
        contact.email,
        [c.value for c in contact.channels],
        contact.preferred_language,
    )


async def release_direct(tx: Tx, staff_id: UUID) -> None:
    """Drop a requester's name and address once no message to them is open; a coordinator's
    entry (not direct) is left alone."""
    if await tx.fetchrow(Q["direct_lock"], staff_id) is not None:
        await tx.execute(Q["direct_release"], staff_id)
