"""Double booking is impossible with any number of replicas: four operating-system processes,
each with its own connection pool, send 2,000 concurrent requests each over a small pool of
interpreters (two of them shared with a neighbouring district that requests too). Afterwards the
database holds no two overlapping live bookings of one interpreter, and every request is either
assigned, with its booking, or unfilled with a reason.

The processes are the assignment benchmark's (benchmarks/assignment.py): the same load it
measures, asserted here on SQL facts only."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import asyncpg
import pytest

from wir_interpreting.main import build
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Db
from wir_kit.runtime import apply_migrations
from wir_kit.testing.plugin import SettingsFactory

from .conftest import PUBLIC_URL

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "assignment.py"
PROCESSES = 4
PER_PROCESS = 2000


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wir_interpreting_assignment_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ASSIGNED_WITHOUT_BOOKING = """
SELECT count(*) FROM appointments a
WHERE a.state = 'assigned' AND NOT EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.requesting_district = a.district AND b.appointment_id = a.appointment_id
      AND b.interpreter_id = a.interpreter_id AND b.district = a.interpreter_district AND b.state = 'held')
"""


async def _facts(admin: asyncpg.Connection) -> dict[str, Any]:
    """What the superuser sees in every district (no row-level security applies to it)."""
    states = await admin.fetch(
        "SELECT state, unfilled_reason AS reason, count(*) AS n FROM appointments GROUP BY 1, 2"
    )
    return {
        "states": {(row["state"], row["reason"]): row["n"] for row in states},
        "assigned_without_booking": await admin.fetchval(ASSIGNED_WITHOUT_BOOKING),
        "live_bookings": await admin.fetchval("SELECT count(*) FROM bookings WHERE state <> 'released'"),
        "from_neighbour": await admin.fetchval(
            "SELECT count(*) FROM appointments WHERE state = 'assigned' AND interpreter_district <> district"
        ),
    }


# About 45 s alone on two cores; far longer when the machine is shared, and the default 180 s
# limit then cut it (and its load processes) short.
@pytest.mark.timeout(480)
async def test_four_processes_of_concurrent_requests_never_double_book(
    wir_settings: SettingsFactory, wir_database_url: str
) -> None:
    load = benchmark()
    settings = wir_settings(service="interpreting")
    await apply_migrations(settings, build(InterpretingSettings(public_url=PUBLIC_URL)))
    db = await Db.connect(settings)
    try:
        await load.seed_pool(db)
    finally:
        await db.close()

    total = PROCESSES * PER_PROCESS
    results = await load.run_processes(settings, PUBLIC_URL, seed=12, total=total, processes=PROCESSES)

    assert [result["errors"] for result in results] == [{}] * PROCESSES
    admin = await asyncpg.connect(wir_database_url)
    try:
        overlapping = await load.double_bookings(admin, settings.pg_schema)
        await admin.execute(f'SET search_path = "{settings.pg_schema}"')
        facts = await _facts(admin)
    finally:
        await admin.close()
    assert overlapping == 0
    states = facts["states"]
    assert sum(states.values()) == total
    assert {state for state, _ in states} == {"assigned", "unfilled"}
    assert states.get(("unfilled", None), 0) == 0
    assigned = states[("assigned", None)]
    assert facts["assigned_without_booking"] == 0
    assert facts["live_bookings"] == assigned
    # The small pool cannot take everything, and the shared interpreters took Bergstraße's work
    # when its own were booked.
    assert 0 < assigned < total
    assert facts["from_neighbour"] > 0
