"""From notice to message: find the recipient (or wait for them), write it in their language,
plan the channels and start the first one; report what waited in vain for its recipient."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID

from wir_contracts.envelope import Event
from wir_contracts.notifications.v1 import FailureReason, RecipientKind
from wir_kit import PermanentFailure, Tx, get_logger
from wir_notifications.adapters import message_links
from wir_notifications.commands import deliveries as delivering
from wir_notifications.commands import district_settings
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.commands.district_settings import DistrictContent
from wir_notifications.db import aggregate_versions, deliveries, notifications, recipients
from wir_notifications.db.deliveries import Claimed, Parcel
from wir_notifications.db.district_settings import DistrictRow
from wir_notifications.db.notifications import Message, NotificationRow
from wir_notifications.db.recipients import Entry
from wir_notifications.domain.errors import TemplateFailure
from wir_notifications.domain.languages import GERMAN, choose_language, script
from wir_notifications.domain.notices import UNSOLICITED, Aggregate, Notice
from wir_notifications.domain.recipients import Recipient, delivery_plan, may_be_contacted

log = get_logger(__name__)


async def notify(
    tx: Tx, collaborators: Collaborators, cause: Event, notices: Iterable[Notice], locked: Entry | None = None
) -> list[Entry]:
    """One notification per notice; written now if the recipient is known, else parked. Returns
    the recipients' entries as locked (before these notices). `locked`: the entry of the notices'
    one recipient, if this transaction has locked it already."""
    told = list(notices)
    if locked is not None and len({(n.recipient_kind, n.recipient_id) for n in told}) != 1:
        raise ValueError("an entry locked beforehand must be the one recipient's of the notices")
    entries = []
    for notice in told:
        entry = locked or await recipients.lock(tx, notice.recipient_kind, notice.recipient_id)
        entries.append(entry)
        if entry.erased or not entry.active:
            log.info("notice dropped", template=notice.template, recipient_kind=notice.recipient_kind.value)
            continue
        recipient = entry.recipient
        inserted = await _insert(tx, cause, notice, parked=None if recipient else "recipient_unknown")
        if inserted is not None and recipient is not None:
            note, own = inserted
            district = district_settings.content_of(tx.district, own, collaborators.settings)
            await compose(tx, collaborators, note, recipient, district)
    return entries


async def record_undeliverable(tx: Tx, cause: Event, notice: Notice, detail: str) -> None:
    """A notice nobody can receive (a district that names no coordinator): kept as a failed
    notification with its reason and reported, never dropped unseen. Once per cause."""
    inserted = await _insert(tx, cause, notice)
    if inserted is None:
        return
    note, _ = inserted
    await delivering.fail_without_channel(tx, note, FailureReason.NO_CHANNEL, detail, GERMAN)
    log.warning("notice undeliverable", template=notice.template, detail=detail)


async def _insert(
    tx: Tx, cause: Event, notice: Notice, parked: str | None = None
) -> tuple[NotificationRow, DistrictRow | None] | None:
    """The new notification, parked (`parked`: why, for its history), with the district's own
    settings unless parked; None if this cause already wrote it (a redelivery)."""
    inserted = await notifications.insert(tx, cause, notice, parked)
    if inserted is None:
        return None
    note = NotificationRow(
        notification_id=inserted.notification_id,
        cause_event_id=cause.event_id,
        correlation_id=cause.correlation_id,
        recipient_kind=notice.recipient_kind,
        recipient_id=notice.recipient_id,
        template=notice.template,
        sensitive=notice.sensitive,
        facts=dict(notice.facts),
        language=None,
        plan=(),
    )
    return note, inserted.own


async def notify_unless_stale(
    tx: Tx,
    collaborators: Collaborators,
    cause: Event,
    step: Aggregate,
    notices: Iterable[Notice],
    direct: Recipient | None = None,
) -> bool:
    """A step of a match or appointment: told, unless a later step of it was seen already (a
    reminder after the cancellation). Steps nobody is told of are kept all the same, so that an
    older step arriving later is not announced. False for a stale step; `direct` as in
    `notify_direct`."""
    if not await aggregate_versions.advance(tx, step.kind, step.aggregate_id, step.version):
        return False
    await notify_direct(tx, collaborators, cause, notices, direct)
    return True


async def notify_direct(
    tx: Tx, collaborators: Collaborators, cause: Event, notices: Iterable[Notice], direct: Recipient | None
) -> None:
    """`notify`, with `direct` (a recipient the event names with their contact: a requester, an
    employer) kept in the directory for as long as a message to them is open, and only if one is
    written to them."""
    told = list(notices)
    addressed = direct is not None and any(n.recipient_id == direct.recipient_id for n in told)
    if direct is not None and addressed:
        await recipients.keep_direct(tx, direct)
    await notify(tx, collaborators, cause, told)
    if direct is not None and addressed:
        # Nothing written after all (every notice already there): the address goes again.
        await recipients.release_direct(tx, direct.recipient_id)


async def resume(
    tx: Tx, collaborators: Collaborators, kind: RecipientKind, recipient_id: UUID, entry: Entry | None = None
) -> None:
    """Write what waited for this recipient, now that they are known; `entry` as locked in this
    transaction, if the caller has it. What waits is read in a statement of its own, after the
    lock: one that waited for the lock sees only then what the other transaction parked."""
    if entry is None:
        entry = await recipients.get(tx, kind, recipient_id)
    if entry is None or entry.recipient is None or entry.erased or not entry.active:
        return
    notes, own = await notifications.unpark(tx, kind, recipient_id)
    if not notes:
        return
    district = district_settings.content_of(tx.district, own, collaborators.settings)
    for note in notes:
        await compose(tx, collaborators, note, entry.recipient, district)


async def compose(
    tx: Tx,
    collaborators: Collaborators,
    note: NotificationRow,
    recipient: Recipient,
    district: DistrictContent,
) -> None:
    """Render the message in the recipient's language, store it, start its first channel.
    `district`: its content, as the statement before brought it along.

    A template that cannot be rendered is a defect: the event goes to the dead-letter queue
    with the template's name and the placeholder, and nothing of it is kept.
    """
    renderer, settings = collaborators.renderer, collaborators.settings
    language = choose_language(recipient.language_chain(), renderer.languages(note.template))
    if note.template in UNSOLICITED and not may_be_contacted(recipient):
        await delivering.fail_without_channel(
            tx, note, FailureReason.NO_CONSENT, "no_contact_consent", language
        )
        return
    values: dict[str, Any] = {
        **note.facts,
        "name": recipient.display_name,
        "district": district.name,
        "message_url": _message_url(tx, collaborators, note.notification_id),
        "contacts": district.contacts,
        "integreat_url": district_settings.integreat_link(district.integreat_url, script(language).tag),
    }
    try:
        message = renderer.render(
            note.template, language, values, sensitive=note.sensitive, zone=district.quiet.zone
        )
    except TemplateFailure as exc:
        raise PermanentFailure(exc.reason) from None
    plan = delivery_plan(recipient, sms_available=collaborators.sms_available)
    stored = Message(message.subject, message.text, message.html, message.sms)
    if delivering.queued_at_once(plan[0], district.quiet, collaborators.clock()):
        # The common case in one statement: message, composed, first channel queued; claimed
        # for this process's sender when one runs here.
        handoff = collaborators.handoff
        lease_s = settings.lease_s if handoff.open else None
        attempt = await notifications.mark_composed(tx, note, stored, language, plan, plan[0], lease_s)
        if attempt is not None:
            parcel = Parcel(note.notification_id, language, *stored, recipient=recipient, reachable=True)
            composed = replace(note, language=language, plan=plan)
            claim = Claimed(note.notification_id, plan[0], attempt, parcel=parcel, note=composed)
            district_key = tx.district
            tx.after_commit(lambda: handoff.give(district_key, claim))
        return
    await notifications.mark_composed(tx, note, stored, language, plan, None)
    await delivering.start_channel(tx, collaborators, replace(note, language=language, plan=plan), 0)


def _message_url(tx: Tx, collaborators: Collaborators, notification_id: UUID) -> str:
    """The signed link that opens this message in a browser, without an account."""
    settings = collaborators.settings
    token = message_links.sign_message(
        settings.message_link_secret,
        district=tx.district,
        notification_id=notification_id,
        expires_at=collaborators.clock() + timedelta(days=settings.message_link_days),
    )
    return settings.message_url(token)


async def fail_unknown_recipients(tx: Tx, older_than_s: float, limit: int) -> int:
    """Report up to `limit` notifications that waited longer than `older_than_s` for a recipient
    who never appeared; returns how many. Safe on every replica: each waiting row is claimed
    and changed in one statement."""
    expired = await notifications.expire_parked(tx, older_than_s, limit, GERMAN)
    for note in expired:
        await deliveries.add_history(
            tx, note.notification_id, "failed", detail="no_channel: recipient_unknown"
        )
        await delivering.publish_failed(tx, note, None, FailureReason.NO_CHANNEL)
        log.warning("recipient never appeared", notification_id=str(note.notification_id))
    return len(expired)
