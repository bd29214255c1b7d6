"""Matching's volunteers and matches: volunteers are recipients; a proposal asks the volunteer,
an acceptance tells the person (with how to reach the mentor), a withdrawal tells the volunteer
and, if the mentorship was running, the person; compliance reminders and suspensions go to the
volunteer; a declined or expired proposal and a person waiting too long go to the district's
coordinators. A step older than one seen of the same match is dropped."""

from __future__ import annotations

from typing import Any

from wir_contracts.matching.v1 import (
    MatchAccepted,
    MatchDeclined,
    MatchExpired,
    MatchProposed,
    MatchWithdrawn,
    MentorshipEnded,
    PersonWaitingForMentor,
    VolunteerComplianceExpiring,
    VolunteerDeactivated,
    VolunteerRegistered,
    VolunteerSuspended,
    VolunteerUpdated,
)
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Subscription, Tx, get_logger
from wir_notifications.commands import notifications, recipients, staff
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.db import aggregate_versions
from wir_notifications.domain import notices
from wir_notifications.domain.notices import Aggregate, Notice

log = get_logger(__name__)
VOLUNTEER = RecipientKind.VOLUNTEER
MatchStep = MatchProposed | MatchAccepted | MatchDeclined | MentorshipEnded | MatchExpired | MatchWithdrawn
#: Marks a match whose acceptance the person was told of: a later withdrawal is news to them.
MENTORSHIP = "mentorship"


def _match(event: MatchStep) -> Aggregate:
    return Aggregate("match", event.match_id, event.aggregate_version)


async def on_volunteer_deactivated(event: VolunteerDeactivated, tx: Tx) -> None:
    """A volunteer who left gets no further messages."""
    await recipients.deactivate_helper(tx, VOLUNTEER, event.volunteer_id, event.aggregate_version)


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """What volunteers, people and coordinators are told needs the renderer and settings."""
    return [*_volunteers(collaborators), *_matches(collaborators), *_coordinators(collaborators)]


def _volunteers(collaborators: Collaborators) -> list[Subscription[Any]]:
    async def on_volunteer_profile(event: VolunteerRegistered | VolunteerUpdated, tx: Tx) -> None:
        """Keep how to reach a volunteer; write what waited for them."""
        helper = recipients.helper(VOLUNTEER, event.volunteer_id, event)
        await recipients.keep_helper(tx, collaborators, helper, event.aggregate_version)

    async def on_compliance_expiring(event: VolunteerComplianceExpiring, tx: Tx) -> None:
        """Remind the volunteer to renew a document in time; once per reminder event."""
        await notifications.notify(tx, collaborators, event, notices.compliance_expiring(event))

    async def on_volunteer_suspended(event: VolunteerSuspended, tx: Tx) -> None:
        """Tell the volunteer why they get no proposals until a valid document is recorded."""
        step = Aggregate("volunteer_suspension", event.volunteer_id, event.aggregate_version)
        told = notices.volunteer_suspended(event)
        if not await notifications.notify_unless_stale(tx, collaborators, event, step, told):
            log.info("stale step ignored", event_type=event.event_type)

    return [
        Subscription("volunteer_registered", VolunteerRegistered, on_volunteer_profile),
        Subscription("volunteer_updated", VolunteerUpdated, on_volunteer_profile),
        Subscription("volunteer_deactivated", VolunteerDeactivated, on_volunteer_deactivated),
        Subscription("volunteer_compliance_expiring", VolunteerComplianceExpiring, on_compliance_expiring),
        Subscription("volunteer_suspended", VolunteerSuspended, on_volunteer_suspended),
    ]


async def _tell(tx: Tx, collaborators: Collaborators, event: MatchStep, told: list[Notice]) -> bool:
    if not await notifications.notify_unless_stale(tx, collaborators, event, _match(event), told):
        log.info("stale step ignored", event_type=event.event_type)
        return False
    return True


def _matches(collaborators: Collaborators) -> list[Subscription[Any]]:
    async def on_match_proposed(event: MatchProposed, tx: Tx) -> None:
        """Ask the proposed volunteer, with the reasons and the link to answer."""
        await _tell(tx, collaborators, event, notices.match_proposed(event))

    async def on_match_accepted(event: MatchAccepted, tx: Tx) -> None:
        """Tell the person they have a mentor and how to reach them."""
        if await _tell(tx, collaborators, event, notices.match_accepted(event)):
            await aggregate_versions.advance(tx, MENTORSHIP, event.match_id, event.aggregate_version)

    async def on_match_withdrawn(event: MatchWithdrawn, tx: Tx) -> None:
        """Tell the volunteer; the person only of a mentorship they were told had started."""
        running = await aggregate_versions.seen(tx, MENTORSHIP, event.match_id)
        await _tell(tx, collaborators, event, notices.match_withdrawn(event, running=running))

    async def on_mentorship_ended(event: MentorshipEnded, tx: Tx) -> None:
        """Tell the person of an ending they may not know of (by the volunteer or a coordinator)."""
        await _tell(tx, collaborators, event, notices.mentorship_ended(event))

    return [
        Subscription("match_proposed", MatchProposed, on_match_proposed),
        Subscription("match_accepted", MatchAccepted, on_match_accepted),
        Subscription("match_withdrawn", MatchWithdrawn, on_match_withdrawn),
        Subscription("mentorship_ended", MentorshipEnded, on_mentorship_ended),
    ]


def _coordinators(collaborators: Collaborators) -> list[Subscription[Any]]:
    async def on_match_closed(event: MatchDeclined | MatchExpired, tx: Tx) -> None:
        """Tell the coordinators, unless a later step of the match was seen already."""
        if await _tell(tx, collaborators, event, []):
            template, facts = notices.staff_facts(event)
            await staff.tell_coordinators(tx, collaborators, event, template, facts)

    async def on_person_waiting(event: PersonWaitingForMentor, tx: Tx) -> None:
        """Tell the coordinators who has waited too long, and why (ids and reason only)."""
        template, facts = notices.staff_facts(event)
        await staff.tell_coordinators(tx, collaborators, event, template, facts)

    return [
        Subscription("match_declined", MatchDeclined, on_match_closed),
        Subscription("match_expired", MatchExpired, on_match_closed),
        Subscription("person_waiting_for_mentor", PersonWaitingForMentor, on_person_waiting),
    ]
