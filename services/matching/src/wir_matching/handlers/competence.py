"""What matching takes from competence's events: the person's German level, the best one
recorded, certified or attested by a passed course (German counts as a shared language once it
is usable)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from wir_contracts.cefr import CefrLevel
from wir_contracts.competence.v1 import (
    CompetenceRecordUpdated,
    CourseCompleted,
    CourseKind,
    CourseOutcome,
    LanguageLevelCertified,
    LanguageSkill,
)
from wir_kit import Subscription, Tx
from wir_matching.commands import people
from wir_matching.settings import MatchingSettings

GERMAN = "deu"
GERMAN_COURSES = frozenset({CourseKind.INTEGRATION_COURSE, CourseKind.JOB_RELATED_LANGUAGE_COURSE})

E = TypeVar("E")
Handler = Callable[[E, Tx], Awaitable[None]]


def recorded_german(skills: tuple[LanguageSkill, ...]) -> CefrLevel | None:
    """The German level a record shows: native counts as C2; otherwise speaking, where assessed,
    else listening (a conversation with a mentor needs both; speaking is the stricter test)."""
    for skill in skills:
        if skill.language == GERMAN:
            if skill.native:
                return CefrLevel.C2
            return skill.speaking or skill.listening
    return None


def german_level_of(
    event: CompetenceRecordUpdated | CourseCompleted | LanguageLevelCertified,
) -> CefrLevel | None:
    if isinstance(event, CompetenceRecordUpdated):
        return recorded_german(event.languages)
    if isinstance(event, LanguageLevelCertified):
        return event.level if event.language == GERMAN else None
    # Integration and job-related language courses are German courses; only a passed exam
    # attests a level.
    if event.kind in GERMAN_COURSES and event.outcome == CourseOutcome.PASSED:
        return event.language_level
    return None


def _on_competence(
    settings: MatchingSettings,
) -> Handler[CompetenceRecordUpdated | CourseCompleted | LanguageLevelCertified]:
    async def handle(
        event: CompetenceRecordUpdated | CourseCompleted | LanguageLevelCertified, tx: Tx
    ) -> None:
        """Keep the person's best German level; an event without one changes nothing."""
        level = german_level_of(event)
        if level is not None:
            await people.apply_german_level(
                tx, event.person_id, level.value, event.aggregate_version, run_delay_s=settings.run_debounce_s
            )

    return handle


def subscriptions(settings: MatchingSettings) -> list[Subscription[Any]]:
    """Competence's events matching consumes."""
    handle = _on_competence(settings)
    return [
        Subscription("competence_record_updated", CompetenceRecordUpdated, handle),
        Subscription("course_completed", CourseCompleted, handle),
        Subscription("language_level_certified", LanguageLevelCertified, handle),
    ]
