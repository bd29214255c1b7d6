"""Messages for recipients who never appeared are reported after a bounded wait, not lost."""

from __future__ import annotations

from wir_kit import Job, Resources, each_district
from wir_notifications.commands import notifications

#: Waiting rows reported per transaction; a district with more takes several.
BATCH = 200


def report_unknown_recipients(wait_s: float) -> Job:
    """One pass: fail what waited longer than `wait_s` for its recipient, district by district
    (one district's failure does not keep the others from their reports)."""

    async def run(resources: Resources) -> None:
        async def report(district: str) -> int:
            reported = 0
            while True:
                async with resources.db.transaction(district) as tx:
                    found = await notifications.fail_unknown_recipients(tx, wait_s, BATCH)
                reported += found
                if found < BATCH:
                    return reported

        await each_district("report_unknown_recipients", report)

    return run
