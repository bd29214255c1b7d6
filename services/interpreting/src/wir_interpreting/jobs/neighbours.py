"""Bookings made in neighbouring pools are announced to their interpreters, district by district:
each requesting district reads what changed (it alone can read the appointments), and each
change is told in the interpreter's district in a transaction of its own there."""

from __future__ import annotations

from datetime import UTC, datetime

from wir_interpreting.commands import neighbours
from wir_interpreting.domain.neighbours import News
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Db, Job, Resources, each_district, get_logger

log = get_logger(__name__)


async def announce(db: Db, settings: InterpretingSettings) -> int:
    """One pass over every district; returns how many changes were told."""

    async def work(district: str) -> int:
        async with db.transaction(district) as tx:
            changed = await neighbours.untold(tx)
        told = 0
        for booking in changed:
            async with db.transaction(booking.pool_district) as theirs:
                what = await neighbours.tell(theirs, settings, booking, now=datetime.now(UTC))
            told += what is not News.NOTHING
        return told

    told = await each_district("neighbour_bookings", work)
    if told:
        log.info("neighbour bookings told", count=told)
    return told


def announce_neighbour_bookings(settings: InterpretingSettings) -> Job:
    """The job `main.build` runs every `neighbour_check_interval_s`."""

    async def job(resources: Resources) -> None:
        await announce(resources.db, settings)

    return job
