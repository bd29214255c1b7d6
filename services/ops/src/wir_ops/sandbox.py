"""A throwaway platform for end-to-end tests and benchmarks.

It runs the real `wir run` (migrations, demo data, every chosen service as its own process)
against this machine's PostgreSQL and RabbitMQ, but in a database, exchange and queue prefix
of its own, so it neither sees nor disturbs an installation on the same servers, and it
removes all of them afterwards.

A throwaway installation uses classic queues: declaring and deleting a few hundred quorum
queues (each a Raft cluster) wedged the local RabbitMQ 3.10 for good. Every wait on the broker
or the database is bounded, and each phase says one line on stderr, so a broker that stops
answering ends the run with its cause instead of holding it until it is killed.
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
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
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
#: Longest wait for one answer of the broker or the database while setting up or removing.
ANSWER_TIMEOUT_S = 15.0

T = TypeVar("T")


class SandboxFailed(RuntimeError):
    """The platform did not come up or could not be removed; the message says why."""


@dataclass(frozen=True)
class Sandbox:
    urls: Mapping[str, str]
    env: Mapping[str, str]
    log: Path
    settings: Settings
    #: Process id of `wir run`, whose children are the services.
    pid: int

    def url(self, service: str, path: str = "") -> str:
        return self.urls[service] + path

    def service_pid(self, service: str) -> int | None:
        """The running process of `service`: the child of `wir run` serving it (Linux /proc)."""
        return service_process(self.pid, service)


#: Extra variables of the services, given outright or made from the sandbox's settings (which
#: name its database, exchange and queue prefix, known only once the sandbox is made).
ExtraEnv = Mapping[str, str] | Callable[[Settings], Mapping[str, str]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def progress(message: str) -> None:
    """One line per phase on stderr: where a run that hangs got to."""
    sys.stderr.write(f"sandbox: {message}\n")
    sys.stderr.flush()


@contextlib.asynccontextmanager
async def sandbox(
    services: Sequence[str],
    extra_env: ExtraEnv | None = None,
    *,
    ready_timeout_s: float = READY_TIMEOUT_S,
    answer_timeout_s: float = ANSWER_TIMEOUT_S,
    amqp_url: str | None = None,
) -> AsyncIterator[Sandbox]:
    """Start `services` with `wir run` in a fresh database/exchange/prefix; remove it all after.

    `amqp_url` points the sandbox at another broker than WIR_AMQP_URL's (a private node)."""
    run = uuid.uuid4().hex[:8]
    settings = _settings(run, amqp_url)
    extra = extra_env(settings) if callable(extra_env) else extra_env
    ports = {name: free_port() for name in services}
    env = {
        **os.environ,
        "WIR_DATABASE_ADMIN_URL": settings.database_admin_url,
        "WIR_EXCHANGE": settings.exchange,
        "WIR_QUEUE_PREFIX": settings.queue_prefix,
        "WIR_QUEUE_TYPE": settings.queue_type,
        "WIR_AMQP_URL": settings.amqp_url,
        # A throwaway installation, named as such: development tokens are accepted.
        "WIR_ENV": "test",
        "WIR_LOG_JSON": "true",
        **{f"WIR_PORT_{name.upper()}": str(port) for name, port in ports.items()},
        **(extra or {}),
    }
    log = Path(tempfile.mkstemp(prefix=f"wir-sandbox-{run}-", suffix=".log")[1])
    progress(f"starting wir run for {', '.join(services)} (log: {log})")
    process = await asyncio.to_thread(_start, services, env, log)
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    failed = True
    try:
        started = time.monotonic()
        await _wait_ready(process, urls, log, ready_timeout_s)
        progress(f"ready after {time.monotonic() - started:.1f} s")
        yield Sandbox(urls=urls, env=env, log=log, settings=settings, pid=process.pid)
        failed = False
    finally:
        progress("stopping wir run")
        await asyncio.to_thread(_stop, process)
        try:
            await _remove(settings, services, answer_timeout_s)
        except SandboxFailed as exc:
            if not failed:
                raise
            progress(str(exc))  # the first failure is the one that propagates


