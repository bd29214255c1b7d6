"""A handler has a time limit, and no more handlers run at once than the pool has connections."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wir_kit.db import Tx
from wir_kit.subscriptions import Consumer
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, add_note, record_seen, spec
from wir_kit.testing.waiting import eventually


async def seen_count(runtime: Any) -> int:
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        return int(await tx.fetchval("SELECT count(*) FROM seen"))


async def test_a_handler_over_its_time_limit_is_cancelled_and_retried(wir_settings, wir_runtime) -> None:
    hangs = {"left": 1}

    async def hanging_once(event: NoteTaken, tx: Tx) -> None:
        if hangs["left"]:
            hangs["left"] -= 1
            await asyncio.Event().wait()  # a downstream call that never answers
        await record_seen(event, tx)

    runtime = await wir_runtime(spec(handler=hanging_once), wir_settings(handler_timeout_s=0.3))
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "late")

    assert await eventually(lambda: seen_count(runtime)) == 1
    assert hangs["left"] == 0


@pytest.fixture
def concurrency(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many consumer calls (pool wait, inbox claim, handler, commit) run at once, at most."""
    seen = {"now": 0, "most": 0}
    call = Consumer.__call__

    async def counted(self: Consumer, event: Any) -> None:
        seen["now"] += 1
        seen["most"] = max(seen["most"], seen["now"])
        try:
            await call(self, event)
        finally:
            seen["now"] -= 1

    monkeypatch.setattr(Consumer, "__call__", counted)
    return seen


async def test_no_more_handlers_run_at_once_than_the_pool_has_connections(
    wir_settings, wir_runtime, concurrency: dict[str, int]
) -> None:
    async def slow(event: NoteTaken, tx: Tx) -> None:
        await asyncio.sleep(0.02)
        await record_seen(event, tx)

    runtime = await wir_runtime(spec(handler=slow), wir_settings(database_pool_max=2))
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        for n in range(30):
            await add_note(tx, f"note {n}")

    async def all_seen() -> bool:
        return await seen_count(runtime) == 30

    assert await eventually(all_seen, timeout=20)
    assert 1 <= concurrency["most"] <= 2
