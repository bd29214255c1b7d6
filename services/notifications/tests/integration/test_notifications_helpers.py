"""Volunteers and interpreters are recipients too: fed by matching's and interpreting's events,
written to in their language, and never told details of a sensitive appointment by SMS."""

from __future__ import annotations

from uuid import uuid4

from prometheus_client import REGISTRY

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

BERGSTRASSE = "06431"
MOBILE = "+4915100000003"


async def interpreter(service, golden, until, language="ukr"):
    interpreter_id = uuid4()
    registered = golden(
        InterpreterRegistered,
        district=BERGSTRASSE,
        interpreter_id=interpreter_id,
        preferred_language=language,
        contact={"display_name": "Marta", "email": None, "mobile": MOBILE, "channels": ["sms"]},
    )
    await service.publish(registered)
    await until(lambda: service.rows(BERGSTRASSE, "SELECT 1 FROM recipients WHERE kind = 'interpreter'"))
    return interpreter_id


def handled(service, subscription):
    labels = {
        "service": service.settings.service,
        "queue": f"{service.settings.service}.{subscription}",
        "outcome": "handled",
    }
    return REGISTRY.get_sample_value("wir_events_handled_total", labels) or 0


async def test_interpreter_is_asked_by_sms_with_the_details_in_their_language(
    start_notifications, sms_provider, golden, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, golden, until)
    assigned = golden(InterpreterAssigned, interpreter_id=interpreter_id, appointment_id=uuid4())

    await service.publish(assigned)

    [sms] = await until(lambda: sms_provider.to(MOBILE))
    assert sms.body["text"] == (
        "Переклад WIR: дарі, 17.11.26 09:30, Джобцентр (Jobcenter) на місці, "
        "Jobcenter, Rodensteinstraße 19, 64625 Bensheim. Підтвердьте або відхиліть."
    )
    assert sms.headers["Authorization"] == "Bearer test-provider-key"
    assert sms.headers["Idempotency-Key"] == sms.body["reference"]
    [sent] = await until(lambda: service.events(BERGSTRASSE, "notification_sent"))
    assert (sent["recipient_kind"], sent["template"], sent["language"]) == (
        "interpreter",
        "interpreter_assigned",
        "ukr",
    )


async def test_sms_about_an_appointment_at_the_immigration_office_carries_no_details(
    start_notifications, sms_provider, golden, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, golden, until)
    assigned = golden(InterpreterAssigned, interpreter_id=interpreter_id, appointment_id=uuid4())
    details = {**assigned.appointment.model_dump(mode="json"), "venue": "immigration_office"}
    sensitive = golden(
        InterpreterAssigned, interpreter_id=interpreter_id, appointment_id=uuid4(), appointment=details
    )

    await service.publish(sensitive)

    [sms] = await until(lambda: sms_provider.to(MOBILE))
    assert (
        sms.body["text"]
        == "WIR: у вас нове повідомлення. Прочитайте його у своїй скриньці WIR: https://wir.example/inbox"
    )
    async with service.client() as http:
        inbox = (await http.get("/inbox", headers=service.token(str(interpreter_id), "interpreter"))).json()
    [message] = inbox["items"]
    assert "Відомство у справах іноземців" in message["text"]  # the details are in the inbox
    assert "Rodensteinstraße 19" in message["text"]


async def test_a_reminder_older_than_the_cancellation_is_dropped(
    start_notifications, sms_provider, golden, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, golden, until, language="deu")
    appointment_id = uuid4()
    cancelled = golden(AppointmentCancelled, appointment_id=appointment_id, interpreter_id=interpreter_id)
    reminder = golden(AppointmentReminderDue, appointment_id=appointment_id, interpreter_id=interpreter_id)
    assert reminder.aggregate_version < cancelled.aggregate_version

    await service.publish(cancelled)
    await until(lambda: sms_provider.to(MOBILE))
    await service.publish(reminder)
    await until(lambda: handled(service, "appointment_reminder_due") >= 1)

    templates = await service.rows(
        BERGSTRASSE, "SELECT template FROM notifications WHERE recipient_id = $1", interpreter_id
    )
    assert [row["template"] for row in templates] == ["appointment_cancelled"]
    [sms] = sms_provider.to(MOBILE)
    assert "Jobcenter" not in sms.body["text"]  # a cancellation is sensitive: the notice only


async def test_a_deactivated_volunteer_gets_no_further_messages(start_notifications, golden, until) -> None:
    service = await start_notifications()
    volunteer_id = uuid4()
    await service.publish(golden(VolunteerRegistered, volunteer_id=volunteer_id))
    await until(lambda: handled(service, "volunteer_registered") >= 1)
    await service.publish(golden(VolunteerDeactivated, volunteer_id=volunteer_id))
    await until(lambda: service.rows(BERGSTRASSE, "SELECT 1 FROM recipients WHERE NOT active"))

    await service.publish(golden(MatchProposed, volunteer_id=volunteer_id, match_id=uuid4()))
    await until(lambda: handled(service, "match_proposed") >= 1)

    assert await service.rows(BERGSTRASSE, "SELECT 1 FROM notifications") == []
    [row] = await service.rows(BERGSTRASSE, "SELECT display_name, email, mobile FROM recipients")
    assert tuple(row.values()) == (None, None, None)


async def test_an_assignment_arriving_after_the_interpreter_declined_is_not_announced(
    start_notifications, golden, until
) -> None:
    service = await start_notifications()
    interpreter_id = await interpreter(service, golden, until)
    appointment_id = uuid4()
    declined = golden(InterpreterDeclined, appointment_id=appointment_id, interpreter_id=interpreter_id)
    late = golden(InterpreterAssigned, appointment_id=appointment_id, interpreter_id=interpreter_id)
    assert late.aggregate_version < declined.aggregate_version

    await service.publish(declined)
    await until(lambda: handled(service, "interpreter_declined") >= 1)
    await service.publish(late)
    await until(lambda: handled(service, "interpreter_assigned") >= 1)

    assert await service.rows(BERGSTRASSE, "SELECT 1 FROM notifications") == []


async def test_a_proposal_arriving_after_the_mentorship_ended_is_not_announced(
    start_notifications, golden, until
) -> None:
    service = await start_notifications()
    volunteer_id, match_id = uuid4(), uuid4()
    await service.publish(golden(VolunteerRegistered, volunteer_id=volunteer_id))
    await service.publish(golden(MentorshipEnded, volunteer_id=volunteer_id, match_id=match_id))
    await until(lambda: handled(service, "mentorship_ended") >= 1)

    await service.publish(golden(MatchProposed, volunteer_id=volunteer_id, match_id=match_id))
    await until(lambda: handled(service, "match_proposed") >= 1)

    assert await service.rows(BERGSTRASSE, "SELECT 1 FROM notifications") == []
