"""Gender, only where someone asked for it to count (a mentor of the same gender)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Gender"]


class Gender(StrEnum):
    """A gender as the person states it; absent wherever nobody asked."""

    FEMALE = "female"
    MALE = "male"
    DIVERSE = "diverse"
