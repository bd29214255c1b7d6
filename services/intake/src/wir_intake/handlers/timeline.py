"""The case timeline, fed by other services' events about a person."""

from __future__ import annotations

from wir_intake.db import timeline
from wir_intake.domain.timeline import ForeignEvent, details_of
from wir_kit.db import Tx
from wir_kit.logging import get_logger

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
