"""The sender survives what a running system does to it: a cut database connection, outcomes
and releases that arrive late, a recipient gone mid-send, a channel switched off while held."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from wir_contracts.channels import Channel
from wir_contracts.notifications.v1 import DeliveryDue, FailureReason, RecipientKind
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, rows
from wir_notifications.commands import deliveries
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.db.deliveries import Claimed
from wir_notifications.db.notifications import NotificationRow
from wir_notifications.domain.outcomes import Permanent, Sent
from wir_notifications.jobs.sender import Sender


async def delivered(service, person, until):
    registered, contact, _, _ = person()
    await publish(service.settings, registered, contact)
    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    return registered, sent


async def test_the_sender_comes_back_after_its_database_connection_is_cut(
    start_notifications, smtp_sink, person, until, wir_database_url
) -> None:
    service = await start_notifications()
    sender = f"wir-{service.settings.service}-sender"
    admin = await asyncpg.connect(wir_database_url)
    try:
        old = await until(lambda: admin.fetchval(_LISTENER, sender))
        await admin.execute(_TERMINATE, sender)
        registered, contact, address, _ = person()
        await publish(service.settings, registered, contact)

        [mail] = await until(lambda: smtp_sink.to(address))
        assert await until(lambda: _other_listener(admin, sender, old))  # listening again, anew
    finally:
        await admin.close()
    assert mail.message["Subject"].startswith("Welcome to WIR")


async def _other_listener(admin, name, old):
    pids = {row["pid"] for row in await admin.fetch(_LISTENER, name)}
    return bool(pids - {old})


@pytest.mark.parametrize("alone", [False, True], ids=["in a transaction", "in one round trip"])
async def test_a_late_outcome_of_an_attempt_taken_over_changes_nothing(
    start_notifications, person, until, alone
) -> None:
    service = await start_notifications()
    registered, sent = await delivered(service, person, until)
    before = await service.history(BERGSTRASSE, registered.person_id)
    late = Claimed(sent["notification_id"], Channel.EMAIL, attempts=1)

    if alone:
        # The claim as a message composed and claimed at once has it: with the notification.
        composed = NotificationRow(
            notification_id=sent["notification_id"],
            cause_event_id=registered.event_id,
            correlation_id=registered.correlation_id,
            recipient_kind=RecipientKind.PERSON,
            recipient_id=registered.person_id,
            template="welcome",
            sensitive=False,
            facts={},
            language=sent["language"],
            plan=(Channel.EMAIL,),
        )
        late = replace(late, note=composed)
        db = service.runtime.db
        assert await deliveries.record_sent_alone(db, BERGSTRASSE, late, Sent("smtp_accepted"))
    else:
        async with service.runtime.db.transaction(BERGSTRASSE) as tx:
            await deliveries.record_attempt(tx, Collaborators(service.config), late, Sent("smtp_accepted"))

    assert await service.history(BERGSTRASSE, registered.person_id) == before
    assert len(await outbox(service.runtime, "notification_sent")) == 1


async def test_a_release_for_a_delivery_no_longer_held_changes_nothing(
    start_notifications, person, until
) -> None:
    service = await start_notifications()
    _, sent = await delivered(service, person, until)
    stale = DeliveryDue(
        district=BERGSTRASSE, notification_id=sent["notification_id"], channel=Channel.EMAIL, attempts=0
    )

    async with service.runtime.db.transaction(BERGSTRASSE) as tx:
        await deliveries.release(tx, stale)

    [row] = await rows(service.runtime, BERGSTRASSE, "SELECT status FROM deliveries")
    assert row["status"] == "sent"


async def test_a_message_whose_recipient_is_gone_is_not_sent(start_notifications, until) -> None:
    service = await start_notifications()
    sender = Sender(service.runtime, Collaborators(service.config))

    outcome = await sender._send(Claimed(uuid4(), Channel.EMAIL, attempts=1), None)

    assert outcome == Permanent(FailureReason.NO_CHANNEL, "recipient_unreachable")


async def test_an_sms_held_while_the_provider_is_switched_off_falls_back(
    start_notifications, wir_settings, sms_provider, person, until
) -> None:
    settings = wir_settings(service="notifications")
    first = await start_notifications(settings=settings)
    now = datetime.now(ZoneInfo("Europe/Berlin")).replace(microsecond=0)
    window = {
        "quiet_hours_start": (now - timedelta(hours=1)).time().isoformat(),
        "quiet_hours_end": (now + timedelta(seconds=3)).time().isoformat(),
    }
    await first.put_district_settings(**window)
    registered, contact, _, _ = person(("sms", "email"))
    await publish(first.settings, registered, contact)
    await until(lambda: rows(first.runtime, BERGSTRASSE, "SELECT 1 FROM deliveries WHERE status = 'held'"))

    await first.runtime.stop()
    second = await start_notifications(settings=settings, sms_url=None)  # the provider is switched off

    [failed] = await until(lambda: outbox(second.runtime, "notification_failed"), timeout=20)
    assert (failed["channel"], failed["reason"]) == ("sms", "no_channel")
    [sent] = await until(lambda: outbox(second.runtime, "notification_sent"))
    assert sent["channel"] == "email"
    assert sms_provider.requests == []


_LISTENER = "SELECT pid FROM pg_stat_activity WHERE application_name = $1"
_TERMINATE = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1"
