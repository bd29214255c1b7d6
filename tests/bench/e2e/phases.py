"""One phase of the benchmark: load, wait for every effect, charge the CPU and the commits.

Every wait is bounded: a phase that makes no progress for `STALL_S` ends the run with what
it was waiting for, and one that takes longer than `PHASE_TIMEOUT_S` in all, too.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from wir_ops.commands.run_mail_sink import MailSink

from .accounting import STATS_FLUSH_S, Cost, Database, Processes, cost, sample
from .load import Arrivals, Load, PlatformFailed

#: Longest a phase may go without a registration posted, e-mail accepted or record opened.
STALL_S = 60.0
PHASE_TIMEOUT_S = 600.0
PROGRESS_EVERY_S = 5.0
POLL_S = 0.1


def progress(message: str) -> None:
    print(f"e2e bench: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Result:
    name: str
    registrations: int
    #: Registrations per second, first POST to last e-mail accepted.
    per_second: float
    #: POST to welcome e-mail accepted, ms, sorted.
    latencies: list[float]
    cost: Cost
    #: Commits in the sandbox's database during the phase, net of the idle rate and the
    #: benchmark's own statements.
    commits: float


@dataclass
class Platform:
    """What a phase runs against and measures with."""

    sink: MailSink
    db: Database
    processes: Processes
    #: Commits per second of the platform left alone.
    idle_commits_per_s: float = 0.0


async def run_phase(
    name: str, platform: Platform, load: Load, count: int, drive: Callable[[], Awaitable[None]]
) -> Result:
    """`drive` posts `count` registrations through `load`; wait for their effects, then settle."""
    progress(f"{name}: {count} registrations")
    async with asyncio.timeout(PHASE_TIMEOUT_S):
        commits_before, own_before = await platform.db.commits(), platform.db.statements
        records_before = await platform.db.records()
        read_at = time.monotonic()
        before = await sample(platform.processes, platform.db)
        arrivals = Arrivals(platform.sink, load)
        reporter = asyncio.create_task(_report_progress(name, load, arrivals, count))
        try:
            await drive()
            await _until(f"{name}: welcome e-mails", arrivals.update, count)
            await _until(f"{name}: competence records", _records_since(platform.db, records_before), count)
        finally:
            reporter.cancel()
        after = await sample(platform.processes, platform.db)
        progress(f"{name}: done; {STATS_FLUSH_S:g} s for PostgreSQL to count the commits")
        await asyncio.sleep(STATS_FLUSH_S)
        commits = await platform.db.commits() - commits_before
        own = platform.db.statements - own_before
        idle = platform.idle_commits_per_s * (time.monotonic() - read_at)
    latencies = sorted((arrivals.at[email] - started) * 1000 for email, started in load.started.items())
    span = max(arrivals.at.values()) - min(load.started.values())
    return Result(name, count, count / span, latencies, cost(before, after), commits - own - idle)


def _records_since(db: Database, before: int) -> Callable[[], Awaitable[int]]:
    async def opened() -> int:
        return await db.records() - before

    return opened


async def _until(what: str, done: Callable[[], int | Awaitable[int]], count: int) -> None:
    """Poll `done` until it reaches `count`; PlatformFailed if it stalls for STALL_S."""
    best, moved = -1, time.monotonic()
    while True:
        value = done()
        now = value if isinstance(value, int) else await value
        if now >= count:
            return
        if now > best:
            best, moved = now, time.monotonic()
        elif time.monotonic() - moved > STALL_S:
            raise PlatformFailed(f"{what}: {now} of {count}, none more for {STALL_S:g} s")
        await asyncio.sleep(POLL_S if isinstance(value, int) else 5 * POLL_S)


async def _report_progress(name: str, load: Load, arrivals: Arrivals, count: int) -> None:
    while True:
        await asyncio.sleep(PROGRESS_EVERY_S)
        arrived = arrivals.update()
        progress(f"{name}: {len(load.started)} of {count} posted, {arrived} e-mails accepted")
