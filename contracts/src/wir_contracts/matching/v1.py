"""Events matching publishes, version 1: volunteers (pilots, mentors) and their matches."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final
from uuid import UUID

from pydantic import AwareDatetime, Field, StringConstraints

from wir_contracts._internal.distinct import DISTINCT
from wir_contracts._internal.examples import (
    AMINA,
    HEPPENHEIM,
    JUTTA,
    MATCH,
    MENTORING_NEED,
    caused_by,
    envelope,
    examples,
)
from wir_contracts.contact import Contact
from wir_contracts.envelope import Event
from wir_contracts.languages import LanguageCode
from wir_contracts.municipalities import MunicipalityKey
from wir_contracts.needs import MentoringTopic
from wir_contracts.ordering import AggregateVersion
from wir_contracts.parts import Part

__all__ = [
    "MATCH_ACCEPTED",
    "MATCH_DECLINED",
    "MATCH_EXPIRED",
    "MATCH_PROPOSED",
    "MATCH_WITHDRAWN",
    "MENTORSHIP_ENDED",
    "PERSON_WAITING_FOR_MENTOR",
    "VOLUNTEER_COMPLIANCE_EXPIRING",
    "VOLUNTEER_DEACTIVATED",
    "VOLUNTEER_REGISTERED",
    "VOLUNTEER_SUSPENDED",
    "VOLUNTEER_UPDATED",
    "ComplianceDocument",
    "DeclineReason",
    "EndReason",
    "MatchAccepted",
    "MatchDeclined",
    "MatchExpired",
    "MatchProposed",
    "MatchReason",
    "MatchWithdrawn",
    "MentorshipEnded",
    "PersonWaitingForMentor",
    "ScoreComponent",
    "VolunteerComplianceExpiring",
    "VolunteerDeactivated",
    "VolunteerRegistered",
    "VolunteerSuspended",
    "VolunteerUpdated",
    "WaitingReason",
    "WithdrawReason",
]

VOLUNTEER_REGISTERED: Final = "matching.volunteer_registered.v1"
VOLUNTEER_UPDATED: Final = "matching.volunteer_updated.v1"
VOLUNTEER_DEACTIVATED: Final = "matching.volunteer_deactivated.v1"
MATCH_PROPOSED: Final = "matching.match_proposed.v1"
MATCH_ACCEPTED: Final = "matching.match_accepted.v1"
MATCH_DECLINED: Final = "matching.match_declined.v1"
MENTORSHIP_ENDED: Final = "matching.mentorship_ended.v1"
MATCH_EXPIRED: Final = "matching.match_expired.v1"
MATCH_WITHDRAWN: Final = "matching.match_withdrawn.v1"
VOLUNTEER_COMPLIANCE_EXPIRING: Final = "matching.volunteer_compliance_expiring.v1"
VOLUNTEER_SUSPENDED: Final = "matching.volunteer_suspended.v1"
PERSON_WAITING_FOR_MENTOR: Final = "matching.person_waiting_for_mentor.v1"

_VOLUNTEER_ID = "Id of the volunteer."
_VOLUNTEER_VERSION = "Version of the volunteer after this change; ignore anything not newer."
_JUTTA_CONTACT: dict[str, Any] = {
    "display_name": "Jutta Weber",
    "email": "jutta.weber@example.org",
    "mobile": "+4915100000002",
    "channels": ["email", "inbox"],
}


class DeclineReason(StrEnum):
    """Why a volunteer declined a proposal."""

    NO_CAPACITY = "no_capacity"
    NOT_A_GOOD_FIT = "not_a_good_fit"
    UNAVAILABLE = "unavailable"
    OTHER = "other"


class EndReason(StrEnum):
    """Why a mentorship ended."""

    COMPLETED = "completed"
    ENDED_BY_PERSON = "ended_by_person"
    ENDED_BY_VOLUNTEER = "ended_by_volunteer"
    ENDED_BY_COORDINATOR = "ended_by_coordinator"


class WithdrawReason(StrEnum):
    """Why a proposal or mentorship was withdrawn before the volunteer answered or it ended."""

    BY_COORDINATOR = "by_coordinator"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    NEED_CLOSED = "need_closed"
    PERSON_ERASED = "person_erased"
    VOLUNTEER_SUSPENDED = "volunteer_suspended"
    VOLUNTEER_DEACTIVATED = "volunteer_deactivated"


class ComplianceDocument(StrEnum):
    """A document a volunteer must hold while matched (Führungszeugnis, confidentiality)."""

    CRIMINAL_RECORD_CERTIFICATE = "criminal_record_certificate"
    CONFIDENTIALITY_DECLARATION = "confidentiality_declaration"


class ScoreComponent(StrEnum):
    """A named, weighted part of a proposal's score."""

    LANGUAGE = "language"
    DISTANCE = "distance"
    TOPICS = "topics"
    AVAILABILITY = "availability"
    GENDER = "gender"
    CONTINUITY = "continuity"
    WAITING = "waiting"


