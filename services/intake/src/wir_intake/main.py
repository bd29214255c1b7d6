"""The intake service: its composition root, found by `wir` through the `wir.services` entry point."""

from __future__ import annotations

from importlib.resources import files

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.intake.v1 import (
    ConsentChanged,
    NeedsRecorded,
    PersonContactChanged,
    PersonErasureRequested,
    PersonIdentified,
    PersonRegistered,
    PersonUpdated,
)
from wir_intake import demo
from wir_intake.api import audit, consents, erasure, households, needs, persons, timeline
from wir_intake.api.errors import ERRORS
from wir_intake.handlers import every_service
from wir_intake.handlers import intake as intake_handlers
from wir_intake.handlers import timeline as timeline_handlers
from wir_intake.jobs.consents import lapsed_consents
from wir_intake.jobs.erasures import overdue_erasures
from wir_intake.jobs.idempotency import old_answers
from wir_intake.settings import IntakeSettings
from wir_kit import Job, ServiceSpec, every


def build(settings: IntakeSettings | None = None) -> ServiceSpec:
    """Intake as `wir` runs it; its own settings are read here, once (`WIR_INTAKE_*`)."""
    settings = settings or IntakeSettings()
    return ServiceSpec(
        name="intake",
        port=8001,
        description="People, households, needs, consents, case timeline and erasure for WIR case managers.",
        migrations=files("wir_intake") / "migrations",
        extensions=("pg_trgm", "fuzzystrmatch"),
        subscriptions=[
            *timeline_handlers.subscriptions(settings),
            *every_service.subscriptions(settings),
            *intake_handlers.subscriptions(settings),
        ],
        publishes=[
            PersonRegistered,
            PersonUpdated,
            PersonContactChanged,
            PersonIdentified,
            ConsentChanged,
            NeedsRecorded,
            PersonErasureRequested,
            ErasureCompleted,
        ],
        # The search route comes before /persons/{person_id}, which would otherwise take "search".
        routers=[
            persons.router,
            erasure.router,
            timeline.router,
            needs.router,
            consents.router,
            households.router,
            audit.router,
        ],
        errors=ERRORS,
        settings=settings,
        seed_demo=demo.seed,
        background=_background(settings),
    )


def _background(settings: IntakeSettings) -> list[Job]:
    """The periodic checks, at the intervals the settings give."""
    return [
        every(
            settings.erasure_check_interval_s,
            overdue_erasures(settings.erasure_overdue_after_s),
            name="overdue_erasures",
        ),
        every(settings.consent_check_interval_s, lapsed_consents, name="lapsed_consents"),
        every(
            settings.idempotency_prune_interval_s,
            old_answers(settings.idempotency_retention_h * 3600),
            name="idempotency_prune",
        ),
    ]
