"""Interpreting's appointments end to end through the real broker, database and mail server:
the interpreter is asked with the signed link, the person and the requester (a German e-mail
to the contact the event names) are told of confirmation, reminder, moving and cancellation,
coordinators of an unfilled request; a neighbouring pool's copy tells its interpreter alone."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentConfirmed,
    AppointmentReminderDue,
    AppointmentRescheduled,
    InterpreterAssigned,
    InterpreterComplianceExpiring,
    InterpreterDeclined,
    InterpreterRegistered,
    InterpretingUnfilled,
)
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.examples import golden
from wir_kit.testing.service import handled, outbox, rows

REQUESTER = "team-integration@example.org"
COORDINATOR = {"name": "Kim Koordination", "email": "kim@example.org", "language": "deu"}


def _requester(email: str | None = REQUESTER) -> dict[str, Any]:
    channels = ["email"] if email else ["sms"]
    return {
        "display_name": "Team Integration",
        "email": email,
        "mobile": "+4915100000077",
        "channels": channels,
    }


async def interpreter(
    service, until, *, district: str = BERGSTRASSE, language: str = "ukr"
) -> tuple[UUID, str]:
    interpreter_id = uuid4()
    email = f"{interpreter_id.hex[:10]}@example.org"
    contact = {"display_name": "Marta", "email": email, "mobile": None, "channels": ["email"]}
    registered = golden(
        InterpreterRegistered,
        district=district,
        interpreter_id=interpreter_id,
        preferred_language=language,
        contact=contact,
    )
    await publish(service.settings, registered)
    await until(
        lambda: rows(service.runtime, district, "SELECT 1 FROM recipients WHERE kind = 'interpreter'")
    )
    return interpreter_id, email


async def person_known(service, person, until):
    """A person who reads English and agreed to e-mail, known to the directory."""
    known = person(languages=["eng"], consents=["processing", "contact_email"], mobile=None)
    await publish(service.settings, known.registered, known.contact)
    await until(lambda: outbox(service.runtime, "notification_sent"))  # their welcome
    return known


def step(model, version: int, appointment_id: UUID, **fields: Any):
    fields.setdefault("requester", _requester())
    return golden(model, appointment_id=appointment_id, aggregate_version=version, **fields)


def plain(mail) -> str:
    """The text part with CLDR's no-break spaces (between time and AM, in Ukrainian dates) plain."""
    return mail.part("plain").replace("\u202f", " ").replace("\xa0", " ")


