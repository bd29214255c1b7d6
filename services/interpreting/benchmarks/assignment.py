"""Benchmark: interpreting's automatic assignment under concurrent load from several processes,
and the double bookings found afterwards (there must be none).

A small pool (5 interpreters of Kreis Bergstraße, 2 of Hanau who also serve Bergstraße) gets N
requests for Dari over five days, a quarter of them from Hanau, from P operating-system
processes at once, each with its own connection pool as P replicas of the service would have.
Each request is the service's own command (`commands.requests.create`: checked, stored,
announced, offered to the best free candidate), so concurrent assignments race for the same
interpreters and only the exclusion constraint settles who wins. Prints the throughput, the
p50/p95 latency of one request (its transaction, from BEGIN to COMMIT), how many were assigned
or left unfilled, and the overlapping bookings found by SQL on bookings(interpreter_id, during).

    uv run python services/interpreting/benchmarks/assignment.py [--requests N] [--processes P]

The same processes serve the concurrency test (tests/integration/test_interpreting_concurrency.py),
which loads this file and asserts on the database what this prints.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import logging
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from wir_interpreting.commands import requests
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Db
from wir_kit.logging import configure_logging
from wir_kit.migrations import drop_schema
from wir_kit.runtime import apply_migrations
from wir_kit.settings import Settings

BERGSTRASSE, HANAU = "06431", "06415"
BERLIN = ZoneInfo("Europe/Berlin")
LANGUAGE = "prs"
#: Where on-site appointments take place in each requesting district.
VENUES = {
    BERGSTRASSE: [
        "06431002",
        "06431011",
        "06431020",
        "06431013",
    ],  # Bensheim, Heppenheim, Viernheim, Lampertheim
    HANAU: ["06415000"],
}
#: Interpreters per district as (home municipality, travel km, granted districts).
POOL: dict[str, list[tuple[str, int, tuple[str, ...]]]] = {
    BERGSTRASSE: [
        ("06431002", 40, ()),
        ("06431011", 40, ()),
        ("06431020", 30, ()),
        ("06431013", 30, ()),
        ("06431002", 0, ()),  # works by phone and video only
    ],
    HANAU: [("06415000", 90, (BERGSTRASSE,)), ("06415000", 90, (BERGSTRASSE,))],
}
DAYS = 5
SCRIPT = Path(__file__).resolve()
#: Connections per process: four processes stay well within the server's connection limit.
POOL_SIZE = 6
OVERLAPS = """
SELECT count(*) FROM "{schema}".bookings a
JOIN "{schema}".bookings b
  ON a.interpreter_id = b.interpreter_id AND (a.district, a.appointment_id) < (b.district, b.appointment_id)
 AND a.during && b.during
WHERE a.state <> 'released' AND b.state <> 'released'
"""


def first_day() -> date:
    """Past every lead time: requests start three days from now at the earliest."""
    return datetime.now(BERLIN).date() + timedelta(days=3)


def request_load(seed: int, total: int) -> list[dict[str, Any]]:
    """`total` requests ({district, body}) over five days, 07:00 to 19:00, 30 to 120 minutes."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible load, not a secret
    start_day = first_day()
    found = []
    for _ in range(total):
        district = HANAU if rng.random() < 0.25 else BERGSTRASSE
        day = start_day + timedelta(days=rng.randrange(DAYS))
        starts = datetime.combine(day, clock(rng.randint(7, 17), rng.choice((0, 15, 30, 45))), BERLIN)
        ends = starts + timedelta(minutes=rng.choice((30, 45, 60, 90, 120)))
        mode = rng.choices(("on_site", "phone", "video"), weights=(6, 3, 1))[0]
        body: dict[str, Any] = {
            "language": LANGUAGE,
            "mode": mode,
            "venue": rng.choice(("jobcenter", "immigration_office", "school", "doctor")),
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
        }
        if mode == "on_site":
            body["municipality"] = rng.choice(VENUES[district])
        else:
            body["remote_link"] = "+4962511234567"
        found.append({"district": district, "body": body})
    return found


