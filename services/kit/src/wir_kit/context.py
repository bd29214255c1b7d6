"""The ids that flow from a request or a handled event into the events it causes."""

from __future__ import annotations

from contextvars import ContextVar
from uuid import UUID

correlation_id: ContextVar[str | None] = ContextVar("wir_correlation_id", default=None)
causation_id: ContextVar[UUID | None] = ContextVar("wir_causation_id", default=None)
