"""Keeping an employer's address only as long as the share it was given for works.

Revoking a share blanks it at once; a share that simply expires is found by this job.
"""

from __future__ import annotations

from wir_competence.db import store
from wir_competence.settings import CompetenceSettings
from wir_contracts.districts import districts
from wir_kit.logging import get_logger
from wir_kit.periodic import every
from wir_kit.runtime import Runtime

log = get_logger(__name__)


async def forget_expired_recipients(runtime: Runtime) -> int:
    """One pass over every district; returns how many addresses were blanked."""
    forgotten = 0
    for district in districts():
        async with runtime.db.transaction(district) as tx:
            forgotten += await store.forget_expired_recipients(tx)
    if forgotten:
        log.info("recipients of expired shares forgotten", count=forgotten)
    return forgotten


async def expired_recipients_job(runtime: Runtime) -> None:
    async def job(rt: Runtime) -> None:
        await forget_expired_recipients(rt)

    interval = CompetenceSettings().recipient_check_interval_s
    await every(interval, job, name="expired_share_recipients")(runtime)
