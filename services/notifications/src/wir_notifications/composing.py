"""From notice to message: find the recipient (or wait for them), write it in their language,
plan the channels and start the first one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from uuid import UUID

from wir_contracts.envelope import Event
from wir_contracts.notifications.v1 import FailureReason, RecipientKind
from wir_kit.db import Tx
from wir_kit.logging import get_logger
from wir_kit.subscriptions import PermanentFailure
from wir_notifications import delivering, district_content
from wir_notifications.db import store
from wir_notifications.db.store import NotificationRow
from wir_notifications.domain.languages import choose_language, script
from wir_notifications.domain.notices import UNSOLICITED, Notice
from wir_notifications.domain.recipients import Recipient, delivery_plan, may_be_contacted
from wir_notifications.rendering import TemplateFailure
from wir_notifications.wiring import Wiring

log = get_logger(__name__)


async def notify(tx: Tx, wiring: Wiring, cause: Event, notices: Iterable[Notice]) -> None:
    """One notification per notice; written now if the recipient is known, else parked."""
    for notice in notices:
        entry = await store.lock_recipient(tx, notice.recipient_kind, notice.recipient_id)
        if entry.erased or not entry.active:
            log.info("notice dropped", template=notice.template, recipient_kind=notice.recipient_kind.value)
            continue
        notification_id = await store.insert_notification(tx, cause, notice)
        if notification_id is None:
            continue
        note = NotificationRow(
            notification_id=notification_id,
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
        if entry.recipient is None:
            await store.add_history(tx, notification_id, "parked", detail="recipient_unknown")
            continue
        await compose(tx, wiring, note, entry.recipient)


async def resume(tx: Tx, wiring: Wiring, kind: RecipientKind, recipient_id: UUID) -> None:
    """Write what waited for this recipient, now that they are known."""
    entry = await store.recipient(tx, kind, recipient_id)
    if entry is None or entry.recipient is None or entry.erased or not entry.active:
        return
    for note in await store.parked_for(tx, kind, recipient_id):
        await store.add_history(tx, note.notification_id, "unparked")
        await compose(tx, wiring, note, entry.recipient)


async def compose(tx: Tx, wiring: Wiring, note: NotificationRow, recipient: Recipient) -> None:
    """Render the message in the recipient's language, store it, start its first channel.

    A template that cannot be rendered is a defect: the event goes to the dead-letter queue
    with the template's name and the placeholder, and nothing of it is kept.
    """
    language = choose_language(recipient.language_chain(), wiring.renderer.languages(note.template))
    if note.template in UNSOLICITED and not may_be_contacted(recipient):
        await delivering.fail_without_channel(
            tx, note, FailureReason.NO_CONSENT, "no_contact_consent", language
        )
        return
    district = await district_content.load(tx, wiring.settings)
    values: dict[str, Any] = {
        **note.facts,
        "name": recipient.display_name,
        "district": district.name,
        "inbox_url": wiring.settings.inbox_url,
        "contacts": district.contacts,
        "integreat_url": district_content.integreat_link(district.integreat_url, script(language).tag),
    }
    try:
        message = wiring.renderer.render(
            note.template, language, values, sensitive=note.sensitive, zone=district.quiet.zone
        )
    except TemplateFailure as exc:
        raise PermanentFailure(exc.reason) from None
    plan = delivery_plan(recipient, sms_available=wiring.sms_available)
    await store.insert_message(
        tx,
        note.notification_id,
        note.recipient_id,
        message.subject,
        message.text,
        message.html,
        message.sms,
    )
    await store.mark_composed(tx, note.notification_id, language, plan)
    await delivering.start_channel(tx, wiring, replace(note, language=language, plan=plan), 0)
