"""What a phase cost: CPU milliseconds per process (sampled from /proc before and after) and
commits (`pg_stat_database.xact_commit` of the sandbox's database).

PostgreSQL counts a backend's commits in shared memory only when it flushes its statistics:
at most once a second while busy, and within 10 s of going idle. The commits of a phase are
therefore read after `STATS_FLUSH_S` of quiet, and what the platform commits while idle (its
relays and lease keepers poll) is measured beforehand and taken off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg

from . import proc

#: PGSTAT_IDLE_INTERVAL (10 s) and a margin.
STATS_FLUSH_S = 11.0
BENCH_APP = "wir-bench"
POSTGRES = "postgres"
SERVICE_OF_APP_PREFIX = "wir-"
#: Rows that are the benchmark's own stand-ins (the clients, the mail server), not the platform.
HARNESS = frozenset({"bench", "smtp sink"})


@dataclass(frozen=True)
class Sample:
    #: CPU ms by row label (services, "wir run", "postgres", "rabbitmq", "bench", "smtp sink").
    cpu: Mapping[str, float]
    #: CPU ms of each postgres backend of the sandbox's database, and the service it serves.
    backends: Mapping[int, tuple[str, float]]
    machine: float


@dataclass(frozen=True)
class Cost:
    """CPU ms by row and the whole machine's, over one phase."""

    cpu: Mapping[str, float]
    #: Of "postgres": the backends serving each service (the rest is "other").
    postgres: Mapping[str, float]
    machine: float

    @property
    def total(self) -> float:
        return sum(self.cpu.values())

    @property
    def platform(self) -> float:
        """What an installation would spend: the total without the harness rows."""
        return sum(ms for name, ms in self.cpu.items() if name not in HARNESS)


class Processes:
    """The processes whose CPU a phase is charged with, found once the platform is up."""

    def __init__(
        self, services: Mapping[str, int], run_pid: int, broker: int | None, sink_thread: int | None
    ) -> None:
        self.services = services
        self.run_pid = run_pid
        self.broker = broker
        self.sink_thread = sink_thread

    def sample(self, backends: Mapping[int, str]) -> Sample:
        cpu = {name: proc.tree_cpu_ms(pid) for name, pid in self.services.items()}
        cpu["wir run"] = proc.cpu_ms(self.run_pid, children=False)
        postgres = proc.named_cpu_ms(POSTGRES)
        cpu[POSTGRES] = sum(postgres.values())
        cpu["rabbitmq"] = proc.tree_cpu_ms(self.broker) if self.broker else 0.0
        sink = proc.cpu_ms(os.getpid(), task=self.sink_thread) if self.sink_thread else 0.0
        cpu["bench"] = proc.cpu_ms(os.getpid()) - sink
        cpu["smtp sink"] = sink
        return Sample(
            cpu=cpu,
            backends={pid: (service, postgres.get(pid, 0.0)) for pid, service in backends.items()},
            machine=proc.machine_busy_ms(),
        )


def cost(before: Sample, after: Sample) -> Cost:
    by_service: dict[str, float] = {}
    for pid, (service, ms) in after.backends.items():
        # A backend that started during the phase spent all its time in it.
        start = before.backends.get(pid, (service, 0.0))[1]
        by_service[service] = by_service.get(service, 0.0) + ms - start
    cpu = {name: after.cpu[name] - before.cpu.get(name, 0.0) for name in after.cpu}
    by_service["other"] = cpu[POSTGRES] - sum(by_service.values())
    return Cost(cpu=cpu, postgres=by_service, machine=after.machine - before.machine)


def service_of(application_name: str) -> str:
    """The service a backend serves, from the application name the kit gives its connections
    (`wir-<service>` and `wir-<service>-relay`)."""
    if application_name == BENCH_APP:
        return "bench"
    if not application_name.startswith(SERVICE_OF_APP_PREFIX):
        return "other"
    return application_name.removeprefix(SERVICE_OF_APP_PREFIX).removesuffix("-relay")


class Database:
    """The benchmark's own connection to the sandbox's database (as its owner)."""

    def __init__(self, conn: asyncpg.Connection, name: str) -> None:
        self.conn = conn
        self.name = name
        #: Statements sent, each its own transaction: commits of the benchmark, not the platform.
        self.statements = 0

    @classmethod
    async def connect(cls, url: str, name: str) -> Database:
        conn = await asyncpg.connect(url, server_settings={"application_name": BENCH_APP}, timeout=15)
        return cls(conn, name)

    async def backends(self) -> dict[int, str]:
        self.statements += 1
        rows = await self.conn.fetch(
            "SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1", self.name
        )
        return {int(row["pid"]): service_of(str(row["application_name"])) for row in rows}

    async def commits(self) -> int:
        # A new snapshot each time: otherwise a transaction would see the first one's numbers.
        self.statements += 2
        await self.conn.execute("SELECT pg_stat_clear_snapshot()")
        value = await self.conn.fetchval(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = $1", self.name
        )
        return int(value)

    async def records(self) -> int:
        self.statements += 1
        return int(await self.conn.fetchval("SELECT count(*) FROM competence.records"))

    async def close(self) -> None:
        await self.conn.close(timeout=15)


async def sample(processes: Processes, db: Database) -> Sample:
    return processes.sample(await db.backends())
