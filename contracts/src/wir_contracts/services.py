"""The services that produce and consume events."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Service"]


class Service(StrEnum):
    """A WIR service; its value is the producer part of routing keys."""

    INTAKE = "intake"
    COMPETENCE = "competence"
    MATCHING = "matching"
    INTERPRETING = "interpreting"
    NOTIFICATIONS = "notifications"
