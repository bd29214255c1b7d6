"""Erasures that some service has not confirmed in time are marked overdue, and logged."""

from __future__ import annotations

from wir_intake.db import erasures
from wir_kit import Job, Resources, each_district, get_logger

log = get_logger(__name__)


def overdue_erasures(after_s: float) -> Job:
    """One pass: every erasure requested more than `after_s` ago and not completed."""

    async def run(resources: Resources) -> None:
        async def mark(district: str) -> int:
            async with resources.db.transaction(district) as tx:
                overdue = await erasures.mark_overdue(tx, after_s)
                for request_id, person_id in overdue:
                    erasure = await erasures.get(tx, request_id)
                    outstanding = [s.value for s in erasure.outstanding()] if erasure else []
                    log.warning(
                        "erasure overdue",
                        district=district,
                        request_id=str(request_id),
                        person_id=str(person_id),
                        outstanding=outstanding,
                    )
            return len(overdue)

        await each_district("overdue_erasures", mark)

    return run
