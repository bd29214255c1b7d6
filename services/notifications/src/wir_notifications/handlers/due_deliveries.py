"""The service's own schedule: a held delivery (quiet hours, back-off after a transient failure)
is released by a `DeliveryDue` event it wrote to its outbox with `not_before`, so the wait
survives restarts and blocks no consumer. Only this service binds the event's routing key."""

from __future__ import annotations

from typing import Any

from wir_contracts.notifications.v1 import DeliveryDue
from wir_kit import Subscription, Tx
from wir_notifications.commands import deliveries
from wir_notifications.commands.collaborators import Collaborators


async def on_delivery_due(event: DeliveryDue, tx: Tx) -> None:
    """A held delivery is due: quiet hours are over, or its back-off has passed."""
    await deliveries.release(tx, event)


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """Releasing a delivery needs nothing but the event."""
    return [Subscription("delivery_due", DeliveryDue, on_delivery_due)]
