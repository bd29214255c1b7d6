"""Periodic jobs of a service (overdue checks, bounded waits), run as `ServiceSpec.background`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from wir_kit.logging import get_logger

if TYPE_CHECKING:
    from wir_kit.runtime import Runtime

log = get_logger("wir_kit.periodic")
Job = Callable[["Runtime"], Coroutine[Any, Any, None]]


def every(interval_s: float, job: Job, *, name: str) -> Job:
    """Run `job` every `interval_s` seconds on every replica; a failure is logged and waited out.

    Jobs run on all replicas at once, so they must be idempotent (e.g. claim rows with
    `FOR UPDATE SKIP LOCKED` or act only on rows whose state they change in the same statement).
    """

    async def loop(runtime: Runtime) -> None:
        while True:
            try:
                await job(runtime)
            except Exception as exc:  # noqa: BLE001 - a periodic job must outlive one bad run
                log.error("periodic job failed", job=name, error=type(exc).__name__)
            await asyncio.sleep(interval_s)

    return loop
