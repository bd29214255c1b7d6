"""Breaking changes between two JSON Schemas of the same event and major version.

The schemas describe what a consumer accepts. Within a major version the new schema must
accept every payload the old one did (old events are redelivered and replayed from dead-letter
queues, and producers do not all deploy at once), and must not demand anything new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import gt, lt
from typing import Any

__all__ = ["breaking_changes"]

Schema = dict[str, Any]
_Alternative = tuple[Schema, str]  # a resolved schema, and the $ref it was reached by ("" if none)

_ALL_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})
# A lower upper bound, or a higher lower bound, accepts less.
_UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
_LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
_EXACT = ("pattern", "format", "multipleOf")


def breaking_changes(old_schema: dict[str, Any], new_schema: dict[str, Any]) -> list[str]:
    """Human-readable breaking changes from `old_schema` to `new_schema`; empty if none.

    Additive optional fields, widened types, new enum values and loosened constraints pass.
    """
    return _Comparison(old_schema, new_schema).schema("", old_schema, new_schema)


class _Comparison:
    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self._old_root = old_root
        self._new_root = new_root
        self._in_progress: set[tuple[str, str]] = set()

    def schema(self, path: str, old: Schema, new: Schema) -> list[str]:
        new_alternatives = list(_alternatives(self._new_root, new))
        return [
            problem
            for old_alternative in _alternatives(self._old_root, old)
            for problem in self._alternative(path, old_alternative, new_alternatives)
        ]

    def _alternative(self, path: str, old: _Alternative, new_alternatives: list[_Alternative]) -> list[str]:
        """Problems if no new alternative accepts what the old one did."""
        old_schema, old_ref = old
        first_problems: list[str] | None = None
        for new_schema, new_ref in new_alternatives:
            if not _types(old_schema) <= _widened(_types(new_schema)):
                continue
            problems = self._compare_definitions(path, (old_schema, old_ref), (new_schema, new_ref))
            if not problems:
                return []
            first_problems = first_problems or problems
        if first_problems is not None:
            return first_problems
        return [f"{_where(path)}: type changed or narrowed: {_describe(old_schema)} no longer accepted"]

    def _compare_definitions(self, path: str, old: _Alternative, new: _Alternative) -> list[str]:
        refs = (old[1], new[1])
        if refs in self._in_progress:
            return []  # a recursive model met again inside itself: the outer comparison reports
        if all(refs):
            self._in_progress.add(refs)
        try:
            return self._compare(path, old[0], new[0])
        finally:
            self._in_progress.discard(refs)

    def _compare(self, path: str, old: Schema, new: Schema) -> list[str]:
        problems = _value_problems(path, old, new) + _constraint_problems(path, old, new)
        problems += self._object_problems(path, old, new)
        problems += self._array_problems(path, old, new)
        return problems

    def _object_problems(self, path: str, old: Schema, new: Schema) -> list[str]:
        old_properties: Schema = old.get("properties", {})
        new_properties: Schema = new.get("properties", {})
        problems = []
        for name, old_property in old_properties.items():
            if name not in new_properties:
                problems.append(f"{_where(_join(path, name))}: field removed")
            else:
                problems += self.schema(_join(path, name), old_property, new_properties[name])
        for name in sorted(set(new.get("required", ())) - set(old.get("required", ()))):
            change = "optional field made required" if name in old_properties else "new required field"
            problems.append(f"{_where(_join(path, name))}: {change}")
        old_extra, new_extra = old.get("additionalProperties", True), new.get("additionalProperties", True)
        if old_extra is not False and new_extra is False:
            problems.append(f"{_where(path)}: additional properties no longer allowed")
        elif isinstance(old_extra, dict) and isinstance(new_extra, dict):
            problems += self.schema(f"{path}.*", old_extra, new_extra)
        return problems

    def _array_problems(self, path: str, old: Schema, new: Schema) -> list[str]:
        problems = []
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            problems += self.schema(f"{path}[]", old["items"], new["items"])
        old_prefix, new_prefix = old.get("prefixItems", []), new.get("prefixItems", [])
        for index, (old_item, new_item) in enumerate(zip(old_prefix, new_prefix, strict=False)):
            problems += self.schema(f"{path}[{index}]", old_item, new_item)
        if new.get("uniqueItems") and not old.get("uniqueItems"):
            problems.append(f"{_where(path)}: items must now be unique")
        return problems


def _alternatives(root: Schema, schema: Schema) -> Iterator[_Alternative]:
    """The branches of a schema's `anyOf`/`oneOf` (or the schema itself), resolved."""
    resolved = _resolve(root, schema)
    branches = resolved.get("anyOf") or resolved.get("oneOf")
    if branches is None:
        yield resolved, schema.get("$ref", "")
        return
    for branch in branches:
        yield from _alternatives(root, branch)


