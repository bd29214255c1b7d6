"""A marker for sequences whose items must not repeat.

Sets would say the same, but their JSON order is not stable, which would make golden examples
and snapshots flicker between runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema


class Distinct:
    """Annotated metadata: reject a sequence with a repeated item; `uniqueItems` in the schema."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(_distinct, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["uniqueItems"] = True
        return json_schema


def _distinct(items: Sequence[Any]) -> Sequence[Any]:
    if len(set(items)) != len(items):
        raise PydanticCustomError("duplicate_items", "items must not repeat")
    return items


DISTINCT = Distinct()