def _settings(run: str, amqp_url: str | None = None) -> Settings:
    base = Settings()
    return base.model_copy(
        update={
            "amqp_url": amqp_url or base.amqp_url,
            "database_admin_url": _with_database(base.database_admin_url, f"wir_sandbox_{run}"),
            "exchange": f"wir.sandbox{run}",
            "queue_prefix": f"sandbox{run}.",
            "queue_type": "classic",
            "env": "test",
        }
    )


async def _wait_ready(
    process: subprocess.Popen[bytes], urls: Mapping[str, str], log: Path, timeout_s: float
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    async with httpx.AsyncClient(timeout=2.0) as client:
        pending = dict(urls)
        while pending:
            if process.poll() is not None:
                raise SandboxFailed(f"wir run exited with {process.returncode}:\n{_tail(log)}")
            if loop.time() > deadline:
                raise SandboxFailed(f"not ready after {timeout_s:g} s: {', '.join(pending)}\n{_tail(log)}")
            for name, url in list(pending.items()):
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{url}/readyz")).status_code == 200:
                        del pending[name]
                        progress(f"{name} ready")
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
            progress(f"wir run still running {STOP_TIMEOUT_S:g} s after SIGTERM: killed")
            process.kill()
            process.wait()


async def _bounded(what: str, work: Awaitable[T], timeout_s: float) -> T:
    """`work`, or SandboxFailed naming `what` when no answer comes within `timeout_s`."""
    try:
        async with asyncio.timeout(timeout_s):
            return await work
    except TimeoutError:
        raise SandboxFailed(f"{what}: no answer within {timeout_s:g} s") from None
    except (OSError, aio_pika.exceptions.AMQPError, asyncpg.PostgresError) as exc:
        raise SandboxFailed(f"{what}: {type(exc).__name__}") from None


async def _remove(settings: Settings, services: Sequence[str], timeout_s: float) -> None:
    """Delete the sandbox's queues, exchanges and database; each step bounded by `timeout_s`."""
    queues = [
        binding.queue
        # The web app (`web`) has no queues or schema of its own.
        for spec in installed_services([name for name in services if name != "web"])
        for binding in queue_bindings(spec, settings.model_copy(update={"service": spec.name}))
    ]
    progress(f"deleting {len(queues)} queue(s) and their dead-letter and retry queues")
    left = f"left behind: exchange {settings.exchange}, queues {settings.queue_prefix}*"
    connection = await _bounded(
        f"broker (deleting the sandbox's queues; {left})",
        aio_pika.connect(settings.amqp_url, timeout=timeout_s),
        timeout_s,
    )
    try:
        channel = await _bounded("broker: opening a channel", connection.channel(), timeout_s)
        await _bounded(
            f"broker: deleting the sandbox's queues ({left})",
            topology.delete(channel, settings, queues),
            timeout_s * max(1, len(queues)),
        )
    finally:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(timeout_s):
                await connection.close()
    progress("dropping the sandbox's database")
    await _bounded(
        "database: dropping the sandbox's database", _drop_database(settings, timeout_s), timeout_s
    )
    progress("removed")


async def _drop_database(settings: Settings, timeout_s: float) -> None:
    parts = urlsplit(settings.database_admin_url)
    server = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")), timeout=timeout_s)
    try:
        await server.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    finally:
        await server.close(timeout=timeout_s)


def service_process(parent: int, service: str) -> int | None:
    """The child of `parent` (`wir run`) that runs `wir serve <service>`, found in /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The parent's id is the 4th field, after the command name in parentheses.
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile
        if ppid == parent and argv[3:5] == [b"serve", service.encode()]:
            return int(entry.name)
    return None


def _with_database(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
