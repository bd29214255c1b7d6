"""Interpreting v1.1: what its producers may send and its consumers must read. A neighbouring
pool's copy names neither person nor requester; a 1.0 payload still reads; the new fields keep
their bounds."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from wir_contracts.envelope import tolerant
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentConfirmed,
    AppointmentDetails,
    AppointmentReminderDue,
    AppointmentRescheduled,
    InterpreterAssigned,
    InterpretingRequested,
)

_V11 = {"requester", "interpreter_district", "respond_by", "answer_url", "cancelled_by", "short_notice"}


def _example(event: Any, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = event.model_config["json_schema_extra"]["examples"][0]
    return {**payload, **changes}


@pytest.mark.parametrize(
    "event", [InterpreterAssigned, AppointmentReminderDue, AppointmentCancelled, AppointmentRescheduled]
)
def test_a_neighbouring_pools_copy_without_person_or_requester_is_valid(event: Any) -> None:
    copy = _example(event, district="06435", person_id=None, requester=None, interpreter_district=None)

    parsed = event.model_validate(copy)

    assert parsed.person_id is None and parsed.requester is None


def test_the_requesting_districts_event_names_the_neighbouring_pool() -> None:
    assigned = InterpreterAssigned.model_validate(_example(InterpreterAssigned, interpreter_district="06435"))

    assert assigned.interpreter_district == "06435"


def test_an_unknown_interpreter_district_is_refused() -> None:
    with pytest.raises(ValidationError, match="interpreter_district"):
        InterpreterAssigned.model_validate(_example(InterpreterAssigned, interpreter_district="99999"))


def test_a_1_0_payload_without_the_new_fields_still_reads() -> None:
    old = {k: v for k, v in _example(AppointmentCancelled).items() if k not in {*_V11, "appointment"}}
    old["event_version"] = "1.0"

    parsed = tolerant(AppointmentCancelled).model_validate(old)

    assert (parsed.requester, parsed.cancelled_by, parsed.short_notice, parsed.appointment) == (
        None,
        None,
        None,
        None,
    )


def test_person_id_must_be_stated_even_when_nobody_is_named() -> None:
    payload = {k: v for k, v in _example(AppointmentConfirmed).items() if k != "person_id"}

    with pytest.raises(ValidationError, match="person_id"):
        AppointmentConfirmed.model_validate(payload)


@pytest.mark.parametrize("hours", [0, -2])
def test_a_reminder_is_due_some_time_before_the_start(hours: float) -> None:
    with pytest.raises(ValidationError, match="hours_before"):
        AppointmentReminderDue.model_validate(_example(AppointmentReminderDue, hours_before=hours))


@pytest.mark.parametrize(
    ("field", "value"),
    [("variety", ""), ("department", ""), ("remote_link", "x" * 501), ("variety", "v" * 61)],
)
def test_the_new_details_keep_their_bounds(field: str, value: str) -> None:
    details = {**_example(InterpretingRequested)["appointment"], field: value}

    with pytest.raises(ValidationError, match=field):
        AppointmentDetails.model_validate(details)


def test_a_remote_appointment_needs_no_place_but_keeps_its_link() -> None:
    details = {
        **_example(InterpretingRequested)["appointment"],
        "mode": "video",
        "municipality": None,
        "address": None,
        "remote_link": "https://meet.example/abc",
    }

    assert AppointmentDetails.model_validate(details).remote_link == "https://meet.example/abc"


def test_a_moved_appointment_states_when_it_was_to_start() -> None:
    payload = {k: v for k, v in _example(AppointmentRescheduled).items() if k != "previous_starts_at"}

    with pytest.raises(ValidationError, match="previous_starts_at"):
        AppointmentRescheduled.model_validate(payload)
