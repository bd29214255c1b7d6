"""Overdue erasures, lapsed consents and old idempotency answers, per district."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wir_contracts.districts import districts
from wir_intake.commands import consents
from wir_intake.db import erasures, idempotency
from wir_intake.settings import IntakeSettings
from wir_kit.logging import get_logger
from wir_kit.periodic import every

if TYPE_CHECKING:
    from wir_kit.runtime import Runtime

log = get_logger(__name__)


async def mark_overdue_erasures(runtime: Runtime, after_s: float) -> None:
    for district in list(districts()):
        async with runtime.db.transaction(district) as tx:
            for request_id, person_id in await erasures.mark_overdue(tx, after_s):
                erasure = await erasures.get(tx, request_id)
                outstanding = [s.value for s in erasure.outstanding()] if erasure else []
                log.warning(
                    "erasure overdue",
                    district=district,
                    request_id=str(request_id),
                    person_id=str(person_id),
                    outstanding=outstanding,
                )


async def announce_lapsed_consents(runtime: Runtime) -> None:
    for district in list(districts()):
        async with runtime.db.transaction(district) as tx:
            for person_id in await consents.announce_expiries(tx):
                log.info("consent lapsed", district=district, person_id=str(person_id))


async def prune_idempotency_answers(runtime: Runtime, older_than_s: float) -> None:
    for district in list(districts()):
        async with runtime.db.transaction(district) as tx:
            await idempotency.prune(tx, older_than_s)


async def overdue_erasures(runtime: Runtime) -> None:
    settings = IntakeSettings()

    async def job(rt: Runtime) -> None:
        await mark_overdue_erasures(rt, settings.erasure_overdue_after_s)

    await every(settings.erasure_check_interval_s, job, name="overdue_erasures")(runtime)


async def lapsed_consents(runtime: Runtime) -> None:
    settings = IntakeSettings()
    await every(settings.consent_check_interval_s, announce_lapsed_consents, name="lapsed_consents")(runtime)


async def old_idempotency_answers(runtime: Runtime) -> None:
    settings = IntakeSettings()

    async def job(rt: Runtime) -> None:
        await prune_idempotency_answers(rt, settings.idempotency_retention_h * 3600)

    await every(settings.idempotency_prune_interval_s, job, name="idempotency_prune")(runtime)
