"""Events competence publishes, version 1: summaries of the Kompetenznachweis and shares.

The record itself (schooling, training, work, evidence) stays in competence; other services
get the summary they match on and the milestones of the case timeline.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Final, Self
from uuid import UUID

from pydantic import AwareDatetime, Field, model_validator
from pydantic_core import PydanticCustomError

from wir_contracts._internal.examples import AMINA, COURSE, SHARE, envelope, examples
from wir_contracts.cefr import CefrLevel
from wir_contracts.contact import EmailAddress
from wir_contracts.envelope import Event
from wir_contracts.languages import LanguageCode
from wir_contracts.ordering import AggregateVersion
from wir_contracts.parts import Part

__all__ = [
    "COMPETENCE_RECORD_SHARED",
    "COMPETENCE_RECORD_UPDATED",
    "COURSE_COMPLETED",
    "LANGUAGE_LEVEL_CERTIFIED",
    "CompetenceRecordShared",
    "CompetenceRecordUpdated",
    "CourseCompleted",
    "CourseKind",
    "CourseOutcome",
    "IscedLevel",
    "LanguageExam",
    "LanguageLevelCertified",
    "LanguageSkill",
]

COMPETENCE_RECORD_UPDATED: Final = "competence.competence_record_updated.v1"
COURSE_COMPLETED: Final = "competence.course_completed.v1"
LANGUAGE_LEVEL_CERTIFIED: Final = "competence.language_level_certified.v1"
COMPETENCE_RECORD_SHARED: Final = "competence.competence_record_shared.v1"

IscedLevel = Annotated[int, Field(ge=0, le=8)]
"""Level of education on ISCED 2011: 0 early childhood ... 3 upper secondary ... 8 doctoral."""

_PERSON_ID = "Id of the person the record belongs to."
_RECORD_VERSION = "Version of the person's record after this change; ignore anything not newer."


class CourseKind(StrEnum):
    """A kind of course or measure counted in the Kompetenznachweis."""

    INTEGRATION_COURSE = "integration_course"
    JOB_RELATED_LANGUAGE_COURSE = "job_related_language_course"
    INITIAL_ORIENTATION_COURSE = "initial_orientation_course"
    EXPINA_EVENT = "expina_event"
    QUALIFICATION_MEASURE = "qualification_measure"
    OTHER = "other"


class CourseOutcome(StrEnum):
    """How a course ended for the person."""

    PASSED = "passed"
    ATTENDED = "attended"
    NOT_PASSED = "not_passed"


class LanguageExam(StrEnum):
    """The exam a language level was certified by."""

    DTZ = "dtz"
    TELC = "telc"
    GOETHE = "goethe"
    TESTDAF = "testdaf"
    OESD = "oesd"
    OTHER = "other"


class LanguageSkill(Part):
    """What the person can do in one language, per CEFR skill; a skill not assessed is null."""

    language: LanguageCode = Field(description="The language.")
    native: bool = Field(default=False, description="Whether it is a first language.")
    listening: CefrLevel | None = Field(default=None, description="Listening level.")
    reading: CefrLevel | None = Field(default=None, description="Reading level.")
    speaking: CefrLevel | None = Field(default=None, description="Speaking level.")
    writing: CefrLevel | None = Field(default=None, description="Writing level.")


class CompetenceRecordUpdated(Event):
    """A person's Kompetenznachweis changed; carries the summary matching uses."""

    PRODUCER = "competence"
    EVENT = "competence_record_updated"
    model_config = examples(
        {
            **envelope("competence", "competence_record_updated", occurred_at="2026-11-10T11:20:31Z"),
            "person_id": AMINA,
            "aggregate_version": 6,
            "highest_schooling_level": 3,
            "languages": [
                {
                    "language": "prs",
                    "native": True,
                    "listening": None,
                    "reading": None,
                    "speaking": None,
                    "writing": None,
                },
                {
                    "language": "deu",
                    "native": False,
                    "listening": "A2",
                    "reading": "A2",
                    "speaking": "A1",
                    "writing": "A1",
                },
            ],
            "course_count": 1,
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_RECORD_VERSION)
    highest_schooling_level: IscedLevel | None = Field(
        description="Highest completed level of schooling (ISCED 2011), null if not recorded."
    )
    languages: tuple[LanguageSkill, ...] = Field(description="Every language in the record, one entry each.")
    course_count: int = Field(ge=0, description="Courses and measures completed so far.")

    @model_validator(mode="after")
    def _one_entry_per_language(self) -> Self:
        if len({skill.language for skill in self.languages}) != len(self.languages):
            raise PydanticCustomError("duplicate_items", "a language is listed twice")
        return self


class CourseCompleted(Event):
    """A person finished a course or measure (integration course, ExpinA event, ...)."""

    PRODUCER = "competence"
    EVENT = "course_completed"
    model_config = examples(
        {
            **envelope("competence", "course_completed", occurred_at="2026-11-10T11:20:31Z"),
            "person_id": AMINA,
            "aggregate_version": 6,
            "course_id": COURSE,
            "kind": "initial_orientation_course",
            "completed_on": "2026-11-06",
            "outcome": "attended",
            "language_level": None,
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_RECORD_VERSION)
    course_id: UUID = Field(description="Id of the course entry in the record.")
    kind: CourseKind = Field(description="Kind of course or measure.")
    completed_on: date = Field(description="Day the course ended.")
    outcome: CourseOutcome = Field(description="How it ended for the person.")
    language_level: CefrLevel | None = Field(
        default=None, description="For a language course: the level its final exam attests."
    )


class LanguageLevelCertified(Event):
    """An exam certified a person's level in a language."""

    PRODUCER = "competence"
    EVENT = "language_level_certified"
    model_config = examples(
        {
            **envelope("competence", "language_level_certified", occurred_at="2026-11-27T16:05:00Z"),
            "person_id": AMINA,
            "aggregate_version": 7,
            "language": "deu",
            "level": "B1",
            "exam": "dtz",
            "certified_on": "2026-11-24",
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_RECORD_VERSION)
    language: LanguageCode = Field(description="The language certified.")
    level: CefrLevel = Field(description="The level certified.")
    exam: LanguageExam = Field(description="The exam that certified it.")
    certified_on: date = Field(description="Date on the certificate.")


class CompetenceRecordShared(Event):
    """A person's Kompetenznachweis was shared with a potential employer, with their consent.

    Since 1.1 the event carries the link itself: competence keeps only a hash of the link's token,
    so nobody else can build it. The link is a credential, shown only in the employer's message.
    """

    PRODUCER = "competence"
    EVENT = "competence_record_shared"
    MINOR = 1
    model_config = examples(
        {
            **envelope(
                "competence", "competence_record_shared", occurred_at="2026-11-30T09:45:10Z", version="1.1"
            ),
            "person_id": AMINA,
            "share_id": SHARE,
            "recipient_organisation": "Bäckerei Sonnenschein GmbH",
            "recipient_email": "personal@baeckerei-sonnenschein.example",
            "expires_at": "2026-12-14T23:59:59Z",
            "share_url": "https://wir.example/competence/shares/06431.kQ2v7m1cR8xYp4TnW0aLsE",
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    share_id: UUID = Field(description="Id of the share.")
    recipient_organisation: str = Field(
        min_length=1, max_length=200, description="Employer the record is shared with."
    )
    recipient_email: EmailAddress = Field(description="Where to send the link.")
    expires_at: AwareDatetime = Field(description="When the link stops working.")
    share_url: str | None = Field(
        default=None,
        max_length=2000,
        description="The link that opens the shared record, for the employer's message (since 1.1).",
    )
