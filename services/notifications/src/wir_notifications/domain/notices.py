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
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentConfirmed,
    AppointmentDetails,
    AppointmentReminderDue,
    InterpreterAssigned,
)
from wir_contracts.matching.v1 import MatchAccepted, MatchProposed
from wir_contracts.notifications.v1 import RecipientKind
from wir_notifications.domain.policy import is_sensitive

#: Messages that exist only to make contact: written only to people who agreed to be contacted.
UNSOLICITED = frozenset({"welcome"})

PERSON = RecipientKind.PERSON
VOLUNTEER = RecipientKind.VOLUNTEER
INTERPRETER = RecipientKind.INTERPRETER


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
    facts = {"topics": [topic.value for topic in event.topics], "respond_by": respond_by}
    return [Notice("match_proposed", VOLUNTEER, event.volunteer_id, facts)]


def match_accepted(event: MatchAccepted) -> list[Notice]:
    return [Notice("match_accepted", PERSON, event.person_id)]


def interpreter_assigned(event: InterpreterAssigned) -> list[Notice]:
    facts = {"appointment": appointment_facts(event.appointment)}
    return [Notice("interpreter_assigned", INTERPRETER, event.interpreter_id, facts)]


def appointment_reminder(event: AppointmentReminderDue) -> list[Notice]:
    facts = {"appointment": appointment_facts(event.appointment)}
    return [Notice("appointment_reminder", INTERPRETER, event.interpreter_id, facts)]


def appointment_confirmed(event: AppointmentConfirmed) -> list[Notice]:
    return [Notice("appointment_confirmed", PERSON, event.person_id)]


def appointment_cancelled(event: AppointmentCancelled) -> list[Notice]:
    facts = {"reason": event.reason.value}
    notices = [Notice("appointment_cancelled", PERSON, event.person_id, facts)]
    if event.interpreter_id is not None:
        notices.append(Notice("appointment_cancelled", INTERPRETER, event.interpreter_id, facts))
    return notices


def competence_shared(event: CompetenceRecordShared) -> list[Notice]:
    facts = {"organisation": event.recipient_organisation, "expires_at": event.expires_at.isoformat()}
    return [Notice("competence_shared", PERSON, event.person_id, facts)]


def appointment_facts(details: AppointmentDetails) -> dict[str, Any]:
    return {
        "language": details.language,
        "mode": details.mode.value,
        "venue": details.venue.value,
        "starts_at": details.starts_at.isoformat(),
        "ends_at": details.ends_at.isoformat(),
        "address": details.address,
    }