async def seed_pool(db: Db) -> list[uuid.UUID]:
    """The interpreters, available every day 07:00–20:00, documents valid for years."""
    ids = []
    weekly = json.dumps([{"weekday": day, "start": "07:00", "end": "20:00"} for day in range(7)])
    for district, interpreters in POOL.items():
        async with db.transaction(district) as tx:
            for home, travel_km, grants in interpreters:
                interpreter_id = uuid.uuid4()
                modes = ["on_site", "phone", "video"] if travel_km else ["phone", "video"]
                await tx.execute(
                    "INSERT INTO interpreters (district, interpreter_id, display_name, preferred_language,"
                    " german_level, modes, home_municipality, travel_km, weekly)"
                    " VALUES ($1, $2, 'Benchmark', 'deu', 'C1', $3, $4, $5, $6)",
                    district,
                    interpreter_id,
                    modes,
                    home,
                    travel_km,
                    weekly,
                )
                await tx.execute(
                    "INSERT INTO interpreter_languages (district, interpreter_id, language)"
                    " VALUES ($1, $2, $3)",
                    district,
                    interpreter_id,
                    LANGUAGE,
                )
                for kind in ("confidentiality", "criminal_record", "training"):
                    await tx.execute(
                        "INSERT INTO interpreter_documents (district, interpreter_id, kind, expires_on)"
                        " VALUES ($1, $2, $3, $4)",
                        district,
                        interpreter_id,
                        kind,
                        date(2099, 12, 31),
                    )
                for grantee in grants:
                    await tx.execute(
                        "INSERT INTO pool_grants (district, interpreter_id, grantee) VALUES ($1, $2, $3)",
                        district,
                        interpreter_id,
                        grantee,
                    )
                ids.append(interpreter_id)
    return ids


# ---- one process: its share of the requests, all at once, as far as its connections allow ----


async def worker(job: dict[str, Any]) -> dict[str, Any]:
    """Run this process's share of the requests concurrently; what happened to each, and how long
    its transaction took."""
    settings = Settings.model_validate({**job["kit"], "database_pool_max": POOL_SIZE})
    interpreting = InterpretingSettings(public_url=job["public_url"])
    share = request_load(job["seed"], job["total"])[job["index"] :: job["processes"]]
    db = await Db.connect(settings)
    connections = asyncio.Semaphore(POOL_SIZE)
    latencies: list[float] = []
    assigned_latencies: list[float] = []
    states: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()

    async def one(item: dict[str, Any]) -> None:
        async with connections:
            started = time.perf_counter()
            try:
                async with db.transaction(item["district"]) as tx:
                    body = requests.RequestIn.model_validate(item["body"])
                    stored = await requests.create(tx, interpreting, "load", body, now=datetime.now(UTC))
                states[stored.state] += 1
            except Exception as exc:  # noqa: BLE001 - counted by type, reported by the caller
                errors[type(exc).__name__] += 1
                stored = None
            latencies.append(time.perf_counter() - started)
            if stored is not None and stored.state == "assigned":
                assigned_latencies.append(latencies[-1])

    # Wall-clock stamps (comparable across processes) of this process's load alone: starting
    # Python and importing the service is not what the throughput is about.
    began = time.time()
    try:
        await asyncio.gather(*(one(item) for item in share))
    finally:
        ended = time.time()
        await db.close()
    return {
        "latencies": latencies,
        "assigned_latencies": assigned_latencies,
        "states": dict(states),
        "errors": dict(errors),
        "began": began,
        "ended": ended,
    }


def worker_main() -> None:
    logging.disable(logging.WARNING)
    configure_logging("bench", level="WARNING")
    result = asyncio.run(worker(json.loads(sys.stdin.read())))
    print(json.dumps(result))


