"""The case timeline, fed by other services' events about a person.

One queue, `timeline`, bound to the key of every event the contracts' catalog has intake
consume for the timeline (`domain.timeline.timeline_events`: today competence's, matching's,
interpreting's and notifications'), all read through one tolerant model; so one module for
them rather than one per producer. A kind intake does not know yet is kept with its envelope.
"""

from __future__ import annotations

from typing import Any

from wir_intake.db import timeline
from wir_intake.domain.timeline import ForeignEvent, details_of, timeline_events
from wir_intake.settings import IntakeSettings
from wir_kit import Subscription, Tx, get_logger

log = get_logger(__name__)


async def on_foreign_event(event: ForeignEvent, tx: Tx) -> None:
    """Add the event to its person's timeline: envelope and whitelisted details only."""
    person_id = event.subject()
    if person_id is None:
        log.info("timeline event not about a person", event_type=event.event_type)
        return
    entry = timeline.Entry(
        event_id=event.event_id,
        occurred_at=event.occurred_at,
        producer=event.producer,
        event_type=event.event_type,
        event_version=event.event_version,
        details=details_of(event),
    )
    if not await timeline.add(tx, person_id, entry):
        # Erased (or never known here): the timeline must not bring the person back.
        log.info("timeline event for no current person", person_id=str(person_id))


def subscriptions(settings: IntakeSettings) -> list[Subscription[Any]]:
    """The timeline's one queue; it needs nothing of the settings."""
    bindings = tuple(event.binding_key() for event in timeline_events())
    return [Subscription("timeline", ForeignEvent, on_foreign_event, bindings=bindings)]
