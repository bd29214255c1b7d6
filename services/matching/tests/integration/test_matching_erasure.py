"""Erasure: the person, their needs and matches go, nothing pending about them is sent, matching
confirms with ErasureCompleted, and later events do not bring the person back."""

from __future__ import annotations

from uuid import UUID, uuid4

from wir_contracts.competence.v1 import LanguageExam, LanguageLevelCertified
from wir_contracts.intake.v1 import PersonErasureRequested
from wir_kit.runtime import Runtime
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import publish_and_wait, rows

from .conftest import InsertMatch, RecordNeeds, RegisterPerson, mentoring

TABLES = ("people", "needs", "matches")


async def counts(matching: Runtime, person_id: UUID) -> dict[str, int]:
    async with matching.db.transaction(BERGSTRASSE) as tx:
        found = {}
        for table in TABLES:
            found[table] = await tx.fetchval(f"SELECT count(*) FROM {table} WHERE person_id = $1", person_id)
        found["outbox"] = await tx.fetchval(
            "SELECT count(*) FROM outbox"
            " WHERE payload::jsonb ->> 'person_id' = $1 AND event_type <> 'erasure_completed'",
            str(person_id),
        )
        return found


async def test_erasure_removes_the_person_and_answers_erasure_completed(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds, insert_match: InsertMatch
) -> None:
    person_id, other = await register_person(), await register_person()
    need, closed, others_need = mentoring(), mentoring(), mentoring()
    await record_needs(person_id, [need, closed], 2)
    await record_needs(other, [others_need], 2)
    volunteer_id = uuid4()
    await insert_match(person_id, need.need_id, volunteer_id, state="accepted")
    await insert_match(person_id, closed.need_id, volunteer_id)
    await insert_match(other, others_need.need_id, volunteer_id)
    await record_needs(person_id, [need], 3)  # a MatchWithdrawn about the person, maybe not sent yet
    assert (await counts(matching, person_id))["outbox"] == 1
    request = PersonErasureRequested(
        district=BERGSTRASSE, person_id=person_id, aggregate_version=5, request_id=uuid4()
    )

    async with bus.tap(matching.settings, [f"matching.erasure_completed.v1.{BERGSTRASSE}"]) as confirmations:
        await bus.publish(matching.settings, request)
        _, confirmation = await confirmations.next()

    assert confirmation["producer"] == "matching"
    assert confirmation["person_id"] == str(person_id)
    assert confirmation["request_id"] == str(request.request_id)
    assert confirmation["causation_id"] == str(request.event_id)
    assert await counts(matching, person_id) == dict.fromkeys([*TABLES, "outbox"], 0)
    assert await counts(matching, other) == {"people": 1, "needs": 1, "matches": 1, "outbox": 0}
    assert await rows(matching, BERGSTRASSE, "SELECT 1 FROM erased_people WHERE person_id = $1", person_id)


async def test_events_after_the_erasure_do_not_bring_the_person_back(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds
) -> None:
    person_id = await register_person()
    request = PersonErasureRequested(
        district=BERGSTRASSE, person_id=person_id, aggregate_version=5, request_id=uuid4()
    )
    await publish_and_wait(matching, "person_erasure_requested", request)

    await register_person(person_id=person_id, version=6)
    await record_needs(person_id, [mentoring()], 7)
    certified = LanguageLevelCertified(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=8,
        language="deu",
        level="B1",
        exam=LanguageExam.DTZ,
        certified_on="2026-11-24",
    )
    await publish_and_wait(matching, "language_level_certified", certified)
    assert (await counts(matching, person_id))["people"] == (await counts(matching, person_id))["needs"] == 0


async def test_erasing_a_person_matching_never_knew_is_confirmed_too(matching: Runtime) -> None:
    request = PersonErasureRequested(
        district=BERGSTRASSE, person_id=uuid4(), aggregate_version=2, request_id=uuid4()
    )
    async with bus.tap(matching.settings, [f"matching.erasure_completed.v1.{BERGSTRASSE}"]) as confirmations:
        await bus.publish(matching.settings, request)
        _, confirmation = await confirmations.next()
    assert confirmation["request_id"] == str(request.request_id)
