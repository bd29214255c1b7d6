"""The inbox's sign-in with a one-time code, from a message's link: what the link may ask,
a code made and kept hashed, a code entered and checked. Each in the link's district
transaction; sending the code happens between two of them (`adapters/code_delivery.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from uuid import UUID, uuid4

import asyncpg

from wir_contracts.channels import Channel
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Tx
from wir_notifications.adapters import message_links
from wir_notifications.db import inbox_codes
from wir_notifications.domain import inbox_codes as rules
from wir_notifications.domain.errors import LinkRefused, LinkTimeOver, NoCode, NoCodeChannel
from wir_notifications.domain.languages import GERMAN
from wir_notifications.domain.recipients import CONSENT_FOR
from wir_notifications.settings import NotificationSettings


@dataclass(frozen=True)
class Target:
    """Whom a message's link may send a code to, and where: `channel` and `address` are None
    when the message went out on no channel that can still be used."""

    person_id: UUID
    notification_id: UUID
    language: str
    channel: Channel | None
    address: str | None


@dataclass(frozen=True)
class NewCode:
    code_id: UUID
    code: str
    language: str
    channel: Channel
    address: str


class Verdict(Enum):
    RIGHT = "right"
    WRONG = "wrong"
    ENDED = "ended"  # wrong, and the last try allowed


def claim_of(settings: NotificationSettings, token: str, now: datetime) -> message_links.MessageClaim:
    try:
        return message_links.read_message(settings.message_link_secret, token, now=now)
    except message_links.LinkExpired:
        raise LinkTimeOver from None
    except message_links.BadLink:
        raise LinkRefused from None


async def target(tx: Tx, settings: NotificationSettings, notification_id: UUID) -> Target:
    """The person the linked message went to; `LinkRefused` for anyone else or nobody."""
    row = await inbox_codes.link_target(tx, notification_id)
    if row is None or row["recipient_kind"] != RecipientKind.PERSON.value:
        raise LinkRefused
    # No directory entry (`active` NULL by the outer join) or a tombstone: nobody to open.
    if row["active"] is None or row["erased"]:
        raise LinkRefused
    channel = _usable_channel(settings, row)
    address = None if channel is None else row["email" if channel is Channel.EMAIL else "mobile"]
    return Target(row["recipient_id"], notification_id, row["language"] or GERMAN, channel, address)


def _usable_channel(settings: NotificationSettings, row: asyncpg.Record) -> Channel | None:
    """The channel that delivered the message, while its address and consent still hold."""
    if row["channel"] not in (Channel.EMAIL.value, Channel.SMS.value) or not row["active"]:
        return None
    channel = Channel(row["channel"])
    if channel is Channel.SMS and settings.sms_url is None:
        return None
    address = row["email"] if channel is Channel.EMAIL else row["mobile"]
    agreed = channel.value in row["channels"] and CONSENT_FOR[channel].value in (row["consents"] or ())
    return channel if address and agreed else None


async def make_code(tx: Tx, settings: NotificationSettings, notification_id: UUID) -> NewCode:
    """A new code for the linked message's person, within the limits; kept only as its hash."""
    found = await target(tx, settings, notification_id)
    if (
        found.channel is None
        or found.address is None
        or not await inbox_codes.lock_person(tx, found.person_id)
    ):
        raise NoCodeChannel
    recent = await inbox_codes.recent(tx, found.person_id)
    limits = rules.Limits(settings.inbox_code_resend_s, settings.inbox_codes_per_hour)
    rules.check_may_send(limits, recent.last_hour, recent.newest_age_s)
    code_id, code = uuid4(), rules.new_code()
    digest = rules.code_hash(settings.inbox_token_secret, code_id, code)
    await inbox_codes.replace(
        tx,
        code_id,
        found.person_id,
        notification_id,
        found.channel.value,
        digest,
        settings.inbox_code_minutes,
    )
    return NewCode(code_id, code, found.language, found.channel, found.address)


async def end_code(tx: Tx, code_id: UUID) -> None:
    """A code that did not go out: nobody can have it, so nobody may try it."""
    await inbox_codes.end(tx, code_id)


async def check_code(
    tx: Tx, settings: NotificationSettings, notification_id: UUID, code: str
) -> tuple[Target, Verdict]:
    """The person (as the link names them) and whether `code` is their current one from this
    link. A wrong try is counted here and must be committed: the caller refuses only after the
    transaction."""
    found = await target(tx, settings, notification_id)
    await inbox_codes.lock_person(tx, found.person_id)
    current = await inbox_codes.current(tx, found.person_id)
    if current is None or current.notification_id != notification_id:
        raise NoCode
    rules.check_usable(used=current.used, ended=current.ended, expired=current.expired)
    if rules.matches(settings.inbox_token_secret, current.code_id, code, current.code_hash):
        await inbox_codes.mark_used(tx, current.code_id)
        return found, Verdict.RIGHT
    attempts = await inbox_codes.wrong_try(tx, current.code_id, settings.inbox_code_attempts)
    return found, Verdict.ENDED if attempts >= settings.inbox_code_attempts else Verdict.WRONG