class WaitingReason(StrEnum):
    """Why a person with a mentoring need has no proposal yet."""

    NO_CONSENT = "no_consent"
    NO_SHARED_LANGUAGE = "no_shared_language"
    NO_VOLUNTEER_NEARBY = "no_volunteer_nearby"
    NO_REQUESTED_GENDER = "no_requested_gender"
    NO_MATCHING_TOPICS = "no_matching_topics"
    NO_AVAILABLE_TIME = "no_available_time"
    DECLINED_BY_ALL = "declined_by_all"
    NO_CAPACITY = "no_capacity"
    OTHERS_MATCHED_FIRST = "others_matched_first"


class MatchReason(Part):
    """One component of a proposal's score, with what earned it."""

    component: ScoreComponent = Field(description="Which part of the score.")
    points: float = Field(ge=0, description="What it contributed to the score, after weighting.")
    languages: Annotated[tuple[LanguageCode, ...], DISTINCT] = Field(
        default=(), description="For language: the languages the two share."
    )
    distance_km: float | None = Field(
        default=None, ge=0, description="For distance: kilometres between their municipalities."
    )
    topics: Annotated[tuple[MentoringTopic, ...], DISTINCT] = Field(
        default=(), description="For topics: the person's topics the volunteer helps with."
    )
    hours_per_week: float | None = Field(
        default=None, ge=0, description="For availability: the volunteer's free hours a week."
    )
    waiting_days: int | None = Field(
        default=None, ge=0, description="For waiting: days the person has waited so far."
    )


AnswerUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000)]


class _VolunteerProfile(Event):
    """What notifications needs to message a volunteer."""

    PRODUCER = "matching"

    volunteer_id: UUID = Field(description=_VOLUNTEER_ID)
    aggregate_version: AggregateVersion = Field(description=_VOLUNTEER_VERSION)
    contact: Contact = Field(description="How to reach the volunteer.")
    preferred_language: LanguageCode = Field(description="Language to message them in.")


class VolunteerRegistered(_VolunteerProfile):
    """A coordinator registered a volunteer (Integrationslotse or Pate)."""

    EVENT = "volunteer_registered"
    model_config = examples(
        {
            **envelope("matching", "volunteer_registered", occurred_at="2026-10-12T17:03:00Z"),
            "volunteer_id": JUTTA,
            "aggregate_version": 1,
            "contact": _JUTTA_CONTACT,
            "preferred_language": "deu",
        }
    )


class VolunteerUpdated(_VolunteerProfile):
    """A volunteer's contact details or language changed; carries all of them."""

    EVENT = "volunteer_updated"
    model_config = examples(
        {
            **envelope("matching", "volunteer_updated", occurred_at="2026-11-08T08:12:45Z"),
            "volunteer_id": JUTTA,
            "aggregate_version": 2,
            "contact": {**_JUTTA_CONTACT, "channels": ["inbox", "email"]},
            "preferred_language": "deu",
        }
    )


