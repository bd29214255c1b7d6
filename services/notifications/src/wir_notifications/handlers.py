"""Event subscribers: keep the directory, turn events into notifications, release held ones.

Each runs in the kit's district transaction, which also claims the inbox: a redelivered event
changes nothing.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_contracts.intake.v1 import (
    ConsentChanged,
    PersonContactChanged,
    PersonErasureRequested,
    PersonRegistered,
    PersonUpdated,
)
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentConfirmed,
    AppointmentReminderDue,
    InterpreterAssigned,
    InterpreterDeactivated,
    InterpreterDeclined,
    InterpreterRegistered,
    InterpreterUpdated,
    InterpretingRequested,
    InterpretingUnfilled,
)
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
from wir_kit.db import Tx
from wir_kit.logging import get_logger
from wir_kit.subscriptions import Subscription
from wir_notifications import composing, delivering, directory
from wir_notifications.db import store
from wir_notifications.delivery_due import DeliveryDue
from wir_notifications.domain import notices
from wir_notifications.domain.recipients import Recipient
from wir_notifications.wiring import Wiring

log = get_logger(__name__)
PERSON, VOLUNTEER, INTERPRETER = RecipientKind.PERSON, RecipientKind.VOLUNTEER, RecipientKind.INTERPRETER
AppointmentStep = (
    InterpretingRequested
    | InterpreterAssigned
    | AppointmentConfirmed
    | InterpreterDeclined
    | AppointmentCancelled
    | AppointmentReminderDue
    | AppointmentCompleted
    | InterpretingUnfilled
)


class Handlers:
    def __init__(self, wiring: Wiring) -> None:
        self.wiring = wiring

    # -- people (intake) ------------------------------------------------------------------

    async def person_registered(self, event: PersonRegistered, tx: Tx) -> None:
        """Keep the person's languages and consents, and welcome them."""
        await directory.person_profile(tx, event)
        await directory.person_consents(tx, event)
        await composing.notify(tx, self.wiring, event, [notices.welcome(event)])
        await composing.resume(tx, self.wiring, PERSON, event.person_id)

    async def person_updated(self, event: PersonUpdated, tx: Tx) -> None:
        """Keep the person's languages."""
        if await directory.person_profile(tx, event):
            await composing.resume(tx, self.wiring, PERSON, event.person_id)

    async def person_contact_changed(self, event: PersonContactChanged, tx: Tx) -> None:
        """Keep how to reach the person; write what waited for it."""
        if await directory.person_contact(tx, event):
            await composing.resume(tx, self.wiring, PERSON, event.person_id)

    async def consent_changed(self, event: ConsentChanged, tx: Tx) -> None:
        """Keep the person's consents; a withdrawn channel is refused from the next send on."""
        await directory.person_consents(tx, event)

    async def person_erasure_requested(self, event: PersonErasureRequested, tx: Tx) -> None:
        """Erase the person here and confirm it."""
        await directory.erase_person(tx, event)

    # -- volunteers and interpreters ------------------------------------------------------

    async def volunteer_profile(self, event: VolunteerRegistered | VolunteerUpdated, tx: Tx) -> None:
        """Keep how to reach a volunteer; write what waited for them."""
        await self._helper(
            tx, directory.helper(VOLUNTEER, event.volunteer_id, event), event.aggregate_version
        )

    async def interpreter_profile(self, event: InterpreterRegistered | InterpreterUpdated, tx: Tx) -> None:
        """Keep how to reach an interpreter; write what waited for them."""
        helper = directory.helper(INTERPRETER, event.interpreter_id, event)
        await self._helper(tx, helper, event.aggregate_version)

    async def volunteer_deactivated(self, event: VolunteerDeactivated, tx: Tx) -> None:
        """A volunteer who left gets no further messages."""
        await self._deactivate(tx, VOLUNTEER, event.volunteer_id, event.aggregate_version)

    async def interpreter_deactivated(self, event: InterpreterDeactivated, tx: Tx) -> None:
        """An interpreter who left the pool gets no further messages."""
        await self._deactivate(tx, INTERPRETER, event.interpreter_id, event.aggregate_version)

    async def _helper(self, tx: Tx, helper: Recipient, version: int) -> None:
        if await store.apply_helper_profile(tx, helper, version):
            await composing.resume(tx, self.wiring, helper.kind, helper.recipient_id)

    async def _deactivate(self, tx: Tx, kind: RecipientKind, helper_id: UUID, version: int) -> None:
        if await store.deactivate_helper(tx, kind, helper_id, version):
            for notification_id in await store.cancel_open(tx, kind, helper_id):
                await store.add_history(tx, notification_id, "cancelled", detail="deactivated")

    # -- what happened: matches, appointments, shares ---------------------------------------

    async def match_proposed(self, event: MatchProposed, tx: Tx) -> None:
        """Ask the proposed volunteer."""
        if await store.advance_aggregate(tx, "match", event.match_id, event.aggregate_version):
            await composing.notify(tx, self.wiring, event, notices.match_proposed(event))

    async def match_accepted(self, event: MatchAccepted, tx: Tx) -> None:
        """Tell the person they have a mentor."""
        if await store.advance_aggregate(tx, "match", event.match_id, event.aggregate_version):
            await composing.notify(tx, self.wiring, event, notices.match_accepted(event))

    async def interpreter_assigned(self, event: InterpreterAssigned, tx: Tx) -> None:
        """Ask the assigned interpreter to confirm."""
        await self._appointment(tx, event, notices.interpreter_assigned(event))

    async def appointment_confirmed(self, event: AppointmentConfirmed, tx: Tx) -> None:
        """Tell the person an interpreter will come."""
        await self._appointment(tx, event, notices.appointment_confirmed(event))

    async def appointment_cancelled(self, event: AppointmentCancelled, tx: Tx) -> None:
        """Tell the person and the interpreter, if one was assigned."""
        await self._appointment(tx, event, notices.appointment_cancelled(event))

    async def appointment_reminder_due(self, event: AppointmentReminderDue, tx: Tx) -> None:
        """Remind the interpreter, unless the appointment changed since the reminder was set."""
        await self._appointment(tx, event, notices.appointment_reminder(event))

    async def _appointment(self, tx: Tx, event: AppointmentStep, about: list[notices.Notice]) -> None:
        if await store.advance_aggregate(tx, "appointment", event.appointment_id, event.aggregate_version):
            await composing.notify(tx, self.wiring, event, about)
        else:
            log.info("stale step ignored", event_type=event.event_type)

    async def appointment_step(self, event: AppointmentStep, tx: Tx) -> None:
        """A step nobody is told of, kept so that an older step arriving later is not announced
        (an assignment redelivered after the interpreter declined, a reminder after completion)."""
        await self._appointment(tx, event, [])

    async def match_step(self, event: MatchDeclined | MentorshipEnded, tx: Tx) -> None:
        """A step nobody is told of, kept so that an older proposal arriving later is not announced."""
        await store.advance_aggregate(tx, "match", event.match_id, event.aggregate_version)

    async def competence_record_shared(self, event: CompetenceRecordShared, tx: Tx) -> None:
        """Tell the person whom their Kompetenznachweis was shared with."""
        await composing.notify(tx, self.wiring, event, notices.competence_shared(event))

    # -- the service's own schedule ---------------------------------------------------------

    async def delivery_due(self, event: DeliveryDue, tx: Tx) -> None:
        """A held delivery is due: quiet hours are over, or its back-off has passed."""
        await delivering.release(tx, event)


