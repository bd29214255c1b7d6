"""Building blocks of the events' golden examples: fake people, fixed ids, the envelope.

Examples recur across producers (the same person is registered, matched and interpreted
for), so their ids live here and the stories stay consistent.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from pydantic import ConfigDict

# Fictitious people; any likeness is accidental.
AMINA = "fa015d45-6579-4301-8f67-64326cafb711"  # person in Kreis Bergstraße
OLEKSANDR = "e007220b-fdb9-4827-bc45-64c41ef3f9bc"  # person in Hanau
JUTTA = "53a8f278-6ffb-4d6c-b799-1cdd4c5299d1"  # volunteer (Integrationslotsin), Bergstraße
FARID = "1694226c-59e0-4431-9f6a-5ebca4309d59"  # interpreter for Dari and Farsi, Bergstraße
MARTA = "6a1fa948-0bef-455b-a367-3b72ec0f2dcb"  # interpreter for Ukrainian, Hanau

MENTORING_NEED = "a7dbc409-9f3e-403f-9251-a014fded1393"
INTERPRETING_NEED = "eafa6504-888a-4785-a926-911ecbc5fdcf"
COURSE_NEED = "0e9dadae-2882-45f5-87e1-4dd0b9070c60"
MATCH = "eb180175-07cb-475f-977d-c8888026175d"
APPOINTMENT = "7cfced17-4868-4602-b69f-22fe6d830fb6"
COURSE = "18293e09-3367-4aa4-a254-3ffc4c3df4ed"
SHARE = "ddcb36c1-098c-4ae2-9c2a-57d7ccc37310"
ERASURE_REQUEST = "6e4cab9f-afde-43c5-9934-7dbcad6ae37d"
NOTIFICATION = "4630068e-b215-45ae-93ed-05c885c31a8d"

BERGSTRASSE = "06431"
HEPPENHEIM = "06431011"
BENSHEIM = "06431002"
HANAU = "06415"
HANAU_TOWN = "06415000"

_EVENT_IDS = UUID("22edf60e-327e-4c9e-b259-237bcc079793")


def envelope(
    producer: str,
    event: str,
    *,
    occurred_at: str,
    district: str = BERGSTRASSE,
    number: int = 1,
    correlation_id: str | None = "req-4f7c2a9e",
    causation_id: str | None = None,
    version: str = "1.0",
) -> dict[str, Any]:
    """The envelope fields of the `number`th example of an event, as they go on the wire."""
    return {
        "event_id": str(uuid5(_EVENT_IDS, f"{producer}.{event}.{number}")),
        "event_type": event,
        "event_version": version,
        "district": district,
        "occurred_at": occurred_at,
        "correlation_id": correlation_id,
        "causation_id": causation_id,
        "producer": producer,
    }


def caused_by(producer: str, event: str, number: int = 1) -> str:
    """The event id of another example, for `causation_id`."""
    return str(uuid5(_EVENT_IDS, f"{producer}.{event}.{number}"))


def examples(*payloads: dict[str, Any]) -> ConfigDict:
    """An event's `model_config`: its golden example payloads, shown in its JSON Schema."""
    return ConfigDict(json_schema_extra={"examples": list(payloads)})
