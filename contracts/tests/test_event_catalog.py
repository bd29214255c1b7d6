"""The catalog: every event is produced, consumed, exemplified and routed consistently."""

from __future__ import annotations

from pathlib import Path

import pytest

from wir_contracts import common, competence, intake, interpreting, matching, notifications
from wir_contracts.catalog import ALL_EVENTS, CONSUMERS, consumed_by
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.envelope import Event
from wir_contracts.intake.v1 import PersonContactChanged, PersonRegistered
from wir_contracts.services import Service
from wir_contracts.snapshots import snapshot_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PRODUCER_MODULES = [
    module.v1 for module in (intake, competence, matching, interpreting, notifications, common)
]


def test_every_consumed_event_is_in_the_catalog() -> None:
    assert set(CONSUMERS) <= set(ALL_EVENTS)


def test_every_event_in_the_catalog_has_consumers() -> None:
    assert [event.__name__ for event in ALL_EVENTS if not CONSUMERS.get(event)] == []


def test_consumers_are_services() -> None:
    assert set().union(*CONSUMERS.values()) <= set(Service)


@pytest.mark.parametrize("event", list(CONSUMERS), ids=lambda event: event.__name__)
def test_every_consumed_event_has_a_golden_example(event: type[Event]) -> None:
    assert (EXAMPLES / snapshot_path(event)).is_file()


def test_no_two_events_share_a_routing_key() -> None:
    keys = [event.binding_key() for event in ALL_EVENTS]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("module", PRODUCER_MODULES, ids=lambda module: module.__name__)
def test_routing_key_constants_name_the_events_of_their_module(module: object) -> None:
    constants = {
        value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and value.count(".") == 2
    }
    events = [event for event in CONSUMERS if event.__module__ == getattr(module, "__name__", "")]
    assert constants == {event.binding_key().removesuffix(".*") for event in events}


def test_contact_details_reach_only_notifications() -> None:
    assert CONSUMERS[PersonContactChanged] == {Service.NOTIFICATIONS}
    carriers = [event for event in ALL_EVENTS if "contact" in event.model_fields]
    assert all(CONSUMERS[event] == {Service.NOTIFICATIONS} for event in carriers)


def test_intake_collects_erasure_confirmations() -> None:
    assert CONSUMERS[ErasureCompleted] == {Service.INTAKE}


def test_a_service_subscribes_to_what_the_catalog_lists_for_it() -> None:
    assert PersonRegistered in consumed_by("matching")
    assert PersonRegistered not in consumed_by("intake")
    assert ErasureCompleted in consumed_by(Service.INTAKE)
