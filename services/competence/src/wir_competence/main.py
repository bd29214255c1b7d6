"""The competence service: its composition root, found by `wir` through the `wir.services` entry point."""

from __future__ import annotations

from importlib.resources import files

from wir_competence import demo
from wir_competence.api import documents, entries, occupations, records, share_links, shares, verification
from wir_competence.api.errors import ERRORS
from wir_competence.handlers import intake
from wir_competence.jobs.share_recipients import expired_share_recipients
from wir_competence.settings import CompetenceSettings
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.competence.v1 import (
    CompetenceRecordShared,
    CompetenceRecordUpdated,
    CourseCompleted,
    LanguageLevelCertified,
)
from wir_kit import ServiceSpec, every


def build(settings: CompetenceSettings | None = None) -> ServiceSpec:
    """Competence as `wir` runs it; its own settings are read here, once (`WIR_COMPETENCE_*`)."""
    settings = settings or CompetenceSettings()
    return ServiceSpec(
        name="competence",
        port=8002,
        description="Each person's Kompetenznachweis, its history, its bilingual PDF and consented, "
        "revocable sharing with potential employers.",
        migrations=files("wir_competence") / "migrations",
        subscriptions=intake.subscriptions(settings),
        publishes=[
            CompetenceRecordUpdated,
            CourseCompleted,
            LanguageLevelCertified,
            CompetenceRecordShared,
            ErasureCompleted,
        ],
        routers=[
            records.router,
            entries.router,
            documents.router,
            occupations.router,
            shares.router,
            share_links.router,
            verification.router,
        ],
        errors=ERRORS,
        settings=settings,
        seed_demo=demo.seed,
        background=[
            every(
                settings.recipient_check_interval_s,
                expired_share_recipients,
                name="expired_share_recipients",
            )
        ],
    )
