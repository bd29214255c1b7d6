"""Needs: what support a person needs, how urgently, and how far it has come."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from wir_contracts.gender import Gender
from wir_contracts.languages import LanguageCode
from wir_contracts.needs import MentoringTopic, NeedKind, NeedUrgency
from wir_intake.domain.distinct import distinct
from wir_intake.domain.errors import Conflict
from wir_intake.domain.text import Notes

_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


# The contracts' scale is coarser: low and normal both mean no particular hurry.
CONTRACT_URGENCY: Mapping[Urgency, NeedUrgency] = {
    Urgency.LOW: NeedUrgency.ROUTINE,
    Urgency.NORMAL: NeedUrgency.ROUTINE,
    Urgency.HIGH: NeedUrgency.SOON,
    Urgency.URGENT: NeedUrgency.URGENT,
}


class NeedStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    MET = "met"
    WITHDRAWN = "withdrawn"


ACTIVE = frozenset({NeedStatus.OPEN, NeedStatus.IN_PROGRESS})
_NEEDS_LANGUAGE = frozenset({NeedKind.INTERPRETING, NeedKind.LANGUAGE_COURSE})

Topics = Annotated[list[MentoringTopic], AfterValidator(distinct)]


class NeedData(BaseModel):
    """A need as recorded; topics only for mentoring, a language only where one is meant."""

    model_config = _STRICT

    kind: NeedKind = Field(description="What kind of support is needed.")
    topics: Topics = Field(
        default_factory=list, description="For mentoring: topics a mentor should help with."
    )
    mentor_gender: Gender | None = Field(
        default=None, description="For mentoring: the mentor's gender, if the person asked for one."
    )
    language: LanguageCode | None = Field(
        default=None,
        validate_default=True,  # an interpreting need without a language is refused
        description="Interpreting: the language to interpret into; language course: the one to learn.",
    )
    urgency: Urgency = Field(
        default=Urgency.NORMAL,
        description="How urgent the need is; matching learns low and normal as routine, high as soon.",
    )
    notes: Notes | None = Field(default=None, description="Case notes; never leave intake.")
    status: NeedStatus = Field(default=NeedStatus.OPEN, description="How far the need has come.")

    @field_validator("topics")
    @classmethod
    def _topics_for_mentoring(
        cls, topics: list[MentoringTopic], info: ValidationInfo
    ) -> list[MentoringTopic]:
        if topics and info.data.get("kind") not in (None, NeedKind.MENTORING):
            raise PydanticCustomError("need_topics", "only a mentoring need has topics")
        return topics

    @field_validator("mentor_gender")
    @classmethod
    def _gender_for_mentoring(cls, gender: Gender | None, info: ValidationInfo) -> Gender | None:
        if gender is not None and info.data.get("kind") not in (None, NeedKind.MENTORING):
            raise PydanticCustomError("need_mentor_gender", "only a mentoring need asks for a gender")
        return gender

    @field_validator("language")
    @classmethod
    def _language_where_meant(cls, language: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if language is not None and kind is not None and kind not in _NEEDS_LANGUAGE:
            raise PydanticCustomError(
                "need_language", "only interpreting and language courses name a language"
            )
        if language is None and kind is NeedKind.INTERPRETING:
            raise PydanticCustomError("need_language", "an interpreting need names its language")
        return language


class Need(BaseModel):
    """A stored need."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    person_id: UUID
    data: NeedData
    created_by: str
    created_at: datetime
    updated_at: datetime
    open_since: date  # the day (Europe/Berlin) it was recorded; it waits since then while active


def check_transition(before: NeedStatus, after: NeedStatus) -> None:
    """A met or withdrawn need is closed; it is not reopened but recorded anew."""
    if before not in ACTIVE and after != before:
        raise Conflict("a met or withdrawn need cannot change its status")
