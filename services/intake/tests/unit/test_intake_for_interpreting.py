"""What intake takes from interpreting for the timeline, as pure rules: the details of each
appointment step (never links, contacts or addresses), and steps that name no person."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from wir_contracts.envelope import tolerant
from wir_contracts.interpreting.v1 import AppointmentCancelled, AppointmentRescheduled
from wir_intake.domain.timeline import ForeignEvent, details_of
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden


def _foreign(**fields: Any) -> ForeignEvent:
    envelope = {"district": BERGSTRASSE, "event_version": "1.1", "person_id": str(uuid4())}
    return ForeignEvent.model_validate({"producer": "interpreting", **envelope, **fields})


def test_a_moved_appointment_keeps_both_times_and_never_the_answer_link() -> None:
    moved = golden(AppointmentRescheduled)
    parsed = tolerant(ForeignEvent).model_validate_json(moved.model_dump_json())

    details = details_of(parsed)

    assert details["previous_starts_at"] == "2026-11-17T09:30:00+01:00"
    assert details["appointment"] == {
        "language": "prs",
        "mode": "on_site",
        "venue": "jobcenter",
        "starts_at": "2026-11-18T10:00:00+01:00",
        "ends_at": "2026-11-18T11:00:00+01:00",
    }
    assert "answer_url" not in details and "respond_by" not in details


def test_interpreting_steps_keep_who_cancelled_the_outcome_and_a_give_back() -> None:
    cancelled = _foreign(
        event_type="appointment_cancelled",
        reason="cancelled_by_interpreter",
        cancelled_by="interpreter",
        short_notice=True,
    )
    given_back = _foreign(event_type="interpreter_declined", reason="illness", after_confirming=True)
    completed = _foreign(event_type="appointment_completed", minutes=60, outcome="person_no_show")

    assert details_of(cancelled) == {
        "reason": "cancelled_by_interpreter",
        "cancelled_by": "interpreter",
        "short_notice": True,
    }
    assert details_of(given_back) == {"reason": "illness", "after_confirming": True}
    assert details_of(completed) == {"minutes": 60, "outcome": "person_no_show"}


def test_an_appointment_names_its_variety_but_not_its_department_or_dial_in_link() -> None:
    event = _foreign(
        event_type="appointment_confirmed",
        appointment={
            "language": "ckb",
            "variety": "Sorani",
            "mode": "video",
            "department": "Jugendamt, Team 3",
            "remote_link": "https://meet.example/x",
        },
    )

    assert details_of(event) == {"appointment": {"language": "ckb", "variety": "Sorani", "mode": "video"}}


def test_an_appointment_step_that_names_no_person_is_about_nobody() -> None:
    copy = golden(AppointmentCancelled, person_id=None, requester=None)

    assert tolerant(ForeignEvent).model_validate_json(copy.model_dump_json()).subject() is None
