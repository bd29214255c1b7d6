"""Erasure: intake asks every service to erase a person and keeps proof of each confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from wir_contracts.services import Service


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
        return tuple(service for service in Service if service not in self.confirmations)


def all_confirmed(confirmed: set[str]) -> bool:
    """Whether every service has confirmed; intake's own confirmation counts like the others'."""
    return all(service.value in confirmed for service in Service)
