"""The periodic checks go district by district: one district's failure does not stop the others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import structlog

from wir_contracts.districts import districts
from wir_intake.jobs.consents import lapsed_consents
from wir_intake.jobs.erasures import overdue_erasures
from wir_intake.jobs.idempotency import old_answers
from wir_kit import Job


class BrokenRow(Exception):
    """What a district's query raises in these tests: a row the job cannot handle."""


@dataclass
class FakeTx:
    """A district's transaction that finds nothing to do, or fails if the district is broken."""

    district: str
    broken: bool

    async def fetch(self, *_args: Any) -> list[Any]:
        if self.broken:
            raise BrokenRow
        return []

    async def execute(self, *_args: Any) -> str:
        if self.broken:
            raise BrokenRow
        return "DELETE 0"


@dataclass
class FakeDb:
    broken: str
    committed: list[str] = field(default_factory=list)

    @asynccontextmanager
    async def transaction(self, district: str) -> AsyncIterator[FakeTx]:
        yield FakeTx(district, broken=district == self.broken)
        self.committed.append(district)


@dataclass
class FakeResources:
    db: FakeDb
    settings: Any = None


JOBS = {
    "overdue_erasures": overdue_erasures(after_s=0.0),
    "lapsed_consents": lapsed_consents,
    "idempotency_prune": old_answers(retention_s=3600.0),
}


@pytest.mark.parametrize("name", JOBS)
async def test_a_failing_district_does_not_stop_the_others(name: str) -> None:
    every_district = list(districts())
    db = FakeDb(broken=every_district[0])  # the first, so that every other one comes after it
    job: Job = JOBS[name]
    with structlog.testing.capture_logs() as logs:
        await job(FakeResources(db))  # type: ignore[arg-type]
    assert db.committed == every_district[1:]
    failed = [line for line in logs if line["event"] == "job failed for a district"]
    assert [(line["job"], line["district"], line["error"]) for line in failed] == [
        (name, every_district[0], "BrokenRow")
    ]
