"""Coordinators hear of people who wait too long for a mentor: a need on the waiting list longer
than `waiting_alert_days` is announced (PersonWaitingForMentor, with the reason of the last run)
at most once a week while it waits."""

from __future__ import annotations

from wir_contracts.matching.v1 import PersonWaitingForMentor, WaitingReason
from wir_kit import Db, Job, Resources, Tx, each_district, get_logger
from wir_matching.db import snapshot
from wir_matching.settings import MatchingSettings

log = get_logger(__name__)


async def alert_district(tx: Tx, alert_days: int) -> int:
    """Announce the district's needs that wait too long and were not announced this week."""
    due = await snapshot.due_alerts(tx, alert_days)
    for row in due:
        await tx.publish(
            PersonWaitingForMentor(
                district=tx.district,
                person_id=row["person_id"],
                need_id=row["need_id"],
                waiting_since=row["waiting_since"],
                waiting_days=row["days_waited"],
                reason=WaitingReason(row["reason"]),
            )
        )
    if due:
        await snapshot.mark_alerted(tx, [row["need_id"] for row in due])
    return len(due)


async def alert_waiting(db: Db, settings: MatchingSettings) -> int:
    """One pass over every district; returns how many needs were announced."""

    async def work(district: str) -> int:
        async with db.transaction(district) as tx:
            return await alert_district(tx, settings.waiting_alert_days)

    alerted = await each_district("waiting_alerts", work)
    if alerted:
        log.info("long waits announced", count=alerted)
    return alerted


def waiting_alerts(settings: MatchingSettings) -> Job:
    """The job `main.build` runs every `waiting_check_interval_s`."""

    async def job(resources: Resources) -> None:
        await alert_waiting(resources.db, settings)

    return job
