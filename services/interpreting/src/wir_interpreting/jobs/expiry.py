"""Assignments nobody answered in time pass on, district by district: the attempt is recorded
as expired, the booking released, and the next candidate asked (the one who let it pass is
never asked again for that appointment). Each appointment in its own transaction: one that
fails is logged and tried again next pass, and does not hold back the others."""

from __future__ import annotations

from datetime import UTC, datetime

from wir_interpreting.commands import answers
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Db, Job, Resources, each_district, get_logger

log = get_logger(__name__)

#: How many overdue assignments one pass takes per district; the rest wait for the next pass.
BATCH = 200


async def pass_on_expired(db: Db, settings: InterpretingSettings, *, now: datetime | None = None) -> int:
    """One pass over every district; returns how many assignments expired."""

    async def work(district: str) -> int:
        at = now or datetime.now(UTC)
        async with db.transaction(district) as tx:
            due = await answers.overdue(tx, now=at, limit=BATCH)
        expired = 0
        for appointment_id in due:
            try:
                async with db.transaction(district) as tx:
                    expired += await answers.expire(tx, settings, appointment_id, now=at)
            except Exception as exc:  # noqa: BLE001 - one broken appointment must not stop the rest
                log.error("expiry failed", appointment_id=str(appointment_id), error=type(exc).__name__)
        return expired

    expired = await each_district("expired_assignments", work)
    if expired:
        log.info("assignments expired", count=expired)
    return expired


def expired_assignments(settings: InterpretingSettings) -> Job:
    """The job `main.build` runs every `expiry_check_interval_s`."""

    async def job(resources: Resources) -> None:
        await pass_on_expired(resources.db, settings)

    return job
