"""The contracts' golden examples, as the tests' events."""

from __future__ import annotations

import json
import uuid
from typing import Any, TypeVar

from wir_contracts.envelope import Event

E = TypeVar("E", bound=Event)


def golden_examples(model: type[E]) -> list[E]:
    """Every golden example of an event, exactly as the contract declares it."""
    extra = model.model_config.get("json_schema_extra")
    examples = extra.get("examples") if isinstance(extra, dict) else None
    if not isinstance(examples, list):
        return []
    return [model.model_validate(example) for example in examples if isinstance(example, dict)]


def golden(model: type[E], index: int = 0, **changes: Any) -> E:
    """A golden example as a new event (fresh id) with `changes`, validated by the model."""
    example = golden_examples(model)[index]
    data = {**json.loads(example.model_dump_json()), "event_id": str(uuid.uuid4()), **changes}
    return model.model_validate(json.loads(json.dumps(data, default=str)))
