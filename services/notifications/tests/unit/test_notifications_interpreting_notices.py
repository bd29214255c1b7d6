"""Interpreting's messages: who is told what of each step of an appointment (the interpreter,
unless a neighbouring pool tells them; the person, if the event names one; the requester, as a
German staff recipient by e-mail), and what coordinators see of an unfilled request."""

from __future__ import annotations

from uuid import UUID

from wir_contracts.channels import Channel
from wir_contracts.contact import Contact
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentConfirmed,
    AppointmentReminderDue,
    AppointmentRescheduled,
    InterpreterAssigned,
    InterpreterComplianceExpiring,
    InterpreterDeclined,
    InterpretingUnfilled,
)
from wir_contracts.notifications.v1 import FailureReason, RecipientKind
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.examples import golden
from wir_notifications.domain import appointment_notices, notices
from wir_notifications.domain.recipients import delivery_plan, unusable_because
from wir_notifications.domain.staff import coordinator_id, requester, requester_id

PERSON, INTERPRETER, STAFF = RecipientKind.PERSON, RecipientKind.INTERPRETER, RecipientKind.STAFF
NEIGHBOUR_COPY = {"person_id": None, "requester": None, "interpreter_district": None}


def told(found: list[notices.Notice]) -> list[tuple[str, RecipientKind]]:
    return [(notice.template, notice.recipient_kind) for notice in found]


def test_an_assignment_asks_the_interpreter_with_the_link_and_the_time_to_answer() -> None:
    event = golden(InterpreterAssigned)

    [notice] = appointment_notices.interpreter_assigned(event)

    assert (notice.recipient_kind, notice.recipient_id) == (INTERPRETER, event.interpreter_id)
    assert notice.facts["answer_url"] == event.answer_url
    assert notice.facts["respond_by"] == "2026-11-06T10:12:03+01:00"
    assert notice.facts["appointment"]["department"] == "Jobcenter Bergstraße, Team Integration"


def test_an_interpreter_from_a_neighbouring_pool_is_told_only_by_the_copy() -> None:
    requesting = golden(InterpreterAssigned, interpreter_district=HANAU)
    copy = golden(InterpreterAssigned, district=HANAU, **NEIGHBOUR_COPY)

    assert appointment_notices.interpreter_assigned(requesting) == []
    assert told(appointment_notices.interpreter_assigned(copy)) == [("interpreter_assigned", INTERPRETER)]


def test_a_neighbour_copy_of_a_reminder_or_cancellation_tells_the_interpreter_alone() -> None:
    reminder = golden(AppointmentReminderDue, district=HANAU, **NEIGHBOUR_COPY)
    cancelled = golden(AppointmentCancelled, district=HANAU, **NEIGHBOUR_COPY)

    assert told(appointment_notices.appointment_reminder(reminder)) == [("appointment_reminder", INTERPRETER)]
    assert told(appointment_notices.appointment_cancelled(cancelled)) == [
        ("appointment_cancelled", INTERPRETER)
    ]


def test_a_confirmation_tells_the_person_and_the_requester_when_and_where() -> None:
    event = golden(AppointmentConfirmed)

    person, by_requester = appointment_notices.appointment_confirmed(event)

    assert (person.template, person.recipient_id) == ("appointment_confirmed", event.person_id)
    assert person.facts["appointment"]["starts_at"] == "2026-11-17T09:30:00+01:00"
    assert by_requester.recipient_kind is STAFF
    assert by_requester.template == "requester_appointment_confirmed"
    assert by_requester.facts["appointment_id"] == str(event.appointment_id)


def test_a_request_that_names_nobody_tells_no_person() -> None:
    event = golden(AppointmentConfirmed, person_id=None)

    assert told(appointment_notices.appointment_confirmed(event)) == [
        ("requester_appointment_confirmed", STAFF)
    ]


def test_a_reminder_goes_to_the_interpreter_the_person_and_the_requester() -> None:
    event = golden(AppointmentReminderDue)

    assert told(appointment_notices.appointment_reminder(event)) == [
        ("appointment_reminder", INTERPRETER),
        ("person_appointment_reminder", PERSON),
        ("requester_appointment_reminder", STAFF),
    ]


def test_the_person_never_gets_the_dial_in_link_the_interpreter_and_requester_do() -> None:
    video = {**golden(AppointmentReminderDue).appointment.model_dump(mode="json")}
    video.update(mode="video", remote_link="https://meet.example/abc", municipality=None, address=None)
    event = golden(AppointmentReminderDue, appointment=video)

    links = {
        n.recipient_kind: n.facts["appointment"]["remote_link"]
        for n in appointment_notices.appointment_reminder(event)
    }

    assert links == {INTERPRETER: "https://meet.example/abc", PERSON: None, STAFF: "https://meet.example/abc"}


def test_a_rescheduling_asks_the_interpreter_again_and_tells_the_others_the_new_time() -> None:
    event = golden(AppointmentRescheduled)

    interpreter, person, by_requester = appointment_notices.appointment_rescheduled(event)

    assert interpreter.template == "interpreter_rescheduled"
    assert interpreter.facts["answer_url"] == event.answer_url
    assert person.template == "person_appointment_rescheduled" and "answer_url" not in person.facts
    assert person.facts["previous_starts_at"] == "2026-11-17T09:30:00+01:00"
    assert by_requester.facts["interpreter_kept"] is True