class VolunteerDeactivated(Event):
    """A volunteer stopped volunteering; they get no further proposals or messages."""

    PRODUCER = "matching"
    EVENT = "volunteer_deactivated"
    model_config = examples(
        {
            **envelope("matching", "volunteer_deactivated", occurred_at="2027-03-01T12:00:00Z"),
            "volunteer_id": JUTTA,
            "aggregate_version": 5,
        }
    )

    volunteer_id: UUID = Field(description=_VOLUNTEER_ID)
    aggregate_version: AggregateVersion = Field(description=_VOLUNTEER_VERSION)


class _MatchEvent(Event):
    """A step in the life of one match between a person and a volunteer."""

    PRODUCER = "matching"

    match_id: UUID = Field(description="Id of the match.")
    aggregate_version: AggregateVersion = Field(
        description="Version of the match after this step; ignore anything not newer."
    )
    person_id: UUID = Field(description="Id of the person.")
    volunteer_id: UUID = Field(description=_VOLUNTEER_ID)


def _match_example(
    event: str, occurred_at: str, aggregate_version: int, version: str = "1.0", **fields: Any
) -> dict[str, Any]:
    return {
        **envelope("matching", event, occurred_at=occurred_at, version=version),
        "match_id": MATCH,
        "aggregate_version": aggregate_version,
        "person_id": AMINA,
        "volunteer_id": JUTTA,
        **fields,
    }


class MatchProposed(_MatchEvent):
    """The district-wide assignment proposed a volunteer for a person's mentoring need."""

    EVENT = "match_proposed"
    MINOR = 1
    model_config = examples(
        _match_example(
            "match_proposed",
            "2026-11-03T06:00:12Z",
            1,
            version="1.1",
            need_id=MENTORING_NEED,
            topics=["authorities", "housing"],
            respond_by="2026-11-10T23:59:59+01:00",
            score=0.82,
            reasons=[
                {"component": "language", "points": 0.4, "languages": ["prs"]},
                {"component": "topics", "points": 0.2, "topics": ["authorities", "housing"]},
                {"component": "distance", "points": 0.12, "distance_km": 4.2},
            ],
            municipality=HEPPENHEIM,
            answer_url="https://wir.example.org/matching/answers/eyJhbGciOi.example.signature",
        )
    )

    need_id: UUID = Field(description="The mentoring need the match serves.")
    topics: Annotated[tuple[MentoringTopic, ...], DISTINCT] = Field(
        description="Topics the person needs help with."
    )
    respond_by: AwareDatetime | None = Field(
        default=None, description="Until when the volunteer is asked to answer."
    )
    score: float | None = Field(default=None, ge=0, description="The proposal's total score (since 1.1).")
    reasons: tuple[MatchReason, ...] = Field(
        default=(), description="The score's components, largest first (since 1.1)."
    )
    municipality: MunicipalityKey | None = Field(
        default=None, description="Where the person lives, so the volunteer can judge the way (since 1.1)."
    )
    answer_url: AnswerUrl | None = Field(
        default=None,
        description=(
            "Signed link where the volunteer accepts or declines without an account (since 1.1); "
            "for the volunteer's message only."
        ),
    )


class MatchAccepted(_MatchEvent):
    """The volunteer accepted the proposal: the mentorship starts."""

    EVENT = "match_accepted"
    MINOR = 1
    model_config = examples(
        _match_example(
            "match_accepted",
            "2026-11-04T19:21:40Z",
            2,
            version="1.1",
            mentor_contact={"display_name": "Jutta", "mobile": "+4915100000002", "channels": ["sms"]},
        )
    )

    mentor_contact: Contact | None = Field(
        default=None,
        description=(
            "How the person can reach the mentor, as much as the mentor chose to share (since 1.1); "
            "for the person's message only."
        ),
    )


