"""Events matching publishes, version 1: volunteers (pilots, mentors) and their matches."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final
from uuid import UUID

from pydantic import AwareDatetime, Field

from wir_contracts._internal.distinct import DISTINCT
from wir_contracts._internal.examples import (
    AMINA,
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
from wir_contracts.needs import MentoringTopic
from wir_contracts.ordering import AggregateVersion

__all__ = [
    "MATCH_ACCEPTED",
    "MATCH_DECLINED",
    "MATCH_PROPOSED",
    "MENTORSHIP_ENDED",
    "VOLUNTEER_DEACTIVATED",
    "VOLUNTEER_REGISTERED",
    "VOLUNTEER_UPDATED",
    "DeclineReason",
    "EndReason",
    "MatchAccepted",
    "MatchDeclined",
    "MatchProposed",
    "MentorshipEnded",
    "VolunteerDeactivated",
    "VolunteerRegistered",
    "VolunteerUpdated",
]

VOLUNTEER_REGISTERED: Final = "matching.volunteer_registered.v1"
VOLUNTEER_UPDATED: Final = "matching.volunteer_updated.v1"
VOLUNTEER_DEACTIVATED: Final = "matching.volunteer_deactivated.v1"
MATCH_PROPOSED: Final = "matching.match_proposed.v1"
MATCH_ACCEPTED: Final = "matching.match_accepted.v1"
MATCH_DECLINED: Final = "matching.match_declined.v1"
MENTORSHIP_ENDED: Final = "matching.mentorship_ended.v1"

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


def _match_example(event: str, occurred_at: str, version: int, **fields: Any) -> dict[str, Any]:
    return {
        **envelope("matching", event, occurred_at=occurred_at),
        "match_id": MATCH,
        "aggregate_version": version,
        "person_id": AMINA,
        "volunteer_id": JUTTA,
        **fields,
    }


class MatchProposed(_MatchEvent):
    """The district-wide assignment proposed a volunteer for a person's mentoring need."""

    EVENT = "match_proposed"
    model_config = examples(
        _match_example(
            "match_proposed",
            "2026-11-03T06:00:12Z",
            1,
            need_id=MENTORING_NEED,
            topics=["authorities", "housing"],
            respond_by="2026-11-10T23:59:59+01:00",
        )
    )

    need_id: UUID = Field(description="The mentoring need the match serves.")
    topics: Annotated[tuple[MentoringTopic, ...], DISTINCT] = Field(
        description="Topics the person needs help with."
    )
    respond_by: AwareDatetime | None = Field(
        default=None, description="Until when the volunteer is asked to answer."
    )


class MatchAccepted(_MatchEvent):
    """The volunteer accepted the proposal: the mentorship starts."""

    EVENT = "match_accepted"
    model_config = examples(_match_example("match_accepted", "2026-11-04T19:21:40Z", 2))


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
