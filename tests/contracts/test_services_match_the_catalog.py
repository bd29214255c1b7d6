"""The installed services against the event catalog: what each consumes is produced somewhere,
what each publishes is its own, and every consumer the catalog names really subscribes."""

from __future__ import annotations

from typing import Any

import pytest

from wir_contracts.catalog import ALL_EVENTS, CONSUMERS
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.envelope import Event
from wir_kit.service import ServiceSpec
from wir_ops.registry import installed_services

SERVICES = installed_services()
KEYS = {event.binding_key(): event for event in ALL_EVENTS}


def consumed(spec: ServiceSpec) -> set[type[Event]]:
    return {KEYS[key] for subscription in spec.subscriptions for key in subscription.binding_keys}


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_a_service_consumes_only_events_that_are_produced(spec: ServiceSpec) -> None:
    assert consumed(spec) <= set(ALL_EVENTS)


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_a_service_subscribes_to_every_event_the_catalog_gives_it(spec: ServiceSpec) -> None:
    wanted = {event for event, consumers in CONSUMERS.items() if spec.name in consumers}
    assert wanted - consumed(spec) == set()


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_a_service_publishes_its_own_events_and_confirms_erasure(spec: ServiceSpec) -> None:
    own: set[Any] = {e for e in ALL_EVENTS if getattr(e, "PRODUCER", None) == spec.name}
    assert set(spec.publishes) == own | {ErasureCompleted}


def test_the_three_services_of_this_stage_are_installed() -> None:
    assert {"intake", "competence", "notifications"} <= {spec.name for spec in SERVICES}
