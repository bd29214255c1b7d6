"""Proposals nobody answered in time expire, district by district; each expiry asks for a run so
the need goes to the next best volunteer (the one who let it expire is never proposed again)."""

from __future__ import annotations

from wir_kit import Db, Job, Resources, each_district, get_logger
from wir_matching.commands import proposals
from wir_matching.settings import MatchingSettings

log = get_logger(__name__)


async def expire_due(db: Db, settings: MatchingSettings) -> int:
    """One pass over every district; returns how many proposals expired."""

    async def work(district: str) -> int:
        async with db.transaction(district) as tx:
            return await proposals.expire_due(tx, run_delay_s=settings.run_debounce_s)

    expired = await each_district("expired_proposals", work)
    if expired:
        log.info("proposals expired", count=expired)
    return expired


def expired_proposals(settings: MatchingSettings) -> Job:
    """The job `main.build` runs every `expiry_check_interval_s`."""

    async def job(resources: Resources) -> None:
        await expire_due(resources.db, settings)

    return job
