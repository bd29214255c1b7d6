"""Content policy: which messages are sensitive, so that their SMS carries no detail.

An SMS lands on a lock screen and in a shared phone's history. A sensitive message's SMS only
says that there is a new message and how to read it in the inbox; the e-mail and the inbox
carry the details.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from wir_contracts.interpreting.v1 import Venue
from wir_contracts.needs import MentoringTopic
from wir_notifications.domain.errors import UnknownTemplate


class Sensitivity(Enum):
    ALWAYS = "always"
    NEVER = "never"
    BY_VENUE = "by_venue"  # an appointment: sensitive unless the venue is an everyday one
    BY_TOPICS = "by_topics"  # a mentoring match: sensitive when a topic is


#: Every template and its rule; a template missing here is refused by the tests.
SENSITIVITY: Mapping[str, Sensitivity] = {
    "welcome": Sensitivity.NEVER,
    "match_proposed": Sensitivity.BY_TOPICS,
    "match_accepted": Sensitivity.NEVER,
    "interpreter_assigned": Sensitivity.BY_VENUE,
    "appointment_reminder": Sensitivity.BY_VENUE,
    # A person's own appointment and any change to an appointment: that it exists, moved or
    # fell through is nobody's business on a lock screen, whatever the place.
    "appointment_confirmed": Sensitivity.ALWAYS,
    "appointment_cancelled": Sensitivity.ALWAYS,
    "person_appointment_reminder": Sensitivity.ALWAYS,
    "person_appointment_rescheduled": Sensitivity.ALWAYS,
    "interpreter_rescheduled": Sensitivity.ALWAYS,
    "interpreter_compliance_expiring": Sensitivity.ALWAYS,
    # Who sees a person's Kompetenznachweis is theirs to know, not their phone's.
    "competence_shared": Sensitivity.ALWAYS,
    # The employer of a share is staff too (e-mail only): the link is theirs alone.
    "employer_competence_shared": Sensitivity.ALWAYS,
    # A mentorship's end or withdrawal and its reason concern the person's and the volunteer's
    # relationship; a lapsed compliance document is the volunteer's own business.
    "match_withdrawn": Sensitivity.ALWAYS,
    "mentorship_ended": Sensitivity.ALWAYS,
    "compliance_expiring": Sensitivity.ALWAYS,
    "volunteer_suspended": Sensitivity.ALWAYS,
    # Coordinators are written to by e-mail only; a rule is needed all the same.
    "staff_match_declined": Sensitivity.ALWAYS,
    "staff_match_expired": Sensitivity.ALWAYS,
    "staff_person_waiting": Sensitivity.ALWAYS,
    "staff_interpreting_unfilled": Sensitivity.ALWAYS,
    # Requesters (who asked for an interpreter) are staff too: e-mail only.
    "requester_appointment_confirmed": Sensitivity.ALWAYS,
    "requester_appointment_reminder": Sensitivity.ALWAYS,
    "requester_appointment_rescheduled": Sensitivity.ALWAYS,
    "requester_appointment_cancelled": Sensitivity.ALWAYS,
    "requester_interpreter_withdrew": Sensitivity.ALWAYS,
    "requester_interpreting_unfilled": Sensitivity.ALWAYS,
}

#: Venues whose mere mention reveals nothing delicate. Anything else (Ausländerbehörde, doctor,
#: hospital, counselling, welfare and youth offices, unnamed places) is sensitive.
EVERYDAY_VENUES = frozenset({Venue.JOBCENTER, Venue.SCHOOL, Venue.DAYCARE})

SENSITIVE_TOPICS = frozenset({MentoringTopic.HEALTH, MentoringTopic.FAMILY})


def is_sensitive(template: str, facts: Mapping[str, Any]) -> bool:
    """Whether the message's SMS must leave out every detail."""
    rule = SENSITIVITY.get(template)
    if rule is None:
        raise UnknownTemplate(template)
    if rule is Sensitivity.BY_VENUE:
        return facts["appointment"]["venue"] not in EVERYDAY_VENUES
    if rule is Sensitivity.BY_TOPICS:
        return not SENSITIVE_TOPICS.isdisjoint(facts["topics"])
    return rule is Sensitivity.ALWAYS