async def test_the_interpreter_is_asked_with_the_link_and_the_time_to_answer(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    interpreter_id, address = await interpreter(service, until)
    assigned = step(InterpreterAssigned, 2, uuid4(), interpreter_id=interpreter_id)

    await publish(service.settings, assigned)

    [mail] = await until(lambda: smtp_sink.to(address))
    text = plain(mail)
    assert mail.message["Subject"] == "Запит на переклад: дарі, 17.11.26"
    assert assigned.answer_url is not None and assigned.answer_url in text
    assert "Будь ласка, дайте відповідь до " in text and "6 листопада 2026 р., 10:12." in text
    assert "Jobcenter Bergstraße, Team Integration" in text  # the department to ask for
    assert smtp_sink.to(REQUESTER) == []  # an assignment is the interpreter's business


async def test_a_confirmation_tells_the_person_and_the_requester_in_german(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    amina = await person_known(service, person, until)
    interpreter_id, address = await interpreter(service, until)
    confirmed = step(
        AppointmentConfirmed, 3, uuid4(), person_id=amina.registered.person_id, interpreter_id=interpreter_id
    )

    await publish(service.settings, confirmed)

    confirmation = await until(
        lambda: [m for m in smtp_sink.to(amina.email) if "confirmed" in m.message["Subject"]]
    )
    assert "Date: Tuesday, November 17, 2026, 9:30 AM–10:30 AM" in plain(confirmation[0])
    [to_requester] = await until(lambda: smtp_sink.to(REQUESTER))
    assert to_requester.message["Subject"] == "Sprachmittlung bestätigt"
    assert f"Vorgang: {confirmed.appointment_id}" in to_requester.part("plain")
    assert smtp_sink.to(address) == []


async def test_a_requester_address_is_kept_only_until_the_message_is_out(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    confirmed = step(AppointmentConfirmed, 3, uuid4(), person_id=None)

    await publish(service.settings, confirmed)
    await until(lambda: smtp_sink.to(REQUESTER))
    sent = await until(lambda: outbox(service.runtime, "notification_sent"))

    assert [(event["recipient_kind"], event["template"], event["language"]) for event in sent] == [
        ("staff", "requester_appointment_confirmed", "deu")
    ]
    entry = await until(
        lambda: rows(
            service.runtime,
            BERGSTRASSE,
            "SELECT display_name, email, active FROM recipients WHERE email IS NULL",
        )
    )
    assert [tuple(row.values()) for row in entry] == [(None, None, True)]


async def test_a_refused_requester_address_fails_the_notice_and_is_dropped_too(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    smtp_sink.rcpt_reply = "550 5.1.1 User unknown"

    await publish(service.settings, step(AppointmentConfirmed, 3, uuid4(), person_id=None))
    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"))

    assert (failed["recipient_kind"], failed["channel"], failed["reason"]) == (
        "staff",
        "email",
        "invalid_address",
    )
    await until(
        lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications WHERE status = 'failed'")
    )
    kept = await rows(service.runtime, BERGSTRASSE, "SELECT email FROM recipients WHERE kind = 'staff'")
    assert [row["email"] for row in kept] == [None]


async def test_a_requester_without_an_address_is_reported_not_lost(start_notifications, until) -> None:
    service = await start_notifications()
    confirmed = golden(
        AppointmentConfirmed, appointment_id=uuid4(), person_id=None, requester=_requester(None)
    )

    await publish(service.settings, confirmed)
    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"))

    assert (failed["recipient_kind"], failed["channel"], failed["reason"]) == ("staff", "email", "no_channel")


async def test_a_reminder_reaches_the_interpreter_the_person_and_the_requester(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    amina = await person_known(service, person, until)
    interpreter_id, address = await interpreter(service, until, language="deu")
    reminder = step(
        AppointmentReminderDue,
        3,
        uuid4(),
        person_id=amina.registered.person_id,
        interpreter_id=interpreter_id,
    )

    await publish(service.settings, reminder)

    [to_interpreter] = await until(lambda: smtp_sink.to(address))
    assert to_interpreter.message["Subject"] == "Erinnerung: Einsatz am 17.11.26"
    to_person = await until(
        lambda: [m for m in smtp_sink.to(amina.email) if "Reminder" in m.message["Subject"]]
    )
    assert "An interpreter will be there" in to_person[0].part("plain")
    [to_requester] = await until(lambda: smtp_sink.to(REQUESTER))
    assert to_requester.message["Subject"] == "Erinnerung: Sprachmittlung am 17.11.26"


async def test_a_moved_appointment_asks_the_interpreter_again_and_tells_the_others(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    amina = await person_known(service, person, until)
    interpreter_id, address = await interpreter(service, until, language="deu")
    moved = step(
        AppointmentRescheduled,
        4,
        uuid4(),
        person_id=amina.registered.person_id,
        interpreter_id=interpreter_id,
    )

    await publish(service.settings, moved)

    [to_interpreter] = await until(lambda: smtp_sink.to(address))
    assert moved.answer_url is not None and moved.answer_url in to_interpreter.part("plain")
    assert "Bisher: Dienstag, 17. November 2026, 09:30." in to_interpreter.part("plain")
    to_person = await until(lambda: [m for m in smtp_sink.to(amina.email) if "moved" in m.message["Subject"]])
    assert moved.answer_url not in to_person[0].part("plain")
    [to_requester] = await until(lambda: smtp_sink.to(REQUESTER))
    assert "gebeten, die neue Zeit zu bestätigen" in to_requester.part("plain")


async def test_a_cancellation_reaches_everyone(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications()
    amina = await person_known(service, person, until)
    interpreter_id, address = await interpreter(service, until, language="deu")
    cancelled = step(
        AppointmentCancelled,
        4,
        uuid4(),
        person_id=amina.registered.person_id,
        interpreter_id=interpreter_id,
        cancelled_by="person",
        short_notice=True,
    )

    await publish(service.settings, cancelled)

    [to_interpreter] = await until(lambda: smtp_sink.to(address))
    assert "Grund: die Person kann nicht kommen." in to_interpreter.part("plain")
    await until(lambda: [m for m in smtp_sink.to(amina.email) if "cancelled" in m.message["Subject"]])
    [to_requester] = await until(lambda: smtp_sink.to(REQUESTER))
    text = to_requester.part("plain")
    assert "Abgesagt von: die Person" in text and "Die Absage kam kurzfristig." in text


async def test_an_unfilled_request_reaches_the_coordinators_and_the_requester(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    await service.put_district_settings(coordinators=[COORDINATOR])
    unfilled = step(InterpretingUnfilled, 5, uuid4(), reason="no_answer")

    await publish(service.settings, unfilled)

    [to_coordinator] = await until(lambda: smtp_sink.to(COORDINATOR["email"]))
    text = to_coordinator.part("plain")
    assert to_coordinator.message["Subject"] == "Eine Anfrage nach Sprachmittlung ist unbesetzt"
    assert "Grund: die Angefragten haben nicht rechtzeitig geantwortet" in text
    assert f"Person: {unfilled.person_id}" in text and "Rodensteinstraße" not in text
    [to_requester] = await until(lambda: smtp_sink.to(REQUESTER))
    assert "Die WIR-Koordination ist informiert." in to_requester.part("plain")


async def test_an_unfilled_request_in_a_district_without_coordinators_is_reported(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()

    await publish(service.settings, step(InterpretingUnfilled, 5, uuid4(), requester=None))
    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"))

    assert (failed["template"], failed["reason"], failed["channel"]) == (
        "staff_interpreting_unfilled",
        "no_channel",
        None,
    )


async def test_a_neighbouring_pools_interpreter_is_told_by_the_copy_alone(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    interpreter_id, address = await interpreter(service, until, district=HANAU, language="deu")
    appointment_id = uuid4()
    requesting = step(
        InterpreterAssigned, 2, appointment_id, interpreter_id=interpreter_id, interpreter_district=HANAU
    )
    copy = golden(
        InterpreterAssigned,
        district=HANAU,
        appointment_id=appointment_id,
        interpreter_id=interpreter_id,
        person_id=None,
        requester=None,
        interpreter_district=None,
    )

    await publish(service.settings, requesting)
    await until(lambda: handled(service.runtime, "interpreter_assigned") >= 1)
    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications") == []
    await publish(service.settings, copy)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert copy.answer_url is not None and copy.answer_url in mail.part("plain")
    told = await rows(service.runtime, HANAU, "SELECT recipient_kind FROM notifications")
    assert [row["recipient_kind"] for row in told] == ["interpreter"]


async def test_a_neighbours_cancellation_copy_tells_the_interpreter_and_nobody_else(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    interpreter_id, address = await interpreter(service, until, district=HANAU, language="deu")
    copy = golden(
        AppointmentCancelled,
        district=HANAU,
        appointment_id=uuid4(),
        interpreter_id=interpreter_id,
        person_id=None,
        requester=None,
    )

    await publish(service.settings, copy)

    await until(lambda: smtp_sink.to(address))
    told = await rows(service.runtime, HANAU, "SELECT recipient_kind FROM notifications")
    assert [row["recipient_kind"] for row in told] == ["interpreter"]


async def test_an_expiring_document_reminds_the_interpreter(start_notifications, smtp_sink, until) -> None:
    service = await start_notifications()
    interpreter_id, address = await interpreter(service, until, district=HANAU, language="deu")

    await publish(service.settings, golden(InterpreterComplianceExpiring, interpreter_id=interpreter_id))

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "Ein Dokument von Ihnen läuft bald ab"
    assert "„Führungszeugnis“ ist gültig bis 31. Mai 2027" in mail.part("plain")


async def test_changing_the_coordinators_leaves_a_requesters_waiting_message_alone(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications(retry_delays_s=[3.0])
    smtp_sink.rcpt_reply = "451 4.3.0 try again later"
    await publish(service.settings, step(AppointmentConfirmed, 3, uuid4(), person_id=None))
    await until(lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM deliveries WHERE status = 'held'"))

    await service.put_district_settings(coordinators=[COORDINATOR])
    smtp_sink.rcpt_reply = None

    [mail] = await until(lambda: smtp_sink.to(REQUESTER))
    assert mail.message["Subject"] == "Sprachmittlung bestätigt"


async def test_both_reminders_set_at_the_confirmation_are_told(start_notifications, smtp_sink, until) -> None:
    service = await start_notifications()
    interpreter_id, address = await interpreter(service, until, language="deu")
    appointment_id = uuid4()
    fields = {"person_id": None, "interpreter_id": interpreter_id}

    await publish(service.settings, step(AppointmentConfirmed, 3, appointment_id, **fields))
    await until(lambda: smtp_sink.to(REQUESTER))
    for hours in (24, 2):
        await publish(
            service.settings, step(AppointmentReminderDue, 3, appointment_id, hours_before=hours, **fields)
        )

    reminders = await until(lambda: smtp_sink.to(address) if len(smtp_sink.to(address)) == 2 else None)
    assert {mail.message["Subject"] for mail in reminders} == {"Erinnerung: Einsatz am 17.11.26"}
    await until(lambda: len(smtp_sink.to(REQUESTER)) == 3)


async def test_an_interpreter_giving_back_a_confirmed_appointment_is_news_to_the_requester(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    appointment_id = uuid4()
    declined = step(InterpreterDeclined, 3, uuid4(), reason="unavailable")
    given_back = step(InterpreterDeclined, 5, appointment_id, reason="illness", after_confirming=True)

    await publish(service.settings, declined, given_back)

    [mail] = await until(lambda: smtp_sink.to(REQUESTER))
    assert mail.message["Subject"] == "Sprachmittlung zurückgegeben"
    assert "Grund: Krankheit" in mail.part("plain")
    assert f"Vorgang: {appointment_id}" in mail.part("plain")
    await until(lambda: handled(service.runtime, "interpreter_declined") >= 2)
    assert len(smtp_sink.to(REQUESTER)) == 1  # the plain decline told nobody
