"""What a newly arrived person can need, and the topics a mentor can help with."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["MentoringTopic", "NeedKind", "NeedUrgency"]


class NeedKind(StrEnum):
    """A kind of support a case manager routes a person to."""

    MENTORING = "mentoring"
    INTERPRETING = "interpreting"
    LANGUAGE_COURSE = "language_course"
    WORK_TRAINING = "work_training"
    HOUSING = "housing"
    SCHOOL_CHILDCARE = "school_childcare"
    HEALTH = "health"
    OTHER = "other"


class MentoringTopic(StrEnum):
    """A topic a pilot or mentor (Integrationslotse, Pate) helps with."""

    EVERYDAY_LIFE = "everyday_life"
    AUTHORITIES = "authorities"
    HOUSING = "housing"
    WORK = "work"
    EDUCATION = "education"
    LANGUAGE_PRACTICE = "language_practice"
    HEALTH = "health"
    FAMILY = "family"
    LEISURE = "leisure"
    DIGITAL = "digital"


class NeedUrgency(StrEnum):
    """How soon a need should be met, as the case manager judges it."""

    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"
