"""The periodic compliance check: in each district, reminders ahead of expiring documents, each
district in its own transaction."""

from __future__ import annotations

from wir_interpreting.commands import compliance
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Job, Resources, each_district


def check_compliance(settings: InterpretingSettings) -> Job:
    """The job, with the reminder window of `settings`."""

    async def job(resources: Resources) -> None:
        async def work(district: str) -> int:
            async with resources.db.transaction(district) as tx:
                return await compliance.remind_expiring(tx, within_days=settings.compliance_remind_days)

        await each_district("interpreter_compliance", work)

    return job
