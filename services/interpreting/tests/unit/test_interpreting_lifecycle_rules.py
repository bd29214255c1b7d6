"""The lifecycle's small rules: which reminders are still ahead, an appointment's planned
minutes, and who acts when a token calls a step."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from wir_contracts.interpreting.v1 import InterpretingMode, Venue
from wir_interpreting.api.steps import acting_interpreter
from wir_interpreting.commands.changes import planned_minutes
from wir_interpreting.commands.reminders import due_times
from wir_interpreting.domain.errors import NotFound
from wir_interpreting.domain.model import Appointment
from wir_kit import Principal, Role

STARTS = datetime(2026, 11, 17, 8, 30, tzinfo=UTC)
INTERPRETER = UUID(int=5)
APPOINTMENT = Appointment(
    district="06431",
    appointment_id=UUID(int=1),
    version=3,
    person_id=None,
    language="prs",
    variety=None,
    mode=InterpretingMode.PHONE,
    venue=Venue.DOCTOR,
    department=None,
    municipality=None,
    address=None,
    remote_link="+4961811234567",
    starts_at=STARTS,
    ends_at=STARTS + timedelta(minutes=45),
    notes=None,
    requester=None,
    requested_by="cm-1",
    state="confirmed",
    interpreter_id=INTERPRETER,
    interpreter_district="06431",
    respond_by=None,
)


def test_reminders_still_ahead_are_due_their_hours_before_the_start() -> None:
    now = STARTS - timedelta(days=3)
    assert due_times(STARTS, (24.0, 2.0), now=now) == [
        (24.0, STARTS - timedelta(hours=24)),
        (2.0, STARTS - timedelta(hours=2)),
    ]


def test_a_reminder_whose_time_has_passed_is_not_sent_late() -> None:
    now = STARTS - timedelta(hours=5)
    assert due_times(STARTS, (24.0, 2.0, 0.5), now=now) == [
        (2.0, STARTS - timedelta(hours=2)),
        (0.5, STARTS - timedelta(minutes=30)),
    ]
    assert due_times(STARTS, (2.0,), now=STARTS - timedelta(hours=2)) == []


def test_planned_minutes_are_the_appointments_length_within_a_day() -> None:
    assert planned_minutes(APPOINTMENT) == 45
    assert planned_minutes(replace(APPOINTMENT, ends_at=STARTS + timedelta(seconds=20))) == 1
    assert planned_minutes(replace(APPOINTMENT, ends_at=STARTS + timedelta(days=2))) == 1440


@pytest.mark.parametrize(
    ("roles", "staff", "acting"),
    [
        ({Role.INTERPRETER}, (Role.COORDINATOR,), INTERPRETER),
        ({Role.COORDINATOR}, (Role.COORDINATOR,), None),
        ({Role.COORDINATOR, Role.INTERPRETER}, (Role.COORDINATOR,), None),
        ({Role.CASE_MANAGER, Role.INTERPRETER}, (Role.COORDINATOR,), INTERPRETER),
        ({Role.CASE_MANAGER, Role.INTERPRETER}, (Role.COORDINATOR, Role.CASE_MANAGER), None),
    ],
)
def test_an_interpreter_acts_for_themself_and_staff_for_whoever_is_assigned(
    roles: set[Role], staff: tuple[Role, ...], acting: UUID | None
) -> None:
    caller = Principal(sub=str(INTERPRETER), district="06431", roles=frozenset(roles))
    assert acting_interpreter(caller, *staff) == acting


def test_an_interpreter_token_without_an_id_finds_nothing() -> None:
    caller = Principal(sub="someone", district="06431", roles=frozenset({Role.INTERPRETER}))
    with pytest.raises(NotFound):
        acting_interpreter(caller, Role.COORDINATOR)
