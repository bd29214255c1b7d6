"""The district's rules as its coordinators set them (`db.rules.load` reads them)."""

from __future__ import annotations

from wir_interpreting.domain.rules import DistrictRules
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "district_rules.sql")


async def save(tx: Tx, rules: DistrictRules) -> int:
    """Store every rule (the given version is ignored); the rules' new version."""
    version: int = await tx.fetchval(
        Q["save"],
        tx.district,
        rules.lead_time_hours,
        rules.answer_hours,
        rules.flat_cents,
        rules.hourly_cents,
        rules.per_km_cents,
        rules.short_notice_hours,
        rules.short_notice_cancel_cents,
    )
    return version