async def run_processes(
    kit: Settings, public_url: str, *, seed: int, total: int, processes: int
) -> list[dict[str, Any]]:
    """Start `processes` OS processes of this file at once, each with its share; their results."""

    async def one(index: int) -> dict[str, Any]:
        job = {
            "kit": kit.model_dump(mode="json"),
            "public_url": public_url,
            "seed": seed,
            "total": total,
            "processes": processes,
            "index": index,
        }
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            str(SCRIPT),
            "worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            out, _ = await child.communicate(json.dumps(job).encode())
        except BaseException:
            # Cancelled (a test's time limit, Ctrl-C): a load process left running would hold
            # its locks while the caller drops the schema under it.
            child.kill()
            await child.wait()
            raise
        if child.returncode != 0:
            raise RuntimeError(f"load process {index} failed with exit code {child.returncode}")
        result: dict[str, Any] = json.loads(out)
        return result

    return list(await asyncio.gather(*(one(index) for index in range(processes))))


async def double_bookings(admin: asyncpg.Connection, schema: str) -> int:
    """Pairs of one interpreter's live bookings whose times (with travel) overlap."""
    return int(await admin.fetchval(OVERLAPS.format(schema=schema)))


# ---- the benchmark ----


def bench_settings() -> Settings:
    run = uuid.uuid4().hex[:8]
    return Settings(
        env="test",
        queue_type="classic",
        service=f"bench_interpreting_{run}",
        exchange=f"wir.bench.{run}",
        log_level="WARNING",
        database_admin_url=os.environ.get(
            "WIR_DATABASE_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/wir_bench"
        ),
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main(total: int, processes: int) -> None:
    logging.disable(logging.WARNING)
    configure_logging("bench", level="WARNING")
    settings = bench_settings()
    interpreting = InterpretingSettings()
    print(f"interpreting assignment: {total} requests from {processes} processes", file=sys.stderr)
    # Imported here, for the schema only: the worker processes need no more than the commands.
    from wir_interpreting.main import build

    await apply_migrations(settings, build(interpreting))
    admin = await asyncpg.connect(settings.database_admin_url)
    try:
        db = await Db.connect(settings)
        try:
            await seed_pool(db)
        finally:
            await db.close()
        results = await run_processes(
            settings, interpreting.public_url, seed=7, total=total, processes=processes
        )
        overlaps = await double_bookings(admin, settings.pg_schema)
    finally:
        await drop_schema(admin, settings.pg_schema)
        await admin.close()
    report(results, overlaps, processes)


def report(results: list[dict[str, Any]], overlaps: int, processes: int) -> None:
    elapsed = max(r["ended"] for r in results) - min(r["began"] for r in results)
    latencies = [value for result in results for value in result["latencies"]]
    states: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()
    for result in results:
        states.update(result["states"])
        errors.update(result["errors"])
    print(f"interpreting assignment, {processes} processes × {POOL_SIZE} connections, pool of 7 interpreters")
    print(f"  requests          {len(latencies)} in {elapsed:.1f} s")
    print(f"  throughput        {len(latencies) / elapsed:.0f} requests/s")
    print(f"  latency p50       {statistics.median(latencies) * 1000:.1f} ms")
    print(f"  latency p95       {percentile(latencies, 0.95) * 1000:.1f} ms")
    assigned = [value for result in results for value in result["assigned_latencies"]]
    if assigned:
        print(f"  p95 when assigned {percentile(assigned, 0.95) * 1000:.1f} ms")
    print(f"  assigned          {states.get('assigned', 0)}")
    print(f"  unfilled          {states.get('unfilled', 0)}")
    print(f"  errors            {dict(errors) or 0}")
    print(f"  double bookings   {overlaps}")
    if overlaps or errors:
        raise SystemExit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker_main()
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--requests", type=int, default=8000, help="in all (default: 4 × 2,000)")
        parser.add_argument("--processes", type=int, default=4)
        arguments = parser.parse_args()
        asyncio.run(main(arguments.requests, arguments.processes))
