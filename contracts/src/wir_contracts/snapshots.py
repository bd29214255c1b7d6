"""The committed files the code implies: JSON Schemas and golden examples, as text.

Pure: `contracts/tools/snapshot.py` writes or checks the files, and the tests compare.
"""

from __future__ import annotations

import json
from typing import Any

from wir_contracts.catalog import ALL_EVENTS
from wir_contracts.envelope import ANY_PRODUCER, Event

__all__ = ["COMMON_FOLDER", "example_payloads", "render_examples", "render_schemas", "snapshot_path"]

COMMON_FOLDER = "common"
"""Folder of the events every service produces."""


def snapshot_path(event: type[Event]) -> str:
    """`<producer>/<event>.v<major>.json`, the same under schemas/ and examples/."""
    folder = COMMON_FOLDER if event.PRODUCER == ANY_PRODUCER else event.PRODUCER
    return f"{folder}/{event.EVENT}.v{event.MAJOR}.json"


def example_payloads(event: type[Event]) -> list[dict[str, Any]]:
    """The event's schema examples, validated and put on the wire the way a producer would."""
    examples = event.model_json_schema().get("examples", [])
    return [event.model_validate(example).model_dump(mode="json") for example in examples]


def render_schemas() -> dict[str, str]:
    """Every event's JSON Schema (validation mode: what a consumer accepts), by path."""
    return {snapshot_path(event): _json(event.model_json_schema()) for event in ALL_EVENTS}


def render_examples() -> dict[str, str]:
    """Every event's golden example payloads, a JSON list per event, by path."""
    return {snapshot_path(event): _json(example_payloads(event)) for event in ALL_EVENTS}


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
