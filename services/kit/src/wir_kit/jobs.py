"""Background jobs of a service: periodic loops, and work done district by district.

Jobs run on every replica at once, so each must be idempotent (claim rows with
`FOR UPDATE SKIP LOCKED`, or act only on rows whose state it changes in the same statement).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from wir_contracts.districts import districts
from wir_kit.logging import get_logger
from wir_kit.resources import Resources
from wir_kit.service import Job

log = get_logger("wir_kit.jobs")


async def nap(wake: asyncio.Event, seconds: float) -> None:
    """Sleep until `wake` is set or `seconds` pass, then clear `wake`.

    Not `asyncio.wait_for`: on Python 3.11 it returns normally when the cancel arrives just as
    the event is set, and a job's loop then never ends (a service's stop hung on it)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await wake.wait()
    wake.clear()


def every(interval_s: float, job: Job, *, name: str) -> Job:
    """Run `job` every `interval_s` seconds; a failure is logged and waited out."""

    async def loop(resources: Resources) -> None:
        while True:
            try:
                await job(resources)
            except Exception as exc:  # noqa: BLE001 - a periodic job must outlive one bad run
                log.error("periodic job failed", job=name, error=type(exc).__name__)
            await asyncio.sleep(interval_s)

    return loop


async def each_district(job: str, work: Callable[[str], Awaitable[int | None]]) -> int:
    """`work(district)` for every district the installation knows; returns the sum of what the
    calls returned. One district's failure is logged and the others still run: a broken row in
    one district must not stop another's erasures or reminders."""
    done = 0
    failed = 0
    for district in list(districts()):
        try:
            done += await work(district) or 0
        except Exception as exc:  # noqa: BLE001 - isolate the district, the job goes on
            failed += 1
            # The district and the error's type only: its message can quote personal data.
            log.error("job failed for a district", job=job, district=district, error=type(exc).__name__)
    if failed:
        log.warning("job finished with failed districts", job=job, failed=failed)
    return done
