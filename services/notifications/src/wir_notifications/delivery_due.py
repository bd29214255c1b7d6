"""The event this service schedules for itself through the outbox's `not_before`.

A held delivery (quiet hours, back-off after a transient failure) is released by this event
when it is due; the relay publishes it no earlier than `not_before`, so the wait survives
restarts and blocks no consumer. Only this service binds its routing key.
"""

from __future__ import annotations

from wir_contracts.notifications.v1 import DeliveryDue

__all__ = ["DeliveryDue"]
