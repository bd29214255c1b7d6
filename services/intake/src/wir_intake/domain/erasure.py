"""Erasure: intake asks every service to erase a person and keeps proof of each confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from wir_contracts.catalog import CONSUMERS
from wir_contracts.intake.v1 import PersonErasureRequested
from wir_contracts.services import Service

#: Who must confirm an erasure: every service the catalog has consume PersonErasureRequested
#: (today every service, intake's own part included), in the order of `Service`. A
#: service that does not run yet (interpreting) is outstanding until it runs and confirms: the
#: erasure is complete only when nobody can still hold the person's data.
CONFIRMING: tuple[Service, ...] = tuple(
    service for service in Service if service in CONSUMERS[PersonErasureRequested]
)


class ErasureState(StrEnum):
    PENDING = "pending"
    OVERDUE = "overdue"
    COMPLETED = "completed"


@dataclass(frozen=True)
class ErasureRequest:
    id: UUID
    person_id: UUID
    requested_at: datetime
    overdue_at: datetime | None
    completed_at: datetime | None
    confirmations: Mapping[Service, datetime]

    def state(self) -> ErasureState:
        if self.completed_at is not None:
            return ErasureState.COMPLETED
        return ErasureState.OVERDUE if self.overdue_at is not None else ErasureState.PENDING

    def outstanding(self) -> tuple[Service, ...]:
        return tuple(service for service in CONFIRMING if service not in self.confirmations)


def all_confirmed(confirmed: set[str]) -> bool:
    """Whether every confirming service has; intake's own confirmation counts like the others'."""
    return all(service.value in confirmed for service in CONFIRMING)
