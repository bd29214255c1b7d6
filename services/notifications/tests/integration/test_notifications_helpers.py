"""Volunteers and interpreters are recipients too: fed by matching's and interpreting's events,
written to in their language, and never told details of a sensitive appointment by SMS."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentReminderDue,
    InterpreterAssigned,
    InterpreterDeclined,
    InterpreterRegistered,
)
from wir_contracts.matching.v1 import (
    MatchProposed,
    MentorshipEnded,
    VolunteerDeactivated,
    VolunteerRegistered,
)
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import bearer, handled, http_client, outbox, rows
from wir_notifications.adapters.message_links import read_message

MOBILE = "+4915100000003"


async def interpreter(service, until, language="ukr"):
    interpreter_id = uuid4()
    registered = golden(
        InterpreterRegistered,
        district=BERGSTRASSE,
        interpreter_id=interpreter_id,
        preferred_language=language,
        contact={"display_name": "Marta", "email": None, "mobile": MOBILE, "channels": ["sms"]},
    )
    await publish(service.settings, registered)
    await until(
        lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM recipients WHERE kind = 'interpreter'")
    )
    return interpreter_id


async def test_interpreter_is_asked_by_sms_with_the_details_in_their_language(
    start_notifications, sms_provider, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, until)
    assigned = golden(InterpreterAssigned, interpreter_id=interpreter_id, appointment_id=uuid4())

    await publish(service.settings, assigned)

    [sms] = await until(lambda: sms_provider.to(MOBILE))
    assert sms.body["text"] == (
        "Переклад WIR: дарі, 17.11.26 09:30, Джобцентр (Jobcenter) на місці, "
        "Jobcenter, Rodensteinstraße 19, 64625 Bensheim. Підтвердьте або відхиліть."
    )
    assert sms.headers["Authorization"] == "Bearer test-provider-key"
    assert sms.headers["Idempotency-Key"] == sms.body["reference"]
    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    assert (sent["recipient_kind"], sent["template"], sent["language"]) == (
        "interpreter",
        "interpreter_assigned",
        "ukr",
    )


async def test_sms_about_an_appointment_at_the_immigration_office_carries_no_details(
    start_notifications, sms_provider, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, until)
    assigned = golden(InterpreterAssigned, interpreter_id=interpreter_id, appointment_id=uuid4())
    details = {**assigned.appointment.model_dump(mode="json"), "venue": "immigration_office"}
    sensitive = golden(
        InterpreterAssigned, interpreter_id=interpreter_id, appointment_id=uuid4(), appointment=details
    )

    await publish(service.settings, sensitive)

    [sms] = await until(lambda: sms_provider.to(MOBILE))
    # Nothing but that there is a message, and the signed link that opens it.
    words, _, token = sms.body["text"].partition("http://127.0.0.1:8005/messages/")
    assert words == "WIR: у вас нове повідомлення. Прочитайте його тут: "
    claim = read_message(service.config.message_link_secret, token, now=datetime.now(UTC))
    assert claim.district == BERGSTRASSE
    async with http_client(service.runtime) as http:
        inbox = (
            await http.get("/inbox", headers=bearer(service.runtime, "interpreter", sub=str(interpreter_id)))
        ).json()
    [message] = inbox["items"]
    assert claim.notification_id == UUID(message["notification_id"])
    assert "Відомство у справах іноземців" in message["text"]  # the details are in the inbox
    assert "Rodensteinstraße 19" in message["text"]


async def test_a_reminder_older_than_the_cancellation_is_dropped(
    start_notifications, sms_provider, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, until, language="deu")
    appointment_id = uuid4()
    cancelled = golden(AppointmentCancelled, appointment_id=appointment_id, interpreter_id=interpreter_id)
    reminder = golden(AppointmentReminderDue, appointment_id=appointment_id, interpreter_id=interpreter_id)
    assert reminder.aggregate_version < cancelled.aggregate_version

    await publish(service.settings, cancelled)
    await until(lambda: sms_provider.to(MOBILE))
    await publish(service.settings, reminder)
    await until(lambda: handled(service.runtime, "appointment_reminder_due") >= 1)

    templates = await rows(
        service.runtime,
        BERGSTRASSE,
        "SELECT template FROM notifications WHERE recipient_id = $1",
        interpreter_id,
    )
    assert [row["template"] for row in templates] == ["appointment_cancelled"]
    [sms] = sms_provider.to(MOBILE)
    assert "Jobcenter" not in sms.body["text"]  # a cancellation is sensitive: the notice only


async def test_a_deactivated_volunteer_gets_no_further_messages(start_notifications, until) -> None:
    service = await start_notifications()
    volunteer_id = uuid4()
    await publish(service.settings, golden(VolunteerRegistered, volunteer_id=volunteer_id))
    await until(lambda: handled(service.runtime, "volunteer_registered") >= 1)
    await publish(service.settings, golden(VolunteerDeactivated, volunteer_id=volunteer_id))
    await until(lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM recipients WHERE NOT active"))

    await publish(service.settings, golden(MatchProposed, volunteer_id=volunteer_id, match_id=uuid4()))
    await until(lambda: handled(service.runtime, "match_proposed") >= 1)

    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications") == []
    [row] = await rows(service.runtime, BERGSTRASSE, "SELECT display_name, email, mobile FROM recipients")
    assert tuple(row.values()) == (None, None, None)


async def test_an_assignment_arriving_after_the_interpreter_declined_is_not_announced(
    start_notifications, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, until)
    appointment_id = uuid4()
    declined = golden(InterpreterDeclined, appointment_id=appointment_id, interpreter_id=interpreter_id)
    late = golden(InterpreterAssigned, appointment_id=appointment_id, interpreter_id=interpreter_id)
    assert late.aggregate_version < declined.aggregate_version

    await publish(service.settings, declined)
    await until(lambda: handled(service.runtime, "interpreter_declined") >= 1)
    await publish(service.settings, late)
    await until(lambda: handled(service.runtime, "interpreter_assigned") >= 1)

    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications") == []


async def test_a_proposal_arriving_after_the_mentorship_ended_is_not_announced(
    start_notifications, until
) -> None:
    service = await start_notifications()
    volunteer_id, match_id = uuid4(), uuid4()
    await publish(service.settings, golden(VolunteerRegistered, volunteer_id=volunteer_id))
    await publish(service.settings, golden(MentorshipEnded, volunteer_id=volunteer_id, match_id=match_id))
    await until(lambda: handled(service.runtime, "mentorship_ended") >= 1)

    await publish(service.settings, golden(MatchProposed, volunteer_id=volunteer_id, match_id=match_id))
    await until(lambda: handled(service.runtime, "match_proposed") >= 1)

    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications") == []
