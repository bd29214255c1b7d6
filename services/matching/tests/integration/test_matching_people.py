"""People arrive by intake's and competence's events only: each part (profile, consents, needs,
German level) is applied when it is newer, stale and redelivered events change nothing, only
mentoring needs are kept, and withdrawn consent or a closed need withdraws what depended on it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from wir_contracts.competence.v1 import (
    CompetenceRecordUpdated,
    CourseCompleted,
    CourseKind,
    CourseOutcome,
    LanguageExam,
    LanguageLevelCertified,
    LanguageSkill,
)
from wir_contracts.intake.v1 import ConsentChanged, LanguageLevel, Need, PersonUpdated, SpokenLevel
from wir_contracts.needs import NeedKind
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.service import outbox, publish_and_wait, rows

from .conftest import InsertMatch, RecordNeeds, RegisterPerson, match_states, mentoring


async def person(matching: Runtime, person_id: UUID) -> dict[str, Any]:
    [row] = await rows(matching, BERGSTRASSE, "SELECT * FROM people WHERE person_id = $1", person_id)
    return dict(row)


async def needs_of(matching: Runtime, person_id: UUID) -> dict[UUID, dict[str, Any]]:
    found = await rows(matching, BERGSTRASSE, "SELECT * FROM needs WHERE person_id = $1", person_id)
    return {row["need_id"]: dict(row) for row in found}


async def forget_run_requests(matching: Runtime) -> None:
    async with matching.db.transaction(BERGSTRASSE) as tx:
        await tx.execute("DELETE FROM run_requests")


def updated(person_id: UUID, version: int, municipality: str) -> PersonUpdated:
    return PersonUpdated(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=version,
        municipality=municipality,
        languages=("ukr", "deu"),
        preferred_language="ukr",
        language_levels=(LanguageLevel(language="deu", level=SpokenLevel.BASIC),),
    )


def consents(person_id: UUID, version: int, *purposes: str) -> ConsentChanged:
    return ConsentChanged(
        district=BERGSTRASSE, person_id=person_id, aggregate_version=version, consents=purposes
    )


async def test_a_registration_keeps_municipality_languages_with_levels_and_consents(
    matching: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person()
    kept = await person(matching, person_id)
    assert kept["municipality"] == HEPPENHEIM
    assert json.loads(kept["languages"]) == [
        {"language": "prs", "level": None, "native": True},
        {"language": "deu", "level": None, "native": False},
        {"language": "eng", "level": "B2", "native": False},
    ]
    assert kept["consents"] == ["processing", "share_with_volunteers"]
    assert (kept["profile_version"], kept["consents_version"]) == (1, 1)
    assert await rows(matching, BERGSTRASSE, "SELECT 1 FROM run_requests")


async def test_a_stale_profile_changes_nothing_and_a_newer_one_applies(
    matching: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(version=3)
    await forget_run_requests(matching)
    await publish_and_wait(matching, "person_updated", updated(person_id, 2, BENSHEIM))
    assert (await person(matching, person_id))["municipality"] == HEPPENHEIM
    assert await rows(matching, BERGSTRASSE, "SELECT 1 FROM run_requests") == []  # nothing changed

    await publish_and_wait(matching, "person_updated", updated(person_id, 4, BENSHEIM))
    assert await rows(matching, BERGSTRASSE, "SELECT 1 FROM run_requests")
    kept = await person(matching, person_id)
    assert (kept["municipality"], kept["profile_version"]) == (BENSHEIM, 4)
    assert '"level": "A2"' in kept["languages"]  # "basic" German


async def test_a_stale_consent_change_changes_nothing(
    matching: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(version=5)
    await publish_and_wait(matching, "consent_changed", consents(person_id, 4, "processing"))
    assert (await person(matching, person_id))["consents"] == ["processing", "share_with_volunteers"]


async def test_only_mentoring_needs_are_kept_with_urgency_gender_and_the_day_they_opened(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds
) -> None:
    person_id = await register_person()
    dated = mentoring(urgency="urgent", open_since=date(2026, 10, 1), mentor_gender="female")
    plain = mentoring()
    course = Need(need_id=uuid4(), kind=NeedKind.LANGUAGE_COURSE, language="deu")
    await record_needs(person_id, [dated, plain, course], 2)

    kept = await needs_of(matching, person_id)
    assert set(kept) == {dated.need_id, plain.need_id}
    first = kept[dated.need_id]
    assert (first["urgency"], first["open_since"], first["mentor_gender"]) == (
        "urgent",
        date(2026, 10, 1),
        "female",
    )
    assert first["topics"] == ["authorities", "housing"]
    second = kept[plain.need_id]
    assert (second["urgency"], second["mentor_gender"]) == ("routine", None)
    assert second["open_since"] is not None  # the day of the event


async def test_a_need_keeps_the_day_it_opened_when_listed_again(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds
) -> None:
    person_id = await register_person()
    need = mentoring()
    await record_needs(person_id, [need], 2)
    async with matching.db.transaction(BERGSTRASSE) as tx:
        await tx.execute("UPDATE needs SET open_since = '2026-01-01' WHERE need_id = $1", need.need_id)
    await record_needs(person_id, [mentoring(need.need_id, topics=("work",))], 3)
    kept = (await needs_of(matching, person_id))[need.need_id]
    assert (kept["open_since"], kept["topics"]) == (date(2026, 1, 1), ["work"])


async def test_stale_needs_change_nothing(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds
) -> None:
    person_id = await register_person()
    need = mentoring()
    await record_needs(person_id, [need], 3)
    await record_needs(person_id, [], 2)
    assert set(await needs_of(matching, person_id)) == {need.need_id}


async def test_a_need_no_longer_listed_is_closed_and_its_matches_withdrawn(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds, insert_match: InsertMatch
) -> None:
    person_id = await register_person()
    closing, staying = mentoring(), mentoring()
    await record_needs(person_id, [closing, staying], 2)
    volunteer_id = uuid4()
    closed_match = await insert_match(person_id, closing.need_id, volunteer_id, state="accepted")
    other_match = await insert_match(person_id, staying.need_id, volunteer_id)

    await record_needs(person_id, [staying], 3)

    assert set(await needs_of(matching, person_id)) == {staying.need_id}
    assert await match_states(matching, closed_match, other_match) == [
        ("withdrawn", "need_closed"),
        ("proposed", None),
    ]
    [withdrawn] = await outbox(matching, "match_withdrawn")
    assert (withdrawn["match_id"], withdrawn["reason"]) == (str(closed_match), "need_closed")


async def test_withdrawn_consent_withdraws_proposals_and_mentorships_each_announced(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds, insert_match: InsertMatch
) -> None:
    person_id = await register_person()
    first, second = mentoring(), mentoring()
    await record_needs(person_id, [first, second], 2)
    proposed = await insert_match(person_id, first.need_id, uuid4())
    running = await insert_match(person_id, second.need_id, uuid4(), state="accepted")
    someone_else = await insert_match(uuid4(), uuid4(), uuid4())

    await publish_and_wait(matching, "consent_changed", consents(person_id, 3, "processing"))

    assert (await person(matching, person_id))["consents"] == ["processing"]
    assert await match_states(matching, proposed, running, someone_else) == [
        ("withdrawn", "consent_withdrawn"),
        ("withdrawn", "consent_withdrawn"),
        ("proposed", None),
    ]
    withdrawn = await outbox(matching, "match_withdrawn")
    assert sorted(event["match_id"] for event in withdrawn) == sorted([str(proposed), str(running)])
    assert {(event["person_id"], event["reason"]) for event in withdrawn} == {
        (str(person_id), "consent_withdrawn")
    }


async def test_consent_kept_withdraws_nothing(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds, insert_match: InsertMatch
) -> None:
    person_id = await register_person()
    need = mentoring()
    await record_needs(person_id, [need], 2)
    proposed = await insert_match(person_id, need.need_id, uuid4())
    await publish_and_wait(
        matching,
        "consent_changed",
        consents(person_id, 3, "processing", "share_with_volunteers", "contact_sms"),
    )
    assert await match_states(matching, proposed) == [("proposed", None)]
    assert await outbox(matching, "match_withdrawn") == []


def record_updated(person_id: UUID, version: int, **german: Any) -> CompetenceRecordUpdated:
    return CompetenceRecordUpdated(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=version,
        highest_schooling_level=3,
        languages=(LanguageSkill(language="prs", native=True), LanguageSkill(language="deu", **german)),
        course_count=0,
    )


def certified(person_id: UUID, version: int, level: str, language: str = "deu") -> LanguageLevelCertified:
    return LanguageLevelCertified(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=version,
        language=language,
        level=level,
        exam=LanguageExam.DTZ,
        certified_on=date(2026, 11, 24),
    )


def course(
    person_id: UUID, version: int, level: str, kind: CourseKind, outcome: CourseOutcome
) -> CourseCompleted:
    return CourseCompleted(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=version,
        course_id=uuid4(),
        kind=kind,
        completed_on=date(2026, 11, 6),
        outcome=outcome,
        language_level=level,
    )


async def german(matching: Runtime, person_id: UUID) -> str | None:
    level: str | None = (await person(matching, person_id))["german_level"]
    return level


async def test_the_best_german_level_from_competence_is_kept(
    matching: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person()
    await publish_and_wait(matching, "competence_record_updated", record_updated(person_id, 1, speaking="A2"))
    assert await german(matching, person_id) == "A2"

    await publish_and_wait(matching, "language_level_certified", certified(person_id, 2, "B1"))
    assert await german(matching, person_id) == "B1"

    await forget_run_requests(matching)
    passed_lower = course(person_id, 3, "A2", CourseKind.INTEGRATION_COURSE, CourseOutcome.PASSED)
    await publish_and_wait(matching, "course_completed", passed_lower)
    await publish_and_wait(matching, "competence_record_updated", record_updated(person_id, 4, speaking="A1"))
    assert await german(matching, person_id) == "B1"
    assert await rows(matching, BERGSTRASSE, "SELECT 1 FROM run_requests") == []  # nothing to run for
    assert (await person(matching, person_id))["competence_version"] == 4


async def test_only_german_and_passed_german_courses_count(
    matching: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person()
    await publish_and_wait(
        matching, "language_level_certified", certified(person_id, 1, "C1", language="eng")
    )
    failed = course(person_id, 2, "B2", CourseKind.INTEGRATION_COURSE, CourseOutcome.NOT_PASSED)
    other = course(person_id, 3, "B2", CourseKind.QUALIFICATION_MEASURE, CourseOutcome.PASSED)
    await publish_and_wait(matching, "course_completed", failed, other)
    assert await german(matching, person_id) is None

    passed = course(person_id, 4, "B2", CourseKind.JOB_RELATED_LANGUAGE_COURSE, CourseOutcome.PASSED)
    await publish_and_wait(matching, "course_completed", passed)
    assert await german(matching, person_id) == "B2"


async def test_native_german_counts_as_the_highest_level(
    matching: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person()
    await publish_and_wait(matching, "competence_record_updated", record_updated(person_id, 1, native=True))
    assert await german(matching, person_id) == "C2"


async def test_the_same_version_again_withdraws_nothing_twice(
    matching: Runtime, register_person: RegisterPerson, record_needs: RecordNeeds, insert_match: InsertMatch
) -> None:
    person_id = await register_person()
    need = mentoring()
    await record_needs(person_id, [need], 2)
    await insert_match(person_id, need.need_id, uuid4())
    await publish_and_wait(matching, "consent_changed", consents(person_id, 3, "processing"))
    await insert_match(person_id, need.need_id, uuid4())  # proposed again meanwhile (not by a run)
    await publish_and_wait(matching, "consent_changed", consents(person_id, 3, "processing"))
    assert len(await outbox(matching, "match_withdrawn")) == 1
