"""Events every service publishes, version 1."""

from __future__ import annotations

from typing import Final
from uuid import UUID

from pydantic import Field

from wir_contracts._internal.examples import ERASURE_REQUEST, HANAU, OLEKSANDR, caused_by, envelope, examples
from wir_contracts.envelope import ANY_PRODUCER, Event
from wir_contracts.services import Service

__all__ = ["ERASURE_COMPLETED", "ErasureCompleted"]

ERASURE_COMPLETED: Final = "*.erasure_completed.v1"
"""A binding pattern: each service publishes under its own name in the first part."""


class ErasureCompleted(Event):
    """A service erased a person's data after PersonErasureRequested.

    Intake keeps these as proof that erasure finished everywhere.
    """

    PRODUCER = ANY_PRODUCER
    EVENT = "erasure_completed"
    model_config = examples(
        {
            **envelope(
                "matching",
                "erasure_completed",
                occurred_at="2026-11-25T08:00:03Z",
                district=HANAU,
                causation_id=caused_by("intake", "person_erasure_requested"),
            ),
            "person_id": OLEKSANDR,
            "request_id": ERASURE_REQUEST,
        },
        {
            **envelope(
                "notifications",
                "erasure_completed",
                occurred_at="2026-11-25T08:00:04Z",
                district=HANAU,
                number=2,
                causation_id=caused_by("intake", "person_erasure_requested"),
            ),
            "person_id": OLEKSANDR,
            "request_id": ERASURE_REQUEST,
        },
    )

    producer: Service = Field(description="Service that erased the data and published this.")
    person_id: UUID = Field(description="Id of the person whose data was erased.")
    request_id: UUID = Field(description="Id of the erasure request this completes.")
