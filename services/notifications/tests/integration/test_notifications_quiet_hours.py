"""Quiet hours: an SMS waits in the outbox (`not_before`) until they end; e-mail does not wait."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from wir_contracts.intake.v1 import ConsentChanged
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import outbox, rows

BERLIN = ZoneInfo("Europe/Berlin")


def quiet_window(ends_in: timedelta) -> tuple[dict[str, str], datetime]:
    """District settings whose quiet hours began an hour ago and end after `ends_in`."""
    now = datetime.now(BERLIN).replace(microsecond=0)
    start, end = now - timedelta(hours=1), now + ends_in
    body = {"quiet_hours_start": start.time().isoformat(), "quiet_hours_end": end.time().isoformat()}
    return body, end


async def test_sms_during_quiet_hours_is_sent_only_after_not_before(
    start_notifications, sms_provider, person, until
) -> None:
    service = await start_notifications()
    window, ends = quiet_window(timedelta(seconds=4))
    await service.put_district_settings(**window, time_zone="Europe/Berlin")
    registered, contact, _, _ = person(["sms"], languages=["deu"], consents=["processing", "contact_sms"])

    await publish(service.settings, registered, contact)

    async def held():
        return await rows(
            service.runtime,
            BERGSTRASSE,
            "SELECT not_before FROM delivery_history WHERE status = 'held' AND channel = 'sms'",
        )

    [hold] = await until(held)
    assert hold["not_before"] == ends
    [due] = await rows(
        service.runtime, BERGSTRASSE, "SELECT not_before FROM outbox WHERE event_type = 'delivery_due'"
    )
    assert due["not_before"] == ends  # the outbox holds the release until quiet hours end
    assert sms_provider.to(contact.contact.mobile) == []

    [sms] = await until(lambda: sms_provider.to(contact.contact.mobile))
    assert sms.at >= ends
    assert sms.body["text"].startswith("Willkommen bei WIR, Amina!")
    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    assert sent["channel"] == "sms"


async def test_email_during_quiet_hours_is_not_held(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications()
    window, _ = quiet_window(timedelta(hours=1))
    await service.put_district_settings(**window)
    registered, contact, _, _ = person(["email"], languages=["deu"], consents=["processing", "contact_email"])

    await publish(service.settings, registered, contact)

    await until(lambda: smtp_sink.to(contact.contact.email))
    await until(lambda: outbox(service.runtime, "notification_sent"))
    history = await service.history(BERGSTRASSE, registered.person_id)
    assert [step[1] for step in history] == ["queued", "sent"]


async def test_consent_withdrawn_while_an_sms_is_held_stops_it(
    start_notifications, sms_provider, person, until
) -> None:
    service = await start_notifications()
    window, _ = quiet_window(timedelta(seconds=3))
    await service.put_district_settings(**window)
    registered, contact, _, _ = person(["sms"], languages=["deu"], consents=["processing", "contact_sms"])
    await publish(service.settings, registered, contact)
    await until(lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM deliveries WHERE status = 'held'"))

    withdrawn = golden(
        ConsentChanged, person_id=registered.person_id, aggregate_version=2, consents=["processing"]
    )
    await publish(service.settings, withdrawn)

    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"), timeout=20)
    assert (failed["channel"], failed["reason"]) == ("sms", "no_consent")
    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    assert sent["channel"] == "inbox"
    assert sms_provider.to(contact.contact.mobile) == []
