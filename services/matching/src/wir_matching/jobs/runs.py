"""The district runs that changes asked for (debounced in `run_requests`), on every replica: the
advisory lock in `commands/runs.py` keeps two replicas from running one district at once, and a
request is taken by the run that serves it."""

from __future__ import annotations

from wir_kit import Db, Job, Resources, each_district, get_logger
from wir_matching.commands import runs
from wir_matching.settings import MatchingSettings

log = get_logger(__name__)


async def run_due(db: Db, settings: MatchingSettings) -> int:
    """One pass over every district; returns how many proposals the due runs made."""

    async def work(district: str) -> int:
        async with db.transaction(district) as tx:
            outcome = await runs.run_if_requested(tx, settings)
        return 0 if outcome is None else len(outcome.proposed)

    return await each_district("due_runs", work)


def due_runs(settings: MatchingSettings) -> Job:
    """The job `main.build` runs every `run_check_interval_s`."""

    async def job(resources: Resources) -> None:
        await run_due(resources.db, settings)

    return job
