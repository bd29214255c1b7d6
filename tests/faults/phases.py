"""One phase of the matrix: a batch of registrations at a steady rate, one fault injected while
they flow, then a bounded wait until every accepted registration has all its effects."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from .accounting import Effects, dead_letters, effects, same_message_ids
from .injections import Fault, Rig, progress
from .load import RETRY_FOR_S, Registration, registrations, steady
from .table import Row

PER_FAULT = 120
RATE_PER_S = 30.0
#: The fault comes this long after the first registration, while the batch flows.
FAULT_AFTER_S = 1.5
#: Longest wait for every effect after a fault: a bound on waiting, not a measurement.
CONVERGE_TIMEOUT_S = 90.0
REPORT_EVERY_S = 5.0


async def run_phase(
    rig: Rig, http: httpx.AsyncClient, tokens: dict[str, str], index: int, name: str, fault: Fault
) -> tuple[Row, list[Registration]]:
    dead_before = sum((await dead_letters(rig.platform.settings)).values())
    poisoned = len(rig.poison)
    batch = registrations(f"p{index}", PER_FAULT)
    url = rig.platform.url("intake", "/persons?confirmed_new=true")
    load = asyncio.create_task(steady(http, url, tokens, batch, RATE_PER_S))
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(FAULT_AFTER_S)
        fault_at = loop.time()
        progress(f"{name}: {await fault(rig)}")
        async with asyncio.timeout(RETRY_FOR_S + PER_FAULT / RATE_PER_S):
            await load
    finally:
        load.cancel()
        await asyncio.gather(load, return_exceptions=True)
    found, dead, converged_at = await converge(rig, name, batch, dead_before + len(rig.poison) - poisoned)
    converged_s = None if converged_at is None else converged_at - fault_at
    when = "not converged" if converged_s is None else f"converged in {converged_s:.1f} s"
    progress(f"{name}: accepted {found.accepted}, {when}")
    refusals: Counter[str] = sum((r.refusals for r in batch), Counter())
    same = same_message_ids(rig.sink, [r.email for r in batch if r.person_id])
    return Row(name, found, dead - dead_before, converged_s, dict(refusals), same), batch


async def converge(
    rig: Rig, name: str, batch: list[Registration], dead_expected: int
) -> tuple[Effects, int, float | None]:
    """The batch's effects and the dead letters once all are there (and when), or at the bound."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    report_at = started
    while True:
        found = await effects(rig.db, rig.sink, batch)
        dead = sum((await dead_letters(rig.platform.settings)).values())
        if found.converged and dead >= dead_expected:
            return found, dead, loop.time()
        if loop.time() - started > CONVERGE_TIMEOUT_S:
            progress(f"{name}: not converged within {CONVERGE_TIMEOUT_S:g} s: {found.shortfall()}")
            return found, dead, None
        if loop.time() >= report_at:
            report_at += REPORT_EVERY_S
            progress(f"{name}: waiting: {found.shortfall()}; dead letters {dead} of {dead_expected}")
        await asyncio.sleep(0.5)
