"""The district's rules row (one per district; RLS shows only the transaction's)."""

from __future__ import annotations

from wir_interpreting.domain.rules import DistrictRules
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "rules.sql")


async def load(tx: Tx) -> DistrictRules:
    """The district's rules, or the defaults when its coordinators set none."""
    row = await tx.fetchrow(Q["load"])
    return DistrictRules(**dict(row)) if row else DistrictRules()
