"""Which events tell whom what: one notice per recipient, with the facts its template shows.

Facts are JSON values (times as ISO strings), so a notice can wait for an unknown recipient
in the database and be rendered later exactly as it would have been at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_contracts.intake.v1 import PersonRegistered
from wir_contracts.matching.v1 import (
    EndReason,
    MatchAccepted,
    MatchDeclined,
    MatchExpired,
    MatchProposed,
    MatchReason,
    MatchWithdrawn,
    MentorshipEnded,
    PersonWaitingForMentor,
    VolunteerComplianceExpiring,
    VolunteerSuspended,
    WithdrawReason,
)
from wir_contracts.notifications.v1 import RecipientKind
from wir_notifications.domain.policy import is_sensitive

#: Messages that exist only to make contact: written only to people who agreed to be contacted.
UNSOLICITED = frozenset({"welcome"})

PERSON = RecipientKind.PERSON
VOLUNTEER = RecipientKind.VOLUNTEER
INTERPRETER = RecipientKind.INTERPRETER
STAFF = RecipientKind.STAFF

#: What the person is told when a running mentorship is withdrawn: in their terms, and never
#: why a mentor became unavailable (a lapsed Führungszeugnis is the volunteer's business).
#: An erased person is told nothing (and is no recipient any more).
PERSON_SIDE_OF_WITHDRAWAL = {
    WithdrawReason.BY_COORDINATOR: "ended_by_coordinator",
    WithdrawReason.CONSENT_WITHDRAWN: "consent_withdrawn",
    WithdrawReason.NEED_CLOSED: "need_closed",
    WithdrawReason.VOLUNTEER_SUSPENDED: "mentor_unavailable",
    WithdrawReason.VOLUNTEER_DEACTIVATED: "mentor_unavailable",
}
#: Endings the person may not know of; one they ended themselves or that ran its course they do.
ENDINGS_TOLD_TO_PERSON = frozenset({EndReason.ENDED_BY_VOLUNTEER, EndReason.ENDED_BY_COORDINATOR})


@dataclass(frozen=True)
class Notice:
    template: str
    recipient_kind: RecipientKind
    recipient_id: UUID
    facts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sensitive(self) -> bool:
        return is_sensitive(self.template, self.facts)


@dataclass(frozen=True)
class Aggregate:
    """The aggregate an event is a step of, so that a step older than one seen is dropped."""

    kind: str
    aggregate_id: UUID
    version: int


def welcome(event: PersonRegistered) -> Notice:
    return Notice("welcome", PERSON, event.person_id)


def match_proposed(event: MatchProposed) -> list[Notice]:
    respond_by = event.respond_by.isoformat() if event.respond_by else None
    facts = {
        "topics": [topic.value for topic in event.topics],
        "respond_by": respond_by,
        "reasons": [reason_facts(reason) for reason in event.reasons],
        "answer_url": event.answer_url,
    }
    return [Notice("match_proposed", VOLUNTEER, event.volunteer_id, facts)]


def reason_facts(reason: MatchReason) -> dict[str, Any]:
    """What a volunteer is shown of one score component: what earned it, not its points."""
    return {
        "component": reason.component.value,
        "languages": list(reason.languages),
        "distance_km": reason.distance_km,
        "topics": [topic.value for topic in reason.topics],
        "hours_per_week": reason.hours_per_week,
        "waiting_days": reason.waiting_days,
    }


def match_accepted(event: MatchAccepted) -> list[Notice]:
    contact = event.mentor_contact
    mentor = None
    if contact is not None:
        mentor = {"name": contact.display_name, "phone": contact.mobile, "email": contact.email}
    return [Notice("match_accepted", PERSON, event.person_id, {"mentor": mentor})]


def match_withdrawn(event: MatchWithdrawn, *, running: bool) -> list[Notice]:
    """The volunteer always; the person only if they were told of the mentorship (`running`)."""
    facts = {"reason": event.reason.value, "running": running}
    told = [Notice("match_withdrawn", VOLUNTEER, event.volunteer_id, facts)]
    person_side = PERSON_SIDE_OF_WITHDRAWAL.get(event.reason)
    if running and person_side is not None:
        told.append(Notice("mentorship_ended", PERSON, event.person_id, {"reason": person_side}))
    return told


def mentorship_ended(event: MentorshipEnded) -> list[Notice]:
    if event.reason not in ENDINGS_TOLD_TO_PERSON:
        return []
    return [Notice("mentorship_ended", PERSON, event.person_id, {"reason": event.reason.value})]


def compliance_expiring(event: VolunteerComplianceExpiring) -> list[Notice]:
    facts = {"document": event.document.value, "expires_on": event.expires_on.isoformat()}
    return [Notice("compliance_expiring", VOLUNTEER, event.volunteer_id, facts)]


def volunteer_suspended(event: VolunteerSuspended) -> list[Notice]:
    facts = {"document": event.document.value, "expired_on": event.expired_on.isoformat()}
    return [Notice("volunteer_suspended", VOLUNTEER, event.volunteer_id, facts)]


def staff_facts(event: MatchDeclined | MatchExpired | PersonWaitingForMentor) -> tuple[str, dict[str, Any]]:
    """The coordinators' template and facts: ids and the reason only, never more of the person
    (a coordinator looks them up in the app)."""
    if isinstance(event, MatchDeclined):
        facts = {"match_id": str(event.match_id), "person_id": str(event.person_id)}
        return "staff_match_declined", {**facts, "reason": event.reason.value}
    if isinstance(event, MatchExpired):
        return "staff_match_expired", {"match_id": str(event.match_id), "person_id": str(event.person_id)}
    facts = {"person_id": str(event.person_id), "need_id": str(event.need_id)}
    return "staff_person_waiting", {**facts, "reason": event.reason.value}


def for_staff(template: str, staff_ids: list[UUID], facts: Mapping[str, Any]) -> list[Notice]:
    return [Notice(template, STAFF, staff_id, facts) for staff_id in staff_ids]


def competence_shared(event: CompetenceRecordShared) -> list[Notice]:
    facts = {"organisation": event.recipient_organisation, "expires_at": event.expires_at.isoformat()}
    return [Notice("competence_shared", PERSON, event.person_id, facts)]


def employer_share(event: CompetenceRecordShared, employer_id: UUID, share_url: str) -> Notice:
    """The employer's message: the link to what the person shared, and until when it opens."""
    facts = {
        "organisation": event.recipient_organisation,
        "expires_at": event.expires_at.isoformat(),
        "share_url": share_url,
    }
    return Notice("employer_competence_shared", STAFF, employer_id, facts)
