"""An event for a recipient the directory does not know yet waits for them, in whatever order
the events arrive; one who never appears is reported after a bounded wait, never lost."""

from __future__ import annotations

from uuid import uuid4

from wir_contracts.intake.v1 import PersonUpdated
from wir_contracts.interpreting.v1 import AppointmentConfirmed
from wir_contracts.matching.v1 import MatchProposed, VolunteerRegistered

BERGSTRASSE = "06431"


def amina(person):
    """Amina reads Turkish, then German, and agreed to e-mail only."""
    return person(languages=["tur", "deu"], consents=["processing", "contact_email"], mobile=None)


async def test_contact_arriving_after_the_registration_releases_the_welcome(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = amina(person)

    await service.publish(registered)
    assert await until(lambda: _equals(service.status(BERGSTRASSE, registered.person_id), ["parked"]))
    assert smtp_sink.to(address) == []
    await service.publish(contact)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "WIR'e hoş geldiniz – Kreis Bergstraße"
    await until(lambda: service.events(BERGSTRASSE, "notification_sent"))
    steps = await service.history(BERGSTRASSE, registered.person_id, parking=True)
    assert [step[1] for step in steps] == ["parked", "unparked", "queued", "sent"]


async def test_contact_arriving_before_the_registration_is_kept_for_it(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = amina(person)

    await service.publish(contact)
    await until(lambda: service.rows(BERGSTRASSE, "SELECT 1 FROM recipients WHERE contact_version = 1"))
    await service.publish(registered)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert "Merhaba Amina" in mail.part("plain")


async def test_message_for_a_person_known_only_later_waits_for_them(
    start_notifications, smtp_sink, golden, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = amina(person)
    confirmed = golden(AppointmentConfirmed, person_id=registered.person_id, appointment_id=uuid4())

    await service.publish(confirmed)
    await until(lambda: service.status(BERGSTRASSE, registered.person_id))
    await service.publish(registered, contact)

    await until(lambda: _at_least(smtp_sink.to(address), 2))
    subjects = sorted(m.message["Subject"] for m in smtp_sink.to(address))
    assert subjects == ["Tercümanlı randevunuz onaylandı", "WIR'e hoş geldiniz – Kreis Bergstraße"]


async def test_message_for_an_unknown_volunteer_is_sent_when_they_are_registered(
    start_notifications, smtp_sink, golden, until
) -> None:
    service = await start_notifications()
    volunteer_id = uuid4()
    proposed = golden(MatchProposed, volunteer_id=volunteer_id, match_id=uuid4())
    registered = golden(
        VolunteerRegistered,
        volunteer_id=volunteer_id,
        contact={
            "display_name": "Jutta",
            "email": "jutta@example.org",
            "mobile": None,
            "channels": ["email"],
        },
    )

    await service.publish(proposed)
    assert await until(lambda: _equals(service.status(BERGSTRASSE, volunteer_id), ["parked"]))
    await service.publish(registered)

    [mail] = await until(lambda: smtp_sink.to("jutta@example.org"))
    assert mail.message["Subject"] == "Neue Anfrage für eine ehrenamtliche Begleitung"
    assert "Themen: Behörden, Wohnen" in mail.part("plain")
    assert "Bitte antworten Sie bis Dienstag, 10. November 2026." in mail.part("plain")


async def test_a_recipient_who_never_appears_is_reported_after_the_bounded_wait(
    start_notifications, person, until
) -> None:
    service = await start_notifications(park_timeout_s=0.5)
    registered, _, _, _ = amina(person)

    await service.publish(registered)

    [failed] = await until(lambda: service.events(BERGSTRASSE, "notification_failed"))
    assert (failed["reason"], failed["channel"], failed["template"]) == ("no_channel", None, "welcome")
    assert failed["recipient_id"] == str(registered.person_id)
    assert await service.status(BERGSTRASSE, registered.person_id) == ["failed"]
    facts = await service.rows(BERGSTRASSE, "SELECT facts FROM notifications WHERE facts IS NOT NULL")
    assert facts == []


async def test_an_older_profile_does_not_replace_a_newer_one(
    start_notifications, smtp_sink, golden, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = amina(person)
    newer = golden(
        PersonUpdated,
        person_id=registered.person_id,
        aggregate_version=4,
        languages=["eng"],
        preferred_language="eng",
    )
    await service.publish(newer)
    await until(lambda: service.rows(BERGSTRASSE, "SELECT 1 FROM recipients WHERE profile_version = 4"))

    await service.publish(registered, contact)  # version 1: its profile is stale, its welcome is not

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "Welcome to WIR – Kreis Bergstraße"
    [row] = await service.rows(BERGSTRASSE, "SELECT languages, consents FROM recipients")
    assert row["languages"] == ["eng"]
    assert row["consents"] == ["processing", "contact_email"]  # the consents part was new


async def _equals(value, expected):
    return await value == expected


def _at_least(items, n):
    return len(items) >= n