def _resolve(root: Schema, schema: Schema) -> Schema:
    """Follow `$ref` (and a lone `allOf`), keeping keywords written beside it."""
    while True:
        if "$ref" in schema:
            target = _definition(root, schema["$ref"])
        elif len(schema.get("allOf", ())) == 1:
            target = schema["allOf"][0]
        else:
            return schema
        siblings = {key: value for key, value in schema.items() if key not in ("$ref", "allOf")}
        schema = {**target, **siblings}


def _definition(root: Schema, ref: str) -> Schema:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return dict(node)


def _value_problems(path: str, old: Schema, new: Schema) -> list[str]:
    old_values, new_values = _values(old), _values(new)
    if new_values is None:
        return []
    if old_values is None:
        return [f"{_where(path)}: now restricted to {_show(new_values)}"]
    removed = [value for value in old_values if value not in new_values]
    if len(old_values) == 1 and len(new_values) == 1 and removed:
        return [f"{_where(path)}: value changed from {old_values[0]!r} to {new_values[0]!r}"]
    return [f"{_where(path)}: enum value {value!r} removed" for value in removed]


def _constraint_problems(path: str, old: Schema, new: Schema) -> list[str]:
    problems = []
    for keyword in _UPPER_BOUNDS:
        problems += _bound(path, keyword, old.get(keyword), new.get(keyword), "lowered", lt)
    for keyword in _LOWER_BOUNDS:
        problems += _bound(path, keyword, old.get(keyword), new.get(keyword), "raised", gt)
    for keyword in _EXACT:
        before, after = old.get(keyword), new.get(keyword)
        if after is not None and before is None:
            problems.append(f"{_where(path)}: {keyword} {after!r} added")
        elif after is not None and after != before:
            problems.append(f"{_where(path)}: {keyword} changed from {before!r} to {after!r}")
    return problems


def _bound(
    path: str, keyword: str, before: Any, after: Any, verb: str, tighter: Callable[[Any, Any], Any]
) -> list[str]:
    if after is None:
        return []
    if before is None:
        return [f"{_where(path)}: {keyword} {after!r} added"]
    if tighter(after, before):
        return [f"{_where(path)}: {keyword} {verb} from {before!r} to {after!r}"]
    return []


def _values(schema: Schema) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    return None


def _types(schema: Schema) -> frozenset[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared})
    if isinstance(declared, list):
        return frozenset(declared)
    values = _values(schema)
    if values is not None:
        return frozenset(_json_type(value) for value in values)
    if "properties" in schema:
        return frozenset({"object"})
    if "items" in schema or "prefixItems" in schema:
        return frozenset({"array"})
    return _ALL_TYPES


def _widened(types: frozenset[str]) -> frozenset[str]:
    return types | {"integer"} if "number" in types else types


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "string"


def _describe(schema: Schema) -> str:
    values = _values(schema)
    return _show(values) if values is not None else " or ".join(sorted(_types(schema)))


def _show(values: list[Any]) -> str:
    return ", ".join(repr(value) for value in values)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _where(path: str) -> str:
    return path or "(event)"
