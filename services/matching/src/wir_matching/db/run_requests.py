"""Debounced requests to run the district's assignment, written by every change that can alter it."""

from __future__ import annotations

from wir_kit import Tx, load_queries

Q = load_queries("wir_matching.db", "run_requests.sql")


async def request_run(tx: Tx, *, delay_s: float) -> None:
    """Ask for a run of the transaction's district `delay_s` from now, or keep an earlier one."""
    await tx.execute(Q["request_run"], tx.district, delay_s)
