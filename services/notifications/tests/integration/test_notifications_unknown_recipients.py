"""An event for a recipient the directory does not know yet waits for them, in whatever order
the events arrive; one who never appears is reported after a bounded wait, never lost."""

from __future__ import annotations

from uuid import uuid4

from wir_contracts.intake.v1 import PersonRegistered, PersonUpdated
from wir_contracts.interpreting.v1 import AppointmentConfirmed
from wir_contracts.matching.v1 import MatchProposed, VolunteerRegistered
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE, HANAU, HANAU_TOWN
from wir_kit.testing.examples import golden
from wir_kit.testing.service import outbox, rows
from wir_notifications.jobs.unknown_recipients import report_unknown_recipients


def amina(person):
    """Amina reads Turkish, then German, and agreed to e-mail only."""
    return person(languages=["tur", "deu"], consents=["processing", "contact_email"], mobile=None)


async def test_contact_arriving_after_the_registration_releases_the_welcome(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = amina(person)

    await publish(service.settings, registered)
    assert await until(lambda: _equals(service.status(BERGSTRASSE, registered.person_id), ["parked"]))
    assert smtp_sink.to(address) == []
    await publish(service.settings, contact)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "WIR'e hoş geldiniz – Kreis Bergstraße"
    await until(lambda: outbox(service.runtime, "notification_sent"))
    steps = await service.history(BERGSTRASSE, registered.person_id, parking=True)
    assert [step[1] for step in steps] == ["parked", "unparked", "queued", "sent"]


async def test_contact_arriving_before_the_registration_is_kept_for_it(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = amina(person)

    await publish(service.settings, contact)
    await until(
        lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM recipients WHERE contact_version = 1")
    )
    await publish(service.settings, registered)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert "Merhaba Amina" in mail.part("plain")


async def test_message_for_a_person_known_only_later_waits_for_them(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = amina(person)
    confirmed = golden(AppointmentConfirmed, person_id=registered.person_id, appointment_id=uuid4())

    await publish(service.settings, confirmed)
    await until(lambda: service.status(BERGSTRASSE, registered.person_id))
    await publish(service.settings, registered, contact)

    await until(lambda: _at_least(smtp_sink.to(address), 2))
    subjects = sorted(m.message["Subject"] for m in smtp_sink.to(address))
    assert subjects == ["Tercümanlı randevunuz onaylandı", "WIR'e hoş geldiniz – Kreis Bergstraße"]


async def test_message_for_an_unknown_volunteer_is_sent_when_they_are_registered(
    start_notifications, smtp_sink, until
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

    await publish(service.settings, proposed)
    assert await until(lambda: _equals(service.status(BERGSTRASSE, volunteer_id), ["parked"]))
    await publish(service.settings, registered)

    [mail] = await until(lambda: smtp_sink.to("jutta@example.org"))
    assert mail.message["Subject"] == "Neue Anfrage für eine ehrenamtliche Begleitung"
    assert "Themen: Behörden, Wohnen" in mail.part("plain")
    assert "Bitte antworten Sie bis Dienstag, 10. November 2026." in mail.part("plain")


async def test_a_recipient_who_never_appears_is_reported_after_the_bounded_wait(
    start_notifications, person, until
) -> None:
    service = await start_notifications(park_timeout_s=0.5)
    registered, _, _, _ = amina(person)

    await publish(service.settings, registered)

    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"))
    assert (failed["reason"], failed["channel"], failed["template"]) == ("no_channel", None, "welcome")
    assert failed["recipient_id"] == str(registered.person_id)
    assert await service.status(BERGSTRASSE, registered.person_id) == ["failed"]
    facts = await rows(
        service.runtime, BERGSTRASSE, "SELECT facts FROM notifications WHERE facts IS NOT NULL"
    )
    assert facts == []


async def test_an_older_profile_does_not_replace_a_newer_one(
    start_notifications, smtp_sink, person, until
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
    await publish(service.settings, newer)
    await until(
        lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM recipients WHERE profile_version = 4")
    )

    await publish(
        service.settings, registered, contact
    )  # version 1: its profile is stale, its welcome is not

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "Welcome to WIR – Kreis Bergstraße"
    [row] = await rows(service.runtime, BERGSTRASSE, "SELECT languages, consents FROM recipients")
    assert row["languages"] == ["eng"]
    assert row["consents"] == ["processing", "contact_email"]  # the consents part was new


async def _equals(value, expected):
    return await value == expected


def _at_least(items, n):
    return len(items) >= n


class DownIn:
    """The service's resources, but the database refuses every transaction of one district."""

    def __init__(self, runtime, district) -> None:
        self.runtime, self.district = runtime, district
        self.settings = runtime.settings

    @property
    def db(self):
        return self

    def transaction(self, district):
        if district == self.district:
            raise ConnectionError("this district's database is down")
        return self.runtime.db.transaction(district)


async def test_one_districts_failure_does_not_keep_the_others_from_their_report(
    start_notifications, person, until
) -> None:
    service = await start_notifications()  # the service's own report waits a day
    in_bergstrasse, _, _, _ = amina(person)
    in_hanau = golden(PersonRegistered, district=HANAU, municipality=HANAU_TOWN, person_id=uuid4())
    await publish(service.settings, in_bergstrasse, in_hanau)
    await until(lambda: _equals(service.status(BERGSTRASSE, in_bergstrasse.person_id), ["parked"]))
    await until(lambda: _equals(service.status(HANAU, in_hanau.person_id), ["parked"]))
    report = report_unknown_recipients(wait_s=0.0)

    # Each district fails once while the other reports: whichever comes first, the other still runs.
    await report(DownIn(service.runtime, BERGSTRASSE))
    assert await service.status(HANAU, in_hanau.person_id) == ["failed"]
    assert await service.status(BERGSTRASSE, in_bergstrasse.person_id) == ["parked"]
    await report(DownIn(service.runtime, HANAU))
    assert await service.status(BERGSTRASSE, in_bergstrasse.person_id) == ["failed"]

    [failed] = await outbox(service.runtime, "notification_failed", HANAU)
    assert (failed["reason"], failed["recipient_id"]) == ("no_channel", str(in_hanau.person_id))
