"""Who can be reached, through which channel, in which language: the directory's rules."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from wir_contracts.channels import Channel
from wir_contracts.consent import ConsentPurpose
from wir_contracts.notifications.v1 import FailureReason, RecipientKind
from wir_notifications.domain.languages import language_chain

#: A person's contact channels need their consent; the inbox contacts nobody, it is read.
CONSENT_FOR = {Channel.EMAIL: ConsentPurpose.CONTACT_EMAIL, Channel.SMS: ConsentPurpose.CONTACT_SMS}


@dataclass(frozen=True)
class Recipient:
    """A directory entry. `consents` is None for volunteers and interpreters, who chose their
    channels themselves; for people each contact channel needs its consent purpose."""

    kind: RecipientKind
    recipient_id: UUID
    display_name: str
    email: str | None
    mobile: str | None
    channels: tuple[Channel, ...]
    preferred_language: str
    languages: tuple[str, ...] = ()
    consents: frozenset[str] | None = None

    def language_chain(self) -> tuple[str, ...]:
        return language_chain(self.preferred_language, self.languages)


def is_newer(incoming: int, stored: int | None) -> bool:
    """Whether an event's aggregate version should replace what the directory holds."""
    return stored is None or incoming > stored


def unusable_because(recipient: Recipient, channel: Channel) -> FailureReason | None:
    """Why a message may not go out through `channel` right now; None if it may.

    Asked again just before each send, so a consent withdrawn in between stops it at once.
    """
    if channel is Channel.INBOX:
        return None
    address = recipient.email if channel is Channel.EMAIL else recipient.mobile
    if channel not in recipient.channels or address is None:
        return FailureReason.NO_CHANNEL
    if recipient.consents is not None and CONSENT_FOR[channel].value not in recipient.consents:
        return FailureReason.NO_CONSENT
    return None


def channel_usable(recipient: Recipient, channel: Channel) -> bool:
    return unusable_because(recipient, channel) is None


def may_be_contacted(recipient: Recipient) -> bool:
    """Whether the person agreed to be contacted at all (by e-mail or SMS)."""
    if recipient.consents is None:
        return True
    return any(purpose.value in recipient.consents for purpose in CONSENT_FOR.values())


def delivery_plan(recipient: Recipient, *, sms_available: bool) -> tuple[Channel, ...]:
    """The channels to try in turn: the agreed ones in the recipient's order, the inbox last.

    The inbox keeps every message anyway, so it ends the plan wherever it stands: a recipient
    who put it first is not also mailed. Staff have no inbox (they work in the app), so their
    plan is their e-mail alone; an address gone by the time it is sent fails it like any other.
    """
    if recipient.kind is RecipientKind.STAFF:
        return (Channel.EMAIL,)
    plan: list[Channel] = []
    for channel in recipient.channels:
        if channel is Channel.SMS and not sms_available:
            continue
        if channel is Channel.INBOX:
            break
        if channel_usable(recipient, channel):
            plan.append(channel)
    plan.append(Channel.INBOX)
    return tuple(plan)