def subscriptions(wiring: Wiring) -> list[Subscription[Any]]:
    h = Handlers(wiring)
    return [
        Subscription("person_registered", PersonRegistered, h.person_registered),
        Subscription("person_updated", PersonUpdated, h.person_updated),
        Subscription("person_contact_changed", PersonContactChanged, h.person_contact_changed),
        Subscription("consent_changed", ConsentChanged, h.consent_changed),
        Subscription("person_erasure_requested", PersonErasureRequested, h.person_erasure_requested),
        Subscription("volunteer_registered", VolunteerRegistered, h.volunteer_profile),
        Subscription("volunteer_updated", VolunteerUpdated, h.volunteer_profile),
        Subscription("volunteer_deactivated", VolunteerDeactivated, h.volunteer_deactivated),
        Subscription("interpreter_registered", InterpreterRegistered, h.interpreter_profile),
        Subscription("interpreter_updated", InterpreterUpdated, h.interpreter_profile),
        Subscription("interpreter_deactivated", InterpreterDeactivated, h.interpreter_deactivated),
        Subscription("match_proposed", MatchProposed, h.match_proposed),
        Subscription("match_accepted", MatchAccepted, h.match_accepted),
        Subscription("match_declined", MatchDeclined, h.match_step),
        Subscription("mentorship_ended", MentorshipEnded, h.match_step),
        Subscription("interpreting_requested", InterpretingRequested, h.appointment_step),
        Subscription("interpreter_declined", InterpreterDeclined, h.appointment_step),
        Subscription("appointment_completed", AppointmentCompleted, h.appointment_step),
        Subscription("interpreting_unfilled", InterpretingUnfilled, h.appointment_step),
        Subscription("interpreter_assigned", InterpreterAssigned, h.interpreter_assigned),
        Subscription("appointment_confirmed", AppointmentConfirmed, h.appointment_confirmed),
        Subscription("appointment_cancelled", AppointmentCancelled, h.appointment_cancelled),
        Subscription("appointment_reminder_due", AppointmentReminderDue, h.appointment_reminder_due),
        Subscription("competence_record_shared", CompetenceRecordShared, h.competence_record_shared),
        Subscription("delivery_due", DeliveryDue, h.delivery_due),
    ]
