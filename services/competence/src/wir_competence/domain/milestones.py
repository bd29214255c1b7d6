"""What other services learn from a change of a record: the summary and the milestones.

Pure: given the record after a change (and the entry before it), say which events to publish.
"""

from __future__ import annotations

from uuid import UUID

from wir_competence.domain.entries import Course, CourseKind, Entry, Kind, Language, Schooling
from wir_competence.domain.record import Record
from wir_contracts.cefr import CefrLevel
from wir_contracts.competence import v1

_CEFR_ORDER = list(CefrLevel)

# The contract has no kind of its own for a Jobcenter measure; it is a qualification measure there.
_CONTRACT_COURSE_KIND = {
    CourseKind.INTEGRATION_COURSE: v1.CourseKind.INTEGRATION_COURSE,
    CourseKind.JOB_RELATED_LANGUAGE_COURSE: v1.CourseKind.JOB_RELATED_LANGUAGE_COURSE,
    CourseKind.INITIAL_ORIENTATION_COURSE: v1.CourseKind.INITIAL_ORIENTATION_COURSE,
    CourseKind.EXPINA_EVENT: v1.CourseKind.EXPINA_EVENT,
    CourseKind.JOBCENTER_MEASURE: v1.CourseKind.QUALIFICATION_MEASURE,
    CourseKind.OTHER: v1.CourseKind.OTHER,
}


def _best(levels: list[CefrLevel | None]) -> CefrLevel | None:
    known = [level for level in levels if level is not None]
    return max(known, key=_CEFR_ORDER.index) if known else None


def _lower(first: CefrLevel | None, second: CefrLevel | None) -> CefrLevel | None:
    """Speaking in the summary: the weaker of interaction and production, as far as assessed."""
    known = [level for level in (first, second) if level is not None]
    return min(known, key=_CEFR_ORDER.index) if known else None


def language_skills(entries: list[Language]) -> tuple[v1.LanguageSkill, ...]:
    """One skill profile per language: per skill the best level any entry of it shows."""
    by_language: dict[str, list[Language]] = {}
    for entry in entries:
        by_language.setdefault(entry.language, []).append(entry)
    return tuple(
        v1.LanguageSkill(
            language=language,
            native=any(entry.native for entry in group),
            listening=_best([entry.listening for entry in group]),
            reading=_best([entry.reading for entry in group]),
            speaking=_best([_lower(entry.spoken_interaction, entry.spoken_production) for entry in group]),
            writing=_best([entry.writing for entry in group]),
        )
        for language, group in by_language.items()
    )


def summary(record: Record, district: str) -> v1.CompetenceRecordUpdated:
    """The summary matching uses: no names, no free text, no dates."""
    schooling = [s.entry for s in record.of_kind(Kind.SCHOOLING) if isinstance(s.entry, Schooling)]
    completed = [entry.isced_level for entry in schooling if entry.certificate]
    languages = [s.entry for s in record.of_kind(Kind.LANGUAGE) if isinstance(s.entry, Language)]
    courses = [s.entry for s in record.of_kind(Kind.COURSE) if isinstance(s.entry, Course)]
    return v1.CompetenceRecordUpdated(
        district=district,
        person_id=record.person_id,
        aggregate_version=record.version,
        highest_schooling_level=max(completed) if completed else None,
        languages=language_skills(languages),
        course_count=sum(1 for course in courses if course.completed),
    )


def milestones(
    *, district: str, person_id: UUID, version: int, entry_id: UUID, before: Entry | None, after: Entry
) -> list[v1.CourseCompleted | v1.LanguageLevelCertified]:
    """CourseCompleted when a course becomes completed; LanguageLevelCertified for a new certificate."""
    if isinstance(after, Course) and after.completed and after.ended_on and after.outcome:
        was_completed = isinstance(before, Course) and before.completed
        if not was_completed:
            return [
                v1.CourseCompleted(
                    district=district,
                    person_id=person_id,
                    aggregate_version=version,
                    course_id=entry_id,
                    kind=_CONTRACT_COURSE_KIND[after.course],
                    completed_on=after.ended_on,
                    outcome=after.outcome,
                    language_level=after.language_level,
                )
            ]
    if (
        isinstance(after, Language)
        and after.certified
        and after.exam
        and after.certificate_level
        and after.assessed_on
        and not _same_certificate(before, after)
    ):
        return [
            v1.LanguageLevelCertified(
                district=district,
                person_id=person_id,
                aggregate_version=version,
                language=after.language,
                level=after.certificate_level,
                exam=after.exam,
                certified_on=after.assessed_on,
            )
        ]
    return []


def _same_certificate(before: Entry | None, after: Language) -> bool:
    if not isinstance(before, Language) or not before.certified:
        return False
    fields = ("language", "exam", "certificate_level", "assessed_on")
    return all(getattr(before, name) == getattr(after, name) for name in fields)
