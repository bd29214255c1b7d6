"""The case timeline, assembled from the events of competence, matching, interpreting and notifications."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

import aio_pika

from wir_contracts.competence.v1 import CourseCompleted
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentRescheduled,
    InterpretingRequested,
)
from wir_contracts.matching.v1 import (
    MatchAccepted,
    MatchExpired,
    MatchProposed,
    MatchWithdrawn,
    PersonWaitingForMentor,
)
from wir_contracts.notifications.v1 import NotificationSent
from wir_kit.settling import REASON
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import queue
from wir_kit.testing.waiting import eventually, get_one
from wir_kit.topology import dlq_name

if TYPE_CHECKING:
    from conftest import Intake

INBOX = "SELECT count(*) FROM inbox WHERE event_id = $1"
ENTRIES = "SELECT count(*) FROM timeline_entries WHERE person_id = $1"


async def test_the_timeline_shows_what_other_services_did_without_personal_data(intake: Intake) -> None:
    person = await intake.register()
    pid = person["id"]
    events = [
        golden(CourseCompleted, person_id=pid, occurred_at="2026-11-10T11:00:00Z"),
        golden(MatchProposed, person_id=pid, occurred_at="2026-11-11T11:00:00Z"),
        golden(InterpretingRequested, person_id=pid, occurred_at="2026-11-12T11:00:00Z"),
        golden(NotificationSent, recipient_id=pid, occurred_at="2026-11-13T11:00:00Z"),
    ]
    for event in events:
        await bus.publish(intake.settings, event)

    async def timeline() -> list[dict[str, Any]]:
        response = await intake.http.get(f"/persons/{pid}/timeline", headers=intake.staff())
        items: list[dict[str, Any]] = response.json()["items"]
        return items if len(items) == len(events) else []

    items = await eventually(timeline)
    assert [i["event_type"] for i in items] == [
        "notification_sent",
        "interpreting_requested",
        "match_proposed",
        "course_completed",
    ]
    assert items[3]["details"] == {
        "course_id": "18293e09-3367-4aa4-a254-3ffc4c3df4ed",
        "kind": "initial_orientation_course",
        "completed_on": "2026-11-06",
        "outcome": "attended",
    }
    appointment = items[1]["details"]["appointment"]
    assert set(appointment) == {"language", "mode", "venue", "starts_at", "ends_at"}
    assert "Rodensteinstraße" not in json.dumps(items, ensure_ascii=False)  # the venue's address
    assert items[0]["details"]["channel"] == "sms"


async def test_matchings_steps_join_the_timeline_without_the_answer_link_or_the_mentors_contact(
    intake: Intake,
) -> None:
    person = await intake.register()
    pid = person["id"]
    waits = golden(PersonWaitingForMentor, person_id=pid, occurred_at="2026-11-01T06:00:00Z")
    first = golden(MatchProposed, person_id=pid, occurred_at="2026-11-02T06:00:00Z")
    events = [
        waits,
        first,
        golden(MatchExpired, person_id=pid, occurred_at="2026-11-03T06:00:00Z"),
        golden(MatchProposed, person_id=pid, occurred_at="2026-11-04T06:00:00Z"),
        golden(MatchAccepted, person_id=pid, occurred_at="2026-11-05T06:00:00Z"),
        golden(MatchWithdrawn, person_id=pid, occurred_at="2026-11-06T06:00:00Z"),
    ]
    for event in events:
        await bus.publish(intake.settings, event)

    async def timeline() -> list[dict[str, Any]]:
        response = await intake.http.get(f"/persons/{pid}/timeline", headers=intake.staff())
        items: list[dict[str, Any]] = response.json()["items"]
        return items if len(items) == len(events) else []

    withdrawn, accepted, proposed, expired, _, waiting = await eventually(timeline)
    match = {"match_id": str(first.match_id), "volunteer_id": str(first.volunteer_id)}
    assert withdrawn["details"] == {**match, "reason": "consent_withdrawn"}
    assert expired["details"] == match
    assert accepted["details"] == match
    assert waiting["details"] == {
        "need_id": str(waits.need_id),
        "waiting_since": "2026-11-02",
        "waiting_days": 30,
        "reason": "no_shared_language",
    }
    assert proposed["details"]["score"] == 0.82
    assert proposed["details"]["reasons"][0] == {"component": "language", "points": 0.4, "languages": ["prs"]}
    assert proposed["details"]["reasons"][2] == {"component": "distance", "points": 0.12, "distance_km": 4.2}
    shown = json.dumps(await timeline())
    assert "answer_url" not in shown and "wir.example.org" not in shown  # the link answers for the volunteer
    assert "Jutta" not in shown and "+4915100000002" not in shown  # the mentor's contact


async def test_an_unknown_event_kind_is_kept_with_its_envelope_not_dead_lettered(intake: Intake) -> None:
    person = await intake.register()
    timeline_queue = queue(intake.runtime, "timeline")
    connection = await aio_pika.connect(intake.settings.amqp_url)
    try:
        channel = await connection.channel()
        bound = await channel.get_queue(timeline_queue, ensure=False)
        await bound.bind(intake.settings.exchange, routing_key="competence.certificate_uploaded.v1.*")
    finally:
        await connection.close()
    event_id = str(uuid.uuid4())
    body = {
        "event_id": event_id,
        "event_type": "certificate_uploaded",
        "event_version": "1.3",
        "district": BERGSTRASSE,
        "occurred_at": "2026-11-20T09:00:00Z",
        "producer": "competence",
        "person_id": person["id"],
        "holder_name": "Amina Rahimi",
        "kind": "diploma",
        "pages": [{"text": "Amina Rahimi, born 1994"}],
    }
    await bus.publish_raw(
        intake.settings, (f"competence.certificate_uploaded.v1.{BERGSTRASSE}", json.dumps(body))
    )

    async def entries() -> list[dict[str, object]]:
        response = await intake.http.get(f"/persons/{person['id']}/timeline", headers=intake.staff())
        items: list[dict[str, object]] = response.json()["items"]
        return items

    items = await eventually(entries)
    assert [(i["event_type"], i["producer"], i["details"]) for i in items] == [
        ("certificate_uploaded", "competence", {})
    ]
    assert await get_one(intake.settings.amqp_url, dlq_name(timeline_queue), timeout=0.5) is None


async def test_an_invalid_timeline_event_is_dead_lettered_with_the_field_named(intake: Intake) -> None:
    person = await intake.register()
    event = golden(CourseCompleted, person_id=person["id"])
    body = {**json.loads(event.model_dump_json()), "person_id": "Amina Rahimi"}
    await bus.publish_raw(intake.settings, (event.routing_key(), json.dumps(body)))
    dead = await get_one(intake.settings.amqp_url, dlq_name(queue(intake.runtime, "timeline")))
    assert dead is not None
    reason = str((dead.headers or {})[REASON])
    assert "person_id" in reason
    assert "Amina" not in reason


async def test_an_event_about_a_volunteer_is_handled_but_joins_no_timeline(intake: Intake) -> None:
    event = golden(NotificationSent, recipient_kind="volunteer", recipient_id=str(uuid.uuid4()))
    await bus.publish(intake.settings, event)

    async def handled() -> bool:
        return await intake.count(BERGSTRASSE, INBOX, event.event_id) == 1

    assert await eventually(handled)
    assert await intake.count(BERGSTRASSE, "SELECT count(*) FROM timeline_entries") == 0


async def test_events_after_an_erasure_do_not_bring_the_person_back(intake: Intake) -> None:
    person = await intake.register()
    erased = await intake.http.delete(f"/persons/{person['id']}", headers=intake.staff())
    assert erased.status_code == 202
    late = golden(CourseCompleted, person_id=person["id"])
    await bus.publish(intake.settings, late)

    async def handled() -> bool:
        return await intake.count(BERGSTRASSE, INBOX, late.event_id) == 1

    assert await eventually(handled)
    assert await intake.count(BERGSTRASSE, ENTRIES, uuid.UUID(person["id"])) == 0


async def test_a_moved_appointment_joins_the_timeline_without_links_or_the_requesters_contact(
    intake: Intake,
) -> None:
    person = await intake.register()
    pid = person["id"]
    moved = golden(AppointmentRescheduled, person_id=pid)
    cancelled = golden(AppointmentCancelled, person_id=pid, cancelled_by="interpreter", short_notice=True)
    for event in (moved, cancelled):
        await bus.publish(intake.settings, event)

    async def timeline() -> list[dict[str, Any]]:
        response = await intake.http.get(f"/persons/{pid}/timeline", headers=intake.staff())
        items: list[dict[str, Any]] = response.json()["items"]
        return items if len(items) == 2 else []

    items = {item["event_type"]: item["details"] for item in await eventually(timeline)}
    assert items["appointment_rescheduled"]["previous_starts_at"] == "2026-11-17T09:30:00+01:00"
    assert items["appointment_rescheduled"]["appointment"]["starts_at"] == "2026-11-18T10:00:00+01:00"
    assert (
        items["appointment_cancelled"]["cancelled_by"],
        items["appointment_cancelled"]["short_notice"],
    ) == (
        "interpreter",
        True,
    )
    shown = json.dumps(items, ensure_ascii=False)
    assert "://" not in shown and "@" not in shown and "Rodensteinstraße" not in shown


async def test_an_appointment_step_that_names_no_person_is_handled_but_joins_no_timeline(
    intake: Intake,
) -> None:
    nobody = golden(AppointmentRescheduled, person_id=None, requester=None)
    await bus.publish(intake.settings, nobody)

    async def handled() -> bool:
        return await intake.count(BERGSTRASSE, INBOX, nobody.event_id) == 1

    assert await eventually(handled)
    assert await intake.count(BERGSTRASSE, "SELECT count(*) FROM timeline_entries") == 0
