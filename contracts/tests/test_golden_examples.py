"""Every golden example is a valid payload for its producer and for every consumer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from wir_contracts.catalog import ALL_EVENTS
from wir_contracts.envelope import Event, tolerant
from wir_contracts.snapshots import snapshot_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _cases() -> list[Any]:
    cases = []
    for event in ALL_EVENTS:
        payloads = json.loads((EXAMPLES / snapshot_path(event)).read_text(encoding="utf-8"))
        cases += [pytest.param(event, p, id=f"{event.__name__}-{n}") for n, p in enumerate(payloads)]
    return cases


CASES = _cases()


@pytest.mark.parametrize(("event", "payload"), CASES)
def test_golden_example_validates_against_its_model(event: type[Event], payload: dict[str, Any]) -> None:
    assert event.model_validate(payload).model_dump(mode="json") == payload


@pytest.mark.parametrize(("event", "payload"), CASES)
def test_golden_example_validates_against_the_consumers_model(
    event: type[Event], payload: dict[str, Any]
) -> None:
    assert tolerant(event).model_validate_json(json.dumps(payload)).model_dump(mode="json") == payload


@pytest.mark.parametrize(("event", "payload"), CASES)
def test_unknown_field_is_ignored_by_consumers_and_refused_for_producers(
    event: type[Event], payload: dict[str, Any]
) -> None:
    newer = {**payload, "added_in_a_later_minor": "x"}
    assert tolerant(event).model_validate(newer).model_dump(mode="json") == payload
    with pytest.raises(ValidationError, match="extra_forbidden"):
        event.model_validate(newer)


def _nested_object(payload: dict[str, Any]) -> tuple[str, int | None] | None:
    """Where the first object inside the payload is: a field, and an index if in a list."""
    for name, value in payload.items():
        if isinstance(value, dict):
            return name, None
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return name, 0
    return None


def _with_nested_extra(payload: dict[str, Any], where: tuple[str, int | None]) -> dict[str, Any]:
    name, index = where
    if index is None:
        return {**payload, name: {**payload[name], "added_in_a_later_minor": 1}}
    items = list(payload[name])
    items[index] = {**items[index], "added_in_a_later_minor": 1}
    return {**payload, name: items}


@pytest.mark.parametrize(
    ("event", "payload"), [case for case in CASES if _nested_object(case.values[1]) is not None]
)
def test_unknown_nested_field_is_ignored_by_consumers_and_refused_for_producers(
    event: type[Event], payload: dict[str, Any]
) -> None:
    where = _nested_object(payload)
    assert where is not None
    newer = _with_nested_extra(payload, where)
    assert tolerant(event).model_validate(newer).model_dump(mode="json") == payload
    with pytest.raises(ValidationError, match="extra_forbidden"):
        event.model_validate(newer)
