"""The envelope: filled-in identity, versions, routing keys, strictness, descriptions."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

import pytest
from pydantic import BaseModel, ValidationError

from wir_contracts.catalog import ALL_EVENTS
from wir_contracts.common.v1 import ERASURE_COMPLETED, ErasureCompleted
from wir_contracts.envelope import Event, tolerant
from wir_contracts.intake.v1 import PersonErasureRequested, PersonRegistered, PersonUpdated
from wir_contracts.services import Service
from wir_contracts.snapshots import example_payloads

ROUTING_KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.v[1-9][0-9]*\.[0-9]{5}([0-9]{3})?$")


def _registered(**overrides: Any) -> PersonRegistered:
    fields: dict[str, Any] = {
        "district": "06431",
        "person_id": uuid4(),
        "aggregate_version": 1,
        "municipality": "06431011",
        "languages": ("prs",),
        "preferred_language": "prs",
        "consents": ("processing",),
    }
    return PersonRegistered(**{**fields, **overrides})


def _payload(event: type[Event]) -> dict[str, Any]:
    return example_payloads(event)[0]


def test_a_new_event_fills_in_its_type_version_and_producer() -> None:
    event = _registered()
    assert (event.event_type, event.event_version, event.producer) == ("person_registered", "1.1", "intake")
    assert isinstance(event.event_id, UUID)
    assert event.occurred_at.utcoffset() is not None


def test_the_wire_format_carries_type_version_and_producer() -> None:
    wire = _registered().model_dump(mode="json")
    assert wire["event_type"] == "person_registered"
    assert wire["event_version"] == "1.1"
    assert wire["producer"] == "intake"


def test_a_person_updated_payload_does_not_validate_as_person_registered() -> None:
    updated = {**_payload(PersonUpdated), "consents": ["processing"]}
    with pytest.raises(ValidationError, match="event_type"):
        PersonRegistered.model_validate(updated)
    with pytest.raises(ValidationError, match="event_type"):
        tolerant(PersonRegistered).model_validate(updated)


def test_any_minor_version_of_the_same_major_is_accepted() -> None:
    newer = {**_payload(PersonRegistered), "event_version": "1.12"}
    assert tolerant(PersonRegistered).model_validate(newer).event_version == "1.12"


@pytest.mark.parametrize("version", ["2.0", "0.9", "1", "1.01", "v1.0"])
def test_another_major_version_or_a_malformed_one_is_rejected(version: str) -> None:
    with pytest.raises(ValidationError, match="event_version"):
        PersonRegistered.model_validate({**_payload(PersonRegistered), "event_version": version})


def test_a_payload_claiming_another_producer_is_rejected() -> None:
    with pytest.raises(ValidationError, match="producer"):
        PersonRegistered.model_validate({**_payload(PersonRegistered), "producer": "matching"})


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.__name__)
def test_routing_keys_are_producer_event_major_district(event: type[Event]) -> None:
    instance = event.model_validate(_payload(event))
    key = instance.routing_key()
    assert ROUTING_KEY.match(key)
    assert key == f"{instance.producer}.{event.EVENT}.v{event.MAJOR}.{instance.district}"


def test_a_binding_key_selects_one_district_or_all() -> None:
    assert PersonRegistered.binding_key() == "intake.person_registered.v1.*"
    assert PersonRegistered.binding_key("06415") == "intake.person_registered.v1.06415"


def test_erasure_completed_is_routed_by_the_service_that_sent_it() -> None:
    done = ErasureCompleted(
        district="06415", producer=Service.MATCHING, person_id=uuid4(), request_id=uuid4()
    )
    assert done.routing_key() == "matching.erasure_completed.v1.06415"
    assert ErasureCompleted.binding_key() == "*.erasure_completed.v1.*"
    assert ErasureCompleted.binding_key().startswith(ERASURE_COMPLETED)


def test_erasure_completed_accepts_only_service_names_as_producer() -> None:
    with pytest.raises(ValidationError, match="producer"):
        ErasureCompleted.model_validate({**_payload(ErasureCompleted), "producer": "reporting"})


def test_a_naive_timestamp_is_rejected() -> None:
    with pytest.raises(ValidationError, match="occurred_at"):
        _registered(occurred_at=datetime(2026, 11, 2, 9, 0))


@pytest.mark.parametrize("correlation_id", ["", "has space", "x" * 129, "semi;colon"])
def test_a_correlation_id_is_short_and_plain(correlation_id: str) -> None:
    with pytest.raises(ValidationError, match="correlation_id"):
        _registered(correlation_id=correlation_id)


def test_a_municipality_outside_the_district_is_rejected() -> None:
    with pytest.raises(ValidationError, match="not in the district"):
        _registered(municipality="06435014")


def test_events_are_immutable() -> None:
    event = _registered()
    with pytest.raises(ValidationError, match="frozen"):
        # Assigning to a frozen model is what the test checks; the type checker forbids it too.
        event.aggregate_version = 2  # type: ignore[misc]


def test_validation_errors_do_not_echo_the_input() -> None:
    with pytest.raises(ValidationError) as caught:
        _registered(preferred_language="Paschtu, please", district="0643X")
    assert "Paschtu" not in str(caught.value)
    assert "0643X" not in str(caught.value)


def test_the_consumers_model_is_cached_and_keeps_name_and_fields() -> None:
    consumer = tolerant(PersonRegistered)
    assert consumer is tolerant(PersonRegistered)
    assert consumer.__name__ == "PersonRegistered"
    assert issubclass(consumer, PersonRegistered)
    assert list(consumer.model_fields) == list(PersonRegistered.model_fields)


def test_an_event_with_a_name_unfit_for_routing_keys_is_refused() -> None:
    with pytest.raises(TypeError, match="snake case"):

        class Bad(Event):
            PRODUCER: ClassVar[str] = "intake"
            EVENT: ClassVar[str] = "person.registered"


def test_an_event_from_every_producer_must_name_its_sender_itself() -> None:
    with pytest.raises(TypeError, match="producer"):

        class Everyone(Event):
            PRODUCER: ClassVar[str] = "*"
            EVENT: ClassVar[str] = "heartbeat"


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.__name__)
def test_every_event_is_documented_with_examples(event: type[Event]) -> None:
    schema = event.model_json_schema()
    assert event.__doc__
    assert schema["examples"]
    assert [m.__doc__ for m in _models(event) if not m.__doc__] == []
    undescribed = [
        f"{title}.{name}"
        for title, definition in [("(event)", schema), *schema.get("$defs", {}).items()]
        for name, prop in definition.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert undescribed == []


def test_aggregate_events_carry_the_aggregate_version() -> None:
    # DeliveryDue orders itself by its `attempts` count: a due event of an older attempt is stale.
    unordered = {
        "CompetenceRecordShared",
        "NotificationSent",
        "NotificationFailed",
        "ErasureCompleted",
        "DeliveryDue",
        # Notices for people to act on, not states of an aggregate: a repeat is a new notice.
        "VolunteerComplianceExpiring",
        "InterpreterComplianceExpiring",
        "PersonWaitingForMentor",
    }
    missing = [
        event.__name__
        for event in ALL_EVENTS
        if "aggregate_version" not in event.model_fields and event.__name__ not in unordered
    ]
    assert missing == []
    assert "aggregate_version" in PersonErasureRequested.model_fields


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = [model]
    for field in model.model_fields.values():
        for candidate in _types_in(field.annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                found += _models(candidate)
    return found


def _types_in(annotation: Any) -> list[Any]:
    return [annotation, *(t for arg in getattr(annotation, "__args__", ()) for t in _types_in(arg))]
