"""The HTTP side of competence: staff routes (token, district-scoped) and the public links."""

from __future__ import annotations

from fastapi import APIRouter

from wir_competence.api import public, records, sharing
from wir_competence.settings import CompetenceSettings
from wir_kit.runtime import Runtime


def routers(runtime: Runtime) -> list[APIRouter]:
    settings = CompetenceSettings()
    return [
        records.router(runtime, settings),
        records.occupation_router(),
        sharing.router(runtime, settings),
        public.router(runtime),
    ]
