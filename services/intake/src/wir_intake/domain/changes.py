"""Changing some fields of a record: the fields left out stay, and the whole is validated again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

M = TypeVar("M", bound=BaseModel)


class Changes(BaseModel):
    """The fields to change; a field left out stays as it is, null clears an optional one."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    def changes(self) -> dict[str, Any]:
        """Field -> new value, for the fields the client sent."""
        return {name: getattr(self, name) for name in self.model_fields_set}


def apply_patch(current: M, changes: Mapping[str, Any]) -> M:
    """The record after `changes` (field -> new value); the whole record is validated again."""
    return type(current).model_validate({**current.model_dump(), **changes})


def changed_fields(before: M, after: M) -> list[str]:
    """Names of the fields whose values differ, in declaration order."""
    return [name for name in type(before).model_fields if getattr(before, name) != getattr(after, name)]
