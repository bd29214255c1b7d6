"""Lists whose items must not repeat (languages, channels, nationalities)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

from pydantic_core import PydanticCustomError

T = TypeVar("T", bound=Hashable)


def distinct(items: Sequence[T]) -> Sequence[T]:
    if len(set(items)) != len(items):
        raise PydanticCustomError("duplicate_items", "items must not repeat")
    return items