class MatchDeclined(_MatchEvent):
    """The volunteer declined the proposal; the need stays open for the next assignment."""

    EVENT = "match_declined"
    model_config = examples(_match_example("match_declined", "2026-11-04T19:21:40Z", 2, reason="no_capacity"))

    reason: DeclineReason = Field(description="Why the volunteer declined.")


class MentorshipEnded(_MatchEvent):
    """An accepted mentorship ended."""

    EVENT = "mentorship_ended"
    model_config = examples(
        _match_example(
            "mentorship_ended",
            "2027-05-28T10:00:00Z",
            3,
            reason="completed",
            ended_on="2027-05-28",
            causation_id=caused_by("matching", "match_accepted"),
        )
    )

    reason: EndReason = Field(description="Why it ended.")
    ended_on: date = Field(description="Last day of the mentorship.")


class MatchExpired(_MatchEvent):
    """The volunteer did not answer by `respond_by`; the need goes to the next best volunteer."""

    EVENT = "match_expired"
    model_config = examples(_match_example("match_expired", "2026-11-10T23:00:05Z", 2))


class MatchWithdrawn(_MatchEvent):
    """A proposal or a running mentorship was withdrawn before its natural end."""

    EVENT = "match_withdrawn"
    model_config = examples(
        _match_example("match_withdrawn", "2026-11-05T08:00:00Z", 2, reason="consent_withdrawn")
    )

    reason: WithdrawReason = Field(description="Why it was withdrawn.")


class VolunteerComplianceExpiring(Event):
    """A volunteer's compliance document expires soon; they stay matchable until it does."""

    PRODUCER = "matching"
    EVENT = "volunteer_compliance_expiring"
    model_config = examples(
        {
            **envelope("matching", "volunteer_compliance_expiring", occurred_at="2027-02-01T06:00:00Z"),
            "volunteer_id": JUTTA,
            "document": "criminal_record_certificate",
            "expires_on": "2027-03-01",
        }
    )

    volunteer_id: UUID = Field(description=_VOLUNTEER_ID)
    document: ComplianceDocument = Field(description="The document that expires.")
    expires_on: date = Field(description="Last day the document is valid.")


class VolunteerSuspended(Event):
    """A volunteer's compliance document expired: no proposals until a valid one is recorded."""

    PRODUCER = "matching"
    EVENT = "volunteer_suspended"
    model_config = examples(
        {
            **envelope("matching", "volunteer_suspended", occurred_at="2027-03-02T06:00:00Z"),
            "volunteer_id": JUTTA,
            "aggregate_version": 4,
            "document": "criminal_record_certificate",
            "expired_on": "2027-03-01",
        }
    )

    volunteer_id: UUID = Field(description=_VOLUNTEER_ID)
    aggregate_version: AggregateVersion = Field(description=_VOLUNTEER_VERSION)
    document: ComplianceDocument = Field(description="The document that expired.")
    expired_on: date = Field(description="Last day it was valid.")


class PersonWaitingForMentor(Event):
    """A person's mentoring need has waited longer than the district allows; for coordinators."""

    PRODUCER = "matching"
    EVENT = "person_waiting_for_mentor"
    model_config = examples(
        {
            **envelope("matching", "person_waiting_for_mentor", occurred_at="2026-12-02T06:00:00Z"),
            "person_id": AMINA,
            "need_id": MENTORING_NEED,
            "waiting_since": "2026-11-02",
            "waiting_days": 30,
            "reason": "no_shared_language",
        }
    )

    person_id: UUID = Field(description="Id of the person.")
    need_id: UUID = Field(description="The mentoring need that waits.")
    waiting_since: date = Field(description="Day the need was first recorded.")
    waiting_days: int = Field(ge=0, description="Days waited so far.")
    reason: WaitingReason = Field(description="Why no proposal was made in the last run.")
