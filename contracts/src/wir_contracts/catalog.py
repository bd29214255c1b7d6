"""Every event of the current contracts, and which services consume each (DESIGN §5)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType, ModuleType

from wir_contracts.common import v1 as common
from wir_contracts.competence import v1 as competence
from wir_contracts.envelope import Event
from wir_contracts.intake import v1 as intake
from wir_contracts.interpreting import v1 as interpreting
from wir_contracts.matching import v1 as matching
from wir_contracts.notifications import v1 as notifications
from wir_contracts.services import Service

__all__ = ["ALL_EVENTS", "CONSUMERS", "consumed_by"]

_ALL = frozenset(Service)
_PROFILE_READERS = frozenset(
    {Service.COMPETENCE, Service.MATCHING, Service.INTERPRETING, Service.NOTIFICATIONS}
)
_NOTIFICATIONS = frozenset({Service.NOTIFICATIONS})
_TIMELINE_AND_NOTIFICATIONS = frozenset({Service.NOTIFICATIONS, Service.INTAKE})

CONSUMERS: Mapping[type[Event], frozenset[str]] = MappingProxyType(
    {
        intake.PersonRegistered: _PROFILE_READERS,
        intake.PersonUpdated: _PROFILE_READERS,
        intake.ConsentChanged: _PROFILE_READERS,
        intake.PersonContactChanged: _NOTIFICATIONS,
        # Only the Kompetenznachweis names its holder.
        intake.PersonIdentified: frozenset({Service.COMPETENCE}),
        intake.NeedsRecorded: frozenset({Service.MATCHING, Service.INTERPRETING}),
        # Intake erases its own data through the same flow, so every service confirms alike.
        intake.PersonErasureRequested: _ALL,
        common.ErasureCompleted: frozenset({Service.INTAKE}),
        competence.CompetenceRecordUpdated: frozenset({Service.MATCHING}),
        competence.CourseCompleted: frozenset({Service.INTAKE, Service.MATCHING}),
        competence.LanguageLevelCertified: frozenset({Service.INTAKE, Service.MATCHING}),
        competence.CompetenceRecordShared: _NOTIFICATIONS,
        matching.VolunteerRegistered: _NOTIFICATIONS,
        matching.VolunteerUpdated: _NOTIFICATIONS,
        matching.VolunteerDeactivated: _NOTIFICATIONS,
        matching.MatchProposed: _TIMELINE_AND_NOTIFICATIONS,
        matching.MatchAccepted: _TIMELINE_AND_NOTIFICATIONS,
        matching.MatchDeclined: _TIMELINE_AND_NOTIFICATIONS,
        matching.MentorshipEnded: _TIMELINE_AND_NOTIFICATIONS,
        matching.MatchExpired: _TIMELINE_AND_NOTIFICATIONS,
        matching.MatchWithdrawn: _TIMELINE_AND_NOTIFICATIONS,
        matching.VolunteerComplianceExpiring: _NOTIFICATIONS,
        matching.VolunteerSuspended: _NOTIFICATIONS,
        matching.PersonWaitingForMentor: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.InterpreterRegistered: _NOTIFICATIONS,
        interpreting.InterpreterUpdated: _NOTIFICATIONS,
        interpreting.InterpreterDeactivated: _NOTIFICATIONS,
        interpreting.InterpretingRequested: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.InterpreterAssigned: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.AppointmentConfirmed: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.InterpreterDeclined: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.AppointmentCancelled: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.AppointmentReminderDue: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.AppointmentCompleted: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.InterpretingUnfilled: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.AppointmentRescheduled: _TIMELINE_AND_NOTIFICATIONS,
        interpreting.InterpreterComplianceExpiring: _NOTIFICATIONS,
        notifications.NotificationSent: frozenset({Service.INTAKE}),
        notifications.NotificationFailed: frozenset({Service.INTAKE}),
        notifications.DeliveryDue: _NOTIFICATIONS,
    }
)


def _events_of(*modules: ModuleType) -> tuple[type[Event], ...]:
    exported = (getattr(module, name) for module in modules for name in module.__all__)
    return tuple(item for item in exported if isinstance(item, type) and issubclass(item, Event))


# Found in the producer modules, not listed by hand, so an event left out of CONSUMERS shows.
ALL_EVENTS: tuple[type[Event], ...] = _events_of(
    intake, common, competence, matching, interpreting, notifications
)


def consumed_by(service: str) -> tuple[type[Event], ...]:
    """The events a service subscribes to, in catalog order."""
    return tuple(event for event, consumers in CONSUMERS.items() if service in consumers)
