"""The intake service: its composition root, found by `wir` through the `wir.services` entry point."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from typing import Any

from fastapi import APIRouter

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.intake.v1 import (
    ConsentChanged,
    NeedsRecorded,
    PersonContactChanged,
    PersonErasureRequested,
    PersonRegistered,
    PersonUpdated,
)
from wir_intake import demo
from wir_intake.api import audit, consents, erasure, households, needs, persons, timeline
from wir_intake.domain.timeline import ForeignEvent, timeline_events
from wir_intake.handlers.erasure import on_erasure_completed, on_erasure_requested
from wir_intake.handlers.timeline import on_foreign_event
from wir_intake.jobs.checks import lapsed_consents, old_idempotency_answers, overdue_erasures
from wir_kit.runtime import Runtime
from wir_kit.service import ServiceSpec
from wir_kit.subscriptions import Subscription


def subscriptions(_runtime: Runtime) -> Sequence[Subscription[Any]]:
    return [
        Subscription(
            "timeline",
            ForeignEvent,
            on_foreign_event,
            bindings=tuple(event.binding_key() for event in timeline_events()),
        ),
        Subscription("erasure_completed", ErasureCompleted, on_erasure_completed),
        Subscription("erasure_requested", PersonErasureRequested, on_erasure_requested),
    ]


def routers(runtime: Runtime) -> Sequence[APIRouter]:
    # The search route comes before /persons/{person_id}, which would otherwise take "search".
    return [
        persons.routes(runtime),
        erasure.routes(runtime),
        timeline.routes(runtime),
        needs.routes(runtime),
        consents.routes(runtime),
        households.routes(runtime),
        audit.routes(runtime),
    ]


service = ServiceSpec(
    name="intake",
    port=8001,
    description="People, households, needs, consents, case timeline and erasure for WIR case managers.",
    migrations=files("wir_intake") / "migrations",
    extensions=("pg_trgm", "fuzzystrmatch"),
    subscriptions=subscriptions,
    publishes=[
        PersonRegistered,
        PersonUpdated,
        PersonContactChanged,
        ConsentChanged,
        NeedsRecorded,
        PersonErasureRequested,
        ErasureCompleted,
    ],
    routers=routers,
    seed_demo=demo.seed,
    background=[overdue_erasures, lapsed_consents, old_idempotency_answers],
)
