"""The competence service, as the operator CLI and the runtime find it (entry point `wir.services`)."""

from __future__ import annotations

from importlib.resources import files

from wir_competence import api, demo, handlers, retention
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.competence.v1 import (
    CompetenceRecordShared,
    CompetenceRecordUpdated,
    CourseCompleted,
    LanguageLevelCertified,
)
from wir_kit.service import ServiceSpec

service = ServiceSpec(
    name="competence",
    port=8002,
    migrations=files("wir_competence") / "migrations",
    subscriptions=handlers.SUBSCRIPTIONS,
    publishes=[
        CompetenceRecordUpdated,
        CourseCompleted,
        LanguageLevelCertified,
        CompetenceRecordShared,
        ErasureCompleted,
    ],
    routers=api.routers,
    seed_demo=demo.seed,
    background=[retention.expired_recipients_job],
    description=__doc__ or "",
)
