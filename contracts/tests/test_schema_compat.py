"""The compatibility checker: each kind of breaking change is caught, additions pass."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from wir_contracts.catalog import ALL_EVENTS
from wir_contracts.compat import breaking_changes
from wir_contracts.envelope import Event
from wir_contracts.intake.v1 import NeedsRecorded, PersonRegistered

Schema = dict[str, Any]


def _schema(event: type[Event]) -> Schema:
    return event.model_json_schema()


def _changed(event: type[Event]) -> tuple[Schema, Schema]:
    old = _schema(event)
    return old, copy.deepcopy(old)


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.__name__)
def test_an_unchanged_schema_has_no_breaking_changes(event: type[Event]) -> None:
    assert breaking_changes(_schema(event), json.loads(json.dumps(_schema(event)))) == []


def test_removing_a_field_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    del new["properties"]["municipality"]
    new["required"].remove("municipality")
    assert breaking_changes(old, new) == ["municipality: field removed"]


def test_changing_a_fields_type_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["aggregate_version"] = {"type": "string", "description": "now text"}
    assert breaking_changes(old, new) == [
        "aggregate_version: type changed or narrowed: integer no longer accepted"
    ]


def test_narrowing_a_number_to_an_integer_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    old["properties"]["aggregate_version"]["type"] = "number"
    assert breaking_changes(old, new) == [
        "aggregate_version: type changed or narrowed: number no longer accepted"
    ]


def test_narrowing_inside_a_referenced_definition_is_breaking() -> None:
    old, new = _changed(NeedsRecorded)
    new["$defs"]["NeedKind"]["enum"].remove("housing")
    assert breaking_changes(old, new) == ["needs[].kind: enum value 'housing' removed"]


def test_dropping_null_from_a_union_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["correlation_id"]["anyOf"].pop()
    assert breaking_changes(old, new) == ["correlation_id: type changed or narrowed: null no longer accepted"]


def test_making_an_optional_field_required_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["required"].append("correlation_id")
    assert breaking_changes(old, new) == ["correlation_id: optional field made required"]


def test_adding_a_required_field_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["household_id"] = {"type": "string", "format": "uuid"}
    new["required"].append("household_id")
    assert breaking_changes(old, new) == ["household_id: new required field"]


def test_removing_an_enum_value_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["$defs"]["ConsentPurpose"]["enum"].remove("contact_sms")
    assert breaking_changes(old, new) == ["consents[]: enum value 'contact_sms' removed"]


def test_changing_a_literal_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["event_type"]["const"] = "person_created"
    assert breaking_changes(old, new) == [
        "event_type: value changed from 'person_registered' to 'person_created'"
    ]


def test_restricting_free_text_to_values_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["municipality"] = {"enum": ["06431011"], "type": "string"}
    assert breaking_changes(old, new) == ["municipality: now restricted to '06431011'"]


def test_lowering_a_max_length_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["correlation_id"]["anyOf"][0]["maxLength"] = 64
    assert breaking_changes(old, new) == ["correlation_id: maxLength lowered from 128 to 64"]


def test_changing_a_pattern_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["district"]["pattern"] = "^[0-9]{5}$"
    assert breaking_changes(old, new) == [
        "district: pattern changed from '^[0-9]{5}([0-9]{3})?$' to '^[0-9]{5}$'"
    ]


def test_adding_a_format_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["municipality"]["format"] = "date"
    assert breaking_changes(old, new) == ["municipality: format 'date' added"]


def test_raising_a_minimum_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["aggregate_version"]["minimum"] = 2
    assert breaking_changes(old, new) == ["aggregate_version: minimum raised from 1 to 2"]


def test_requiring_more_items_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["languages"]["minItems"] = 2
    assert breaking_changes(old, new) == ["languages: minItems raised from 1 to 2"]


def test_forbidding_additional_properties_is_breaking() -> None:
    old, new = _changed(PersonRegistered)
    del old["additionalProperties"]
    assert breaking_changes(old, new) == ["(event): additional properties no longer allowed"]


def test_adding_an_optional_field_is_compatible() -> None:
    old, new = _changed(NeedsRecorded)
    new["properties"]["household_id"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
    new["$defs"]["Need"]["properties"]["urgent"] = {"type": "boolean", "default": False}
    assert breaking_changes(old, new) == []


def test_widening_a_type_is_compatible() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["aggregate_version"] = {"anyOf": [{"type": "number"}, {"type": "null"}]}
    new["required"].remove("aggregate_version")
    assert breaking_changes(old, new) == []


def test_adding_an_enum_value_is_compatible() -> None:
    old, new = _changed(PersonRegistered)
    new["$defs"]["ConsentPurpose"]["enum"].append("contact_messenger")
    assert breaking_changes(old, new) == []


def test_loosening_constraints_is_compatible() -> None:
    old, new = _changed(PersonRegistered)
    new["properties"]["correlation_id"]["anyOf"][0]["maxLength"] = 256
    del new["properties"]["district"]["pattern"]
    del new["properties"]["languages"]["minItems"]
    assert breaking_changes(old, new) == []


def test_documentation_changes_are_compatible() -> None:
    old, new = _changed(PersonRegistered)
    new["description"] = "Reworded."
    new["properties"]["person_id"]["description"] = "Reworded too."
    new["examples"] = []
    assert breaking_changes(old, new) == []


def test_a_recursive_definition_is_compared_without_looping() -> None:
    old: Schema = {
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "child": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]},
                },
                "required": ["name"],
            }
        },
        "$ref": "#/$defs/Node",
    }
    new = copy.deepcopy(old)
    new["$defs"]["Node"]["properties"]["name"]["maxLength"] = 3
    assert breaking_changes(old, old) == []
    assert breaking_changes(old, new) == ["name: maxLength 3 added"]
