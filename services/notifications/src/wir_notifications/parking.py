"""Messages for recipients who never appeared are reported after a bounded wait, not lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wir_contracts.districts import districts
from wir_contracts.notifications.v1 import FailureReason
from wir_kit.logging import get_logger
from wir_notifications import delivering
from wir_notifications.db import store
from wir_notifications.domain.languages import GERMAN
from wir_notifications.wiring import Wiring

if TYPE_CHECKING:
    from wir_kit.runtime import Runtime

log = get_logger(__name__)
_BATCH = 200


async def report_unknown_recipients(runtime: Runtime, wiring: Wiring) -> int:
    """Fail what waited longer than the park timeout; returns how many. Safe on every replica:
    each waiting row is claimed and changed in one statement."""
    reported = 0
    for district in districts():
        while True:
            async with runtime.db.transaction(district) as tx:
                expired = await store.expire_parked(tx, wiring.settings.park_timeout_s, _BATCH, GERMAN)
                for note in expired:
                    await store.add_history(
                        tx, note.notification_id, "failed", detail="no_channel: recipient_unknown"
                    )
                    await delivering.publish_failed(tx, note, None, FailureReason.NO_CHANNEL)
                    log.warning("recipient never appeared", notification_id=str(note.notification_id))
            reported += len(expired)
            if len(expired) < _BATCH:
                break
    return reported
