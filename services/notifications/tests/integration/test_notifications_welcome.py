"""The first message: a welcome in the person's language with the district's points of contact."""

from __future__ import annotations

import pytest

from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import handled, outbox, rows

CONTACTS = [
    {
        "name": "WIR-Fallmanagement",
        "role": "Kreisverwaltung",
        "phone": "+49 6252 15-0",
        "address": "Gräffstraße 5, 64646 Heppenheim",
    }
]
CONTACT_LINE = "WIR-Fallmanagement (Kreisverwaltung), +49 6252 15-0, Gräffstraße 5, 64646 Heppenheim"


async def test_welcome_email_in_arabic_has_rtl_html_and_the_districts_contacts(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    await service.put_district_settings(
        contacts=CONTACTS, integreat_url="https://integreat.app/kreis-bergstrasse/{language}"
    )
    registered, contact, address, _ = person(languages=["ara", "eng"])

    await publish(service.settings, registered, contact)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "أهلاً بك في WIR – Kreis Bergstraße"
    assert mail.message["Content-Language"] == "ar"
    text, html = mail.part("plain"), mail.part("html")
    assert "مرحباً Amina" in text
    assert CONTACT_LINE in text
    assert "https://integreat.app/kreis-bergstrasse/ar" in text
    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="https://integreat.app/kreis-bergstrasse/ar"' in html

    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    assert sent["recipient_id"] == str(registered.person_id)
    assert (sent["template"], sent["language"], sent["channel"]) == ("welcome", "ara", "email")
    assert sent["causation_id"] == str(registered.event_id)
    assert sent["correlation_id"] == registered.correlation_id


@pytest.mark.parametrize("first", ["registration", "contact"])
async def test_the_districts_contacts_are_in_the_welcome_whichever_event_comes_first(
    start_notifications, smtp_sink, person, until, first
) -> None:
    # The settings come with the statement before the message is composed: the unpark when the
    # welcome waited for the contact, the insert when the contact was there before.
    service = await start_notifications()
    await service.put_district_settings(contacts=CONTACTS, integreat_url=None)
    registered, contact, address, _ = person(languages=["deu"])

    parked = "SELECT 1 FROM notifications WHERE status = 'parked'"
    reachable = "SELECT 1 FROM recipients WHERE contact_version = 1"
    if first == "registration":
        await publish(service.settings, registered)
        await until(lambda: rows(service.runtime, BERGSTRASSE, parked))
        await publish(service.settings, contact)
    else:
        await publish(service.settings, contact)
        await until(lambda: rows(service.runtime, BERGSTRASSE, reachable))
        await publish(service.settings, registered)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert CONTACT_LINE in mail.part("plain")


async def test_untranslated_language_falls_back_to_german(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = person(languages=["tir", "amh"])  # Tigrinya, Amharic: no templates

    await publish(service.settings, registered, contact)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "Willkommen bei WIR – Kreis Bergstraße"
    assert mail.message["Content-Language"] == "de"
    assert "Hallo Amina" in mail.part("plain")
    # Without district content: the case manager will call.
    assert "Ihre Fallmanagerin oder Ihr Fallmanager meldet sich" in mail.part("plain")


async def test_the_persons_other_language_comes_before_german(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = person(languages=["som", "ukr", "deu"])

    await publish(service.settings, registered, contact)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "Ласкаво просимо до WIR – Kreis Bergstraße"


async def test_dari_is_written_in_persian_script_right_to_left(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = person(languages=["prs", "eng"])

    await publish(service.settings, registered, contact)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"].startswith("به WIR خوش آمدید")
    assert 'dir="rtl"' in mail.part("html")


async def test_redelivered_registration_still_sends_one_email(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = person(languages=["eng"])
    await publish(service.settings, registered, contact)
    await until(lambda: smtp_sink.to(address))

    await publish(service.settings, registered)  # the broker hands the same event over again

    await until(lambda: handled(service.runtime, "person_registered", "duplicate"))
    assert len(smtp_sink.to(address)) == 1
    assert len(await outbox(service.runtime, "notification_sent")) == 1


async def test_welcome_without_consent_to_be_contacted_is_reported_not_sent(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = person(languages=["eng"], consents=("processing",))

    await publish(service.settings, registered, contact)

    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"))
    assert (failed["reason"], failed["channel"], failed["template"]) == ("no_consent", None, "welcome")
    assert smtp_sink.to(address) == []
    assert await service.status(BERGSTRASSE, registered.person_id) == ["failed"]
