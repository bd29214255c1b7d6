"""The periodic compliance check: in each district, reminders ahead of expiring documents and
suspensions for expired ones, each district in its own transaction."""

from __future__ import annotations

from wir_kit import Job, Resources, each_district
from wir_matching.commands import compliance
from wir_matching.settings import MatchingSettings


def check_compliance(settings: MatchingSettings) -> Job:
    """The job, with the reminder window and run debounce of `settings`."""

    async def job(resources: Resources) -> None:
        async def work(district: str) -> int:
            async with resources.db.transaction(district) as tx:
                reminded = await compliance.remind_expiring(tx, within_days=settings.compliance_remind_days)
                suspended = await compliance.suspend_expired(tx, run_delay_s=settings.run_debounce_s)
                return reminded + suspended

        await each_district("volunteer_compliance", work)

    return job
