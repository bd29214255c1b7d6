"""The base of the value objects events are made of (a need, a language skill, ...)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Part"]


class Part(BaseModel):
    """A value inside an event: as strict as the event (see `tolerant` for consumers)."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)
