"""Consents that expired are announced: consumers learn which consents are still in force."""

from __future__ import annotations

from wir_intake.commands import consents
from wir_kit import Resources, each_district, get_logger

log = get_logger(__name__)


async def lapsed_consents(resources: Resources) -> None:
    """One pass: a new version of every person whose consent lapsed since the last pass."""

    async def announce(district: str) -> int:
        async with resources.db.transaction(district) as tx:
            people = await consents.announce_expiries(tx)
            for person_id in people:
                log.info("consent lapsed", district=district, person_id=str(person_id))
        return len(people)

    await each_district("lapsed_consents", announce)
