"""A throwaway platform for end-to-end tests and benchmarks.

It runs the real `wir run` (migrations, demo data, every chosen service as its own process)
against this machine's PostgreSQL and RabbitMQ, but in a database, exchange and queue prefix
of its own, so it neither sees nor disturbs an installation on the same servers, and it
removes all of them afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aio_pika
import asyncpg
import httpx

from wir_kit import topology
from wir_kit.settings import Settings
from wir_ops.commands.migrate_provisioning import queue_bindings
from wir_ops.registry import installed_services

READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0


class SandboxFailed(RuntimeError):
    """The platform did not come up; the message carries the end of its log."""


@dataclass(frozen=True)
class Sandbox:
    urls: Mapping[str, str]
    env: Mapping[str, str]
    log: Path
    settings: Settings

    def url(self, service: str, path: str = "") -> str:
        return self.urls[service] + path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def sandbox(
    services: Sequence[str], extra_env: Mapping[str, str] | None = None
) -> AsyncIterator[Sandbox]:
    """Start `services` with `wir run` in a fresh database/exchange/prefix; remove it all after."""
    run = uuid.uuid4().hex[:8]
    base = Settings()
    settings = base.model_copy(
        update={
            "database_admin_url": _with_database(base.database_admin_url, f"wir_sandbox_{run}"),
            "exchange": f"wir.sandbox{run}",
            "queue_prefix": f"sandbox{run}.",
        }
    )
    ports = {name: free_port() for name in services}
    env = {
        **os.environ,
        "WIR_DATABASE_ADMIN_URL": settings.database_admin_url,
        "WIR_EXCHANGE": settings.exchange,
        "WIR_QUEUE_PREFIX": settings.queue_prefix,
        "WIR_LOG_JSON": "true",
        **{f"WIR_PORT_{name.upper()}": str(port) for name, port in ports.items()},
        **(extra_env or {}),
    }
    log = Path(tempfile.mkstemp(prefix=f"wir-sandbox-{run}-", suffix=".log")[1])
    process = await asyncio.to_thread(_start, services, env, log)
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    try:
        await _wait_ready(process, urls, log)
        yield Sandbox(urls=urls, env=env, log=log, settings=settings)
    finally:
        await asyncio.to_thread(_stop, process)
        await _remove(settings, services)


async def _wait_ready(process: subprocess.Popen[bytes], urls: Mapping[str, str], log: Path) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READY_TIMEOUT_S
    async with httpx.AsyncClient(timeout=2.0) as client:
        pending = dict(urls)
        while pending:
            if process.poll() is not None:
                raise SandboxFailed(f"wir run exited with {process.returncode}:\n{_tail(log)}")
            if loop.time() > deadline:
                raise SandboxFailed(f"not ready: {', '.join(pending)}\n{_tail(log)}")
            for name, url in list(pending.items()):
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{url}/readyz")).status_code == 200:
                        del pending[name]
            await asyncio.sleep(0.2)


def _start(services: Sequence[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    only = [arg for name in services for arg in ("--only", name)]
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "wir_ops", "run", *only], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _remove(settings: Settings, services: Sequence[str]) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        queues = [
            binding.queue
            for spec in installed_services(services)
            for binding in queue_bindings(spec, settings.model_copy(update={"service": spec.name}))
        ]
        await topology.delete(channel, settings, queues)
    finally:
        await connection.close()
    parts = urlsplit(settings.database_admin_url)
    server = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await server.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    finally:
        await server.close()


def _with_database(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
