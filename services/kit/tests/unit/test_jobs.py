"""Work done district by district: one district's failure is logged and the others still run."""

from __future__ import annotations

import asyncio

import pytest
from structlog.testing import capture_logs

from wir_kit import each_district, nap
from wir_kit.testing.districts import BERGSTRASSE, FRANKFURT, MAIN_KINZIG

PERSONAL = "Fatima Yilmaz"


@pytest.fixture(autouse=True)
def three_districts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wir_kit.jobs.districts", lambda: [BERGSTRASSE, MAIN_KINZIG, FRANKFURT])


async def test_the_work_runs_for_every_district_and_the_counts_add_up() -> None:
    done: list[str] = []

    async def work(district: str) -> int | None:
        done.append(district)
        return None if district == MAIN_KINZIG else 2

    assert await each_district("reminders", work) == 4
    assert done == [BERGSTRASSE, MAIN_KINZIG, FRANKFURT]


async def test_one_district_failing_does_not_stop_the_others() -> None:
    done: list[str] = []

    async def work(district: str) -> int:
        if district == MAIN_KINZIG:
            raise ValueError(f"broken row of {PERSONAL}")
        done.append(district)
        return 1

    with capture_logs() as logs:
        total = await each_district("erasures", work)

    assert total == 2
    assert done == [BERGSTRASSE, FRANKFURT]
    failed = [entry for entry in logs if entry["event"] == "job failed for a district"]
    assert failed == [
        {
            "event": "job failed for a district",
            "job": "erasures",
            "district": MAIN_KINZIG,
            "error": "ValueError",
            "log_level": "error",
        }
    ]
    summary = [entry for entry in logs if entry["event"] == "job finished with failed districts"]
    assert [(entry["job"], entry["failed"]) for entry in summary] == [("erasures", 1)]
    assert PERSONAL not in repr(logs)  # the district and the error's type, never its message


async def test_a_run_without_failures_logs_nothing() -> None:
    async def work(_district: str) -> int:
        return 0

    with capture_logs() as logs:
        assert await each_district("reminders", work) == 0

    assert logs == []


async def test_a_nap_cancelled_as_it_is_woken_ends_its_loop() -> None:
    """The cancel and the wake-up in the same turn of the loop: `asyncio.wait_for` on Python
    3.11 returned normally then, and the loop napped on for ever."""
    for turns in range(4):
        wake = asyncio.Event()

        async def loop(wake: asyncio.Event = wake) -> None:
            while True:
                await nap(wake, 60)

        task = asyncio.create_task(loop())
        await asyncio.sleep(0)
        wake.set()
        for _ in range(turns):
            await asyncio.sleep(0)
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=1)
        assert done == {task}, f"cancel lost after {turns} turns"
        assert task.cancelled()


async def test_a_nap_ends_when_woken_and_clears_the_wake_up() -> None:
    wake = asyncio.Event()
    wake.set()
    async with asyncio.timeout(5):
        await nap(wake, 60)
    assert not wake.is_set()
