"""The entries of a Kompetenznachweis: what a person brings, each kind with its own fields.

Entries are validated here, once, whether they come from a case manager or from the history:
a CEFR level outside A1–C2, an unknown language, country or occupation, or an end before its
start never reaches the database.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from wir_competence.domain.occupations import OccupationCode
from wir_contracts.cefr import CefrLevel
from wir_contracts.competence.v1 import CourseOutcome, IscedLevel, LanguageExam
from wir_contracts.countries import CountryCode
from wir_contracts.languages import LanguageCode

FreeText = Annotated[str, Field(min_length=1, max_length=200)]


class Kind(StrEnum):
    """The kinds of entry; each is also a section of the printed record and of a share."""

    SCHOOLING = "schooling"
    TRAINING = "training"
    WORK = "work"
    LANGUAGE = "language"
    COURSE = "course"


class EvidenceKind(StrEnum):
    SELF_DECLARED = "self_declared"
    DOCUMENT_SEEN = "document_seen"
    CERTIFICATE = "certificate"


class TrainingType(StrEnum):
    VOCATIONAL = "vocational"
    HIGHER_EDUCATION = "higher_education"


class Recognition(StrEnum):
    """Where recognition of a foreign qualification in Germany stands."""

    NOT_STARTED = "not_started"
    APPLIED = "applied"
    PARTIAL = "partial"
    FULL = "full"


class LanguageEvidence(StrEnum):
    SELF_ASSESSMENT = "self_assessment"
    CERTIFICATE = "certificate"


class CourseKind(StrEnum):
    INTEGRATION_COURSE = "integration_course"
    JOB_RELATED_LANGUAGE_COURSE = "job_related_language_course"
    INITIAL_ORIENTATION_COURSE = "initial_orientation_course"
    EXPINA_EVENT = "expina_event"
    JOBCENTER_MEASURE = "jobcenter_measure"
    OTHER = "other"


class CourseStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DROPPED = "dropped"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Evidence(_Strict):
    """What backs an entry: the person's word, a document the case manager saw, or a certificate."""

    kind: EvidenceKind
    issuer: FreeText | None = None
    number: Annotated[str, Field(min_length=1, max_length=100)] | None = None

    @model_validator(mode="after")
    def _certificate_names_issuer_and_number(self) -> Self:
        if self.kind is EvidenceKind.CERTIFICATE and (self.issuer is None or self.number is None):
            raise PydanticCustomError("certificate", "a certificate needs its issuer and number")
        return self


class _Dated(_Strict):
    started_on: date | None = None
    ended_on: date | None = None

    @field_validator("ended_on")
    @classmethod
    def _not_before_start(cls, ended_on: date | None, info: ValidationInfo) -> date | None:
        started_on = info.data.get("started_on")
        if ended_on is not None and started_on is not None and ended_on < started_on:
            raise PydanticCustomError("date_order", "the end lies before the start")
        return ended_on


class Schooling(_Dated):
    kind: Literal[Kind.SCHOOLING] = Kind.SCHOOLING
    country: CountryCode
    years: Annotated[int, Field(ge=0, le=20)]
    isced_level: IscedLevel
    certificate: bool = Field(description="Whether the school-leaving certificate was obtained.")
    evidence: Evidence


class Training(_Dated):
    """Vocational training or higher education."""

    kind: Literal[Kind.TRAINING] = Kind.TRAINING
    type: TrainingType
    field: FreeText
    isced_level: IscedLevel
    country: CountryCode
    completed: bool
    recognition: Recognition = Recognition.NOT_STARTED
    evidence: Evidence


class Work(_Dated):
    kind: Literal[Kind.WORK] = Kind.WORK
    occupation: OccupationCode
    years: Annotated[float, Field(ge=0, le=60)]
    country: CountryCode
    evidence: Evidence


class Language(_Strict):
    """Skills in one language, per CEFR skill; a skill not assessed is left out."""

    kind: Literal[Kind.LANGUAGE] = Kind.LANGUAGE
    language: LanguageCode
    native: bool = False
    listening: CefrLevel | None = None
    reading: CefrLevel | None = None
    spoken_interaction: CefrLevel | None = None
    spoken_production: CefrLevel | None = None
    writing: CefrLevel | None = None
    evidence: LanguageEvidence
    exam: LanguageExam | None = None
    certificate_level: CefrLevel | None = None
    assessed_on: date | None = None

    @model_validator(mode="after")
    def _certificate_names_exam_level_and_date(self) -> Self:
        if self.evidence is LanguageEvidence.CERTIFICATE and (
            self.exam is None or self.certificate_level is None or self.assessed_on is None
        ):
            raise PydanticCustomError(
                "certificate", "a certificate needs its exam, certificate_level and assessed_on"
            )
        return self

    @property
    def certified(self) -> bool:
        return self.evidence is LanguageEvidence.CERTIFICATE


class Course(_Dated):
    """A course or measure: integration course, job-related language course, ExpinA event, ..."""

    kind: Literal[Kind.COURSE] = Kind.COURSE
    course: CourseKind
    provider: FreeText
    status: CourseStatus
    outcome: CourseOutcome | None = Field(default=None, validate_default=True)
    language_level: CefrLevel | None = None
    # Courses entered before evidence was asked for rest on the person's word, as an omitted one does.
    evidence: Evidence = Field(default_factory=lambda: Evidence(kind=EvidenceKind.SELF_DECLARED))

    @field_validator("status")
    @classmethod
    def _completed_has_end(cls, status: CourseStatus, info: ValidationInfo) -> CourseStatus:
        if status is CourseStatus.COMPLETED and info.data.get("ended_on") is None:
            raise PydanticCustomError("completed_without_end", "a completed course needs ended_on")
        return status

    @field_validator("outcome")
    @classmethod
    def _completed_has_outcome(
        cls, outcome: CourseOutcome | None, info: ValidationInfo
    ) -> CourseOutcome | None:
        if outcome is None and info.data.get("status") is CourseStatus.COMPLETED:
            raise PydanticCustomError("completed_without_outcome", "a completed course needs its outcome")
        return outcome

    @property
    def completed(self) -> bool:
        return self.status is CourseStatus.COMPLETED


Entry = Annotated[Schooling | Training | Work | Language | Course, Field(discriminator="kind")]
ENTRY: TypeAdapter[Schooling | Training | Work | Language | Course] = TypeAdapter(Entry)
