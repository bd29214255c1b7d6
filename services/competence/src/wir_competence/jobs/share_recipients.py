"""Keeping an employer's address only as long as the share it was given for works.

Revoking a share blanks it at once; a share that simply expires is found by this job, district
by district: one district's failure does not keep the others' addresses.
"""

from __future__ import annotations

from wir_competence.db import shares
from wir_kit import Resources, each_district, get_logger

log = get_logger(__name__)


async def forget_expired_recipients(resources: Resources) -> int:
    """One pass over every district; returns how many addresses were blanked."""

    async def forget(district: str) -> int:
        async with resources.db.transaction(district) as tx:
            return await shares.forget_expired_recipients(tx)

    forgotten = await each_district("expired_share_recipients", forget)
    if forgotten:
        log.info("recipients of expired shares forgotten", count=forgotten)
    return forgotten


async def expired_share_recipients(resources: Resources) -> None:
    """The job `main.build` runs periodically (`every`): one pass, its count logged."""
    await forget_expired_recipients(resources)
