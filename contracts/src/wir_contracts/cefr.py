"""Language proficiency on the Common European Framework of Reference (CEFR)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CefrLevel"]


class CefrLevel(StrEnum):
    """A CEFR level, from A1 (breakthrough) to C2 (mastery)."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