def test_a_rescheduling_without_interpreter_tells_the_person_and_the_requester() -> None:
    event = golden(AppointmentRescheduled, interpreter_id=None, answer_url=None, respond_by=None)

    found = appointment_notices.appointment_rescheduled(event)

    assert told(found) == [
        ("person_appointment_rescheduled", PERSON),
        ("requester_appointment_rescheduled", STAFF),
    ]
    assert found[1].facts["interpreter_kept"] is False


def test_an_interpreter_who_cannot_take_the_new_time_is_told_they_are_no_longer_needed() -> None:
    released = UUID(int=5)
    event = golden(
        AppointmentRescheduled, interpreter_id=None, answer_url=None, released_interpreter_id=released
    )

    found = appointment_notices.appointment_rescheduled(event)

    assert told(found)[0] == ("interpreter_rescheduled", INTERPRETER)
    assert (found[0].recipient_id, found[0].facts["released"]) == (released, True)
    assert "answer_url" not in found[0].facts
    neighbours = golden(
        AppointmentRescheduled, released_interpreter_id=released, interpreter_district="06415"
    )
    assert all(
        notice.recipient_id != released for notice in appointment_notices.appointment_rescheduled(neighbours)
    )


def test_a_cancellation_reaches_everyone_and_the_requester_learns_who_and_how_late() -> None:
    event = golden(AppointmentCancelled, cancelled_by="interpreter", short_notice=True)

    found = appointment_notices.appointment_cancelled(event)

    assert told(found) == [
        ("appointment_cancelled", PERSON),
        ("appointment_cancelled", INTERPRETER),
        ("requester_appointment_cancelled", STAFF),
    ]
    assert (found[2].facts["cancelled_by"], found[2].facts["short_notice"]) == ("interpreter", True)
    assert "cancelled_by" not in found[0].facts  # the person is told why, not who


def test_a_cancellation_before_anyone_was_assigned_tells_no_interpreter() -> None:
    event = golden(AppointmentCancelled, interpreter_id=None, requester=None)

    assert told(appointment_notices.appointment_cancelled(event)) == [("appointment_cancelled", PERSON)]


def test_only_a_give_back_after_confirming_is_news_to_the_requester() -> None:
    declined = golden(InterpreterDeclined, after_confirming=False)
    given_back = golden(InterpreterDeclined, after_confirming=True, reason="illness")

    assert appointment_notices.interpreter_declined(declined) == []
    [notice] = appointment_notices.interpreter_declined(given_back)
    assert (notice.template, notice.facts["reason"]) == ("requester_interpreter_withdrew", "illness")


def test_coordinators_see_ids_the_reason_and_what_is_needed_never_the_address() -> None:
    event = golden(InterpretingUnfilled)

    template, facts = appointment_notices.unfilled_for_staff(event)

    assert template == "staff_interpreting_unfilled"
    assert facts["reason"] == "all_declined" and facts["person_id"] == str(event.person_id)
    assert facts["appointment"]["address"] is None and facts["appointment"]["department"] is None
    assert facts["appointment"]["language"] == "prs"
    assert told(appointment_notices.interpreting_unfilled(event)) == [
        ("requester_interpreting_unfilled", STAFF)
    ]


def test_an_expiring_document_reminds_the_interpreter() -> None:
    event = golden(InterpreterComplianceExpiring)

    [notice] = appointment_notices.interpreter_compliance_expiring(event)

    assert (notice.recipient_kind, notice.recipient_id) == (INTERPRETER, event.interpreter_id)
    assert notice.facts == {"document": "criminal_record", "expires_on": "2027-05-31"}


def test_a_requester_is_a_german_staff_recipient_written_to_by_e_mail_only() -> None:
    contact = Contact(display_name="Team Integration", email="Team@Example.org", channels=(Channel.EMAIL,))

    entry = requester(BERGSTRASSE, contact)

    assert (entry.kind, entry.preferred_language, entry.email) == (STAFF, "deu", "Team@Example.org")
    assert delivery_plan(entry, sms_available=True) == (Channel.EMAIL,)
    # The same address is the same entry, however written; never a coordinator's entry.
    assert entry.recipient_id == requester_id(
        BERGSTRASSE, contact.model_copy(update={"email": "team@example.org"})
    )
    assert entry.recipient_id != coordinator_id(BERGSTRASSE, "team@example.org")
    assert entry.recipient_id != requester_id(HANAU, contact)


def test_a_requester_without_an_address_has_no_channel() -> None:
    contact = Contact(display_name="Sozialamt", mobile="+4915100000009", channels=(Channel.SMS,))

    entry = requester(BERGSTRASSE, contact)

    assert entry.channels == () and entry.email is None
    assert unusable_because(entry, Channel.EMAIL) is FailureReason.NO_CHANNEL  # fails, is reported
