"""The stored answers of idempotent POSTs are removed once no retry can come any more."""

from __future__ import annotations

from wir_intake.db import idempotency
from wir_kit import Job, Resources, each_district


def old_answers(retention_s: float) -> Job:
    """One pass: every answer older than `retention_s` goes."""

    async def run(resources: Resources) -> None:
        async def prune(district: str) -> None:
            async with resources.db.transaction(district) as tx:
                await idempotency.prune(tx, retention_s)

        await each_district("idempotency_prune", prune)

    return run
