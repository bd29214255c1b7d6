"""What other services learn from a change: the summary and the milestones (pure rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from wir_competence.domain.entries import ENTRY, Entry
from wir_competence.domain.milestones import milestones, summary
from wir_competence.domain.record import Record, StoredEntry

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def entry(**fields: Any) -> Entry:
    return ENTRY.validate_python(fields)


def record(*entries: Entry) -> Record:
    stored = tuple(StoredEntry(uuid4(), e, "cm", NOW, "cm", NOW) for e in entries)
    return Record(uuid4(), len(entries), "arb", stored)


def school(level: int, certificate: bool) -> Entry:
    return entry(
        kind="schooling",
        country="SY",
        years=9,
        isced_level=level,
        certificate=certificate,
        evidence={"kind": "self_declared"},
    )


def language(code: str, **levels: Any) -> Entry:
    return entry(kind="language", language=code, evidence="self_assessment", **levels)


def course(status: str, **fields: Any) -> Entry:
    return entry(kind="course", course="integration_course", provider="VHS", status=status, **fields)


def test_the_highest_schooling_counts_only_completed_levels() -> None:
    assert summary(record(school(2, True), school(3, False)), "06431").highest_schooling_level == 2
    assert summary(record(school(3, False)), "06431").highest_schooling_level is None


def test_each_language_is_summarised_once_with_its_best_level_per_skill() -> None:
    updated = summary(
        record(
            language("deu", listening="A2", spoken_interaction="A2", spoken_production="B1"),
            language("deu", listening="B1", writing="A1"),
            language("arb", native=True),
        ),
        "06431",
    )
    by_language = {skill.language: skill for skill in updated.languages}
    assert set(by_language) == {"deu", "arb"}
    german = by_language["deu"]
    assert (german.listening, german.speaking, german.writing, german.reading) == ("B1", "A2", "A1", None)
    assert by_language["arb"].native


def test_only_completed_courses_are_counted() -> None:
    done = course("completed", outcome="passed", ended_on="2026-06-30")
    assert summary(record(done, course("ongoing"), course("dropped")), "06431").course_count == 1


def test_a_course_is_announced_when_it_becomes_completed_and_not_again() -> None:
    ids = {"district": "06431", "person_id": uuid4(), "version": 3, "entry_id": uuid4()}
    done = course("completed", outcome="attended", ended_on="2026-06-30")
    [event] = milestones(before=course("ongoing"), after=done, **ids)
    assert event.completed_on == date(2026, 6, 30)
    assert milestones(before=done, after=done, **ids) == []
    assert milestones(before=None, after=course("planned"), **ids) == []


def test_only_a_new_certificate_is_announced() -> None:
    ids = {"district": "06431", "person_id": uuid4(), "version": 4, "entry_id": uuid4()}
    certificate = entry(
        kind="language",
        language="deu",
        evidence="certificate",
        exam="telc",
        certificate_level="B2",
        assessed_on="2026-05-05",
    )
    [event] = milestones(before=None, after=certificate, **ids)
    assert (event.level, event.exam) == ("B2", "telc")
    assert milestones(before=certificate, after=certificate, **ids) == []
    assert milestones(before=None, after=language("deu", listening="C1"), **ids) == []
