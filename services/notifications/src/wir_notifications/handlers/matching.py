"""Matching's volunteers and matches: volunteers are recipients; a proposal asks the volunteer,
an acceptance tells the person; a step older than one seen of the same match is dropped."""

from __future__ import annotations

from typing import Any

from wir_contracts.matching.v1 import (
    MatchAccepted,
    MatchDeclined,
    MatchProposed,
    MentorshipEnded,
    VolunteerDeactivated,
    VolunteerRegistered,
    VolunteerUpdated,
)
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Subscription, Tx
from wir_notifications.commands import notifications, recipients
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.domain import notices
from wir_notifications.domain.notices import Aggregate

VOLUNTEER = RecipientKind.VOLUNTEER
MatchStep = MatchProposed | MatchAccepted | MatchDeclined | MentorshipEnded


def _match(event: MatchStep) -> Aggregate:
    return Aggregate("match", event.match_id, event.aggregate_version)


async def on_volunteer_deactivated(event: VolunteerDeactivated, tx: Tx) -> None:
    """A volunteer who left gets no further messages."""
    await recipients.deactivate_helper(tx, VOLUNTEER, event.volunteer_id, event.aggregate_version)


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """What volunteers and people are told needs the renderer and settings."""

    async def on_volunteer_profile(event: VolunteerRegistered | VolunteerUpdated, tx: Tx) -> None:
        """Keep how to reach a volunteer; write what waited for them."""
        helper = recipients.helper(VOLUNTEER, event.volunteer_id, event)
        await recipients.keep_helper(tx, collaborators, helper, event.aggregate_version)

    async def on_match_proposed(event: MatchProposed, tx: Tx) -> None:
        """Ask the proposed volunteer."""
        told = notices.match_proposed(event)
        await notifications.notify_unless_stale(tx, collaborators, event, _match(event), told)

    async def on_match_accepted(event: MatchAccepted, tx: Tx) -> None:
        """Tell the person they have a mentor."""
        told = notices.match_accepted(event)
        await notifications.notify_unless_stale(tx, collaborators, event, _match(event), told)

    async def on_match_step(event: MatchDeclined | MentorshipEnded, tx: Tx) -> None:
        """A step nobody is told of, kept so that an older proposal arriving later is not announced."""
        await notifications.notify_unless_stale(tx, collaborators, event, _match(event), [])

    return [
        Subscription("volunteer_registered", VolunteerRegistered, on_volunteer_profile),
        Subscription("volunteer_updated", VolunteerUpdated, on_volunteer_profile),
        Subscription("volunteer_deactivated", VolunteerDeactivated, on_volunteer_deactivated),
        Subscription("match_proposed", MatchProposed, on_match_proposed),
        Subscription("match_accepted", MatchAccepted, on_match_accepted),
        Subscription("match_declined", MatchDeclined, on_match_step),
        Subscription("mentorship_ended", MentorshipEnded, on_match_step),
    ]
