"""Stopping a service ends within its grace period, whatever is still running: Kubernetes kills
a pod 30 s after SIGTERM, and each step waiting its own grace period once overran that."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from wir_kit.db import Tx
from wir_kit.relay import Relay
from wir_kit.resources import Resources
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import NoteTaken, add_note, spec
from wir_kit.testing.waiting import eventually

GRACE_S = 2.0
#: Room for closing the connections; well below a second grace period, which the old stop took.
CLOSING_S = 1.5


class StuckRelay(Relay):
    """A relay waiting on a broker that never answers, deaf to `stop()`."""

    async def run(self) -> None:
        await asyncio.Event().wait()


async def test_stop_ends_within_one_grace_period_although_handler_and_relay_hang(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    started = asyncio.Event()

    async def never_ends(event: NoteTaken, tx: Tx) -> None:
        started.set()
        await asyncio.Event().wait()  # a downstream call that never answers

    settings = wir_settings(graceful_timeout_s=GRACE_S, handler_timeout_s=600.0)
    runtime = await wir_runtime(spec(handler=never_ends), settings, relay=StuckRelay)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        note = await add_note(tx, "in flight at stop")
    await publish(settings, note)  # what another replica's relay sent

    async def in_flight() -> bool:
        return started.is_set()

    assert await eventually(in_flight)
    async with asyncio.timeout(GRACE_S + CLOSING_S):
        await runtime.stop()


async def test_stop_ends_although_a_background_job_swallows_its_cancel(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    """Python 3.11's `wait_for` loses a cancel that arrives as its event is set; a job's loop
    then went on and a service's stop waited for it for ever."""
    swallowed: list[int] = []

    async def deaf(_resources: Resources) -> None:
        while True:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                if swallowed:
                    raise
                swallowed.append(1)

    settings = wir_settings(graceful_timeout_s=GRACE_S)
    runtime = await wir_runtime(replace(spec(), background=[deaf]), settings)
    await asyncio.sleep(0)
    async with asyncio.timeout(GRACE_S + CLOSING_S):
        await runtime.stop()

    assert swallowed == [1]
