"""Whether PostgreSQL and RabbitMQ answer, and how to get them when they do not: Docker
Compose where an engine runs, else the commands that start the machine's own servers."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import aio_pika
import asyncpg

from wir_kit.settings import Settings
from wir_ops.output import amqp_client_quiet

CONNECT_TIMEOUT_S = 3.0
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
COMPOSE_SERVICES = ("postgres", "rabbitmq", "mailsink")


@dataclass(frozen=True)
class Dependency:
    name: str
    address: str
    start: str


def postgres(settings: Settings) -> Dependency:
    return Dependency(
        "PostgreSQL",
        _address(settings.database_admin_url, 5432),
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    )


def rabbitmq(settings: Settings) -> Dependency:
    return Dependency("RabbitMQ", _address(settings.amqp_url, 5672), "rabbitmq-server -detached")


def _address(url: str, default_port: int) -> str:
    """Host and port only: the URL's credentials must not reach the terminal."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or default_port}"


async def postgres_answers(url: str) -> bool:
    try:
        conn = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT_S)
    except asyncpg.InvalidCatalogNameError:
        return True  # the server answers; migrating creates the database
    except asyncpg.CannotConnectNowError:
        return False  # starting up or shutting down
    except asyncpg.PostgresError:
        return True  # it answers; migrating reports what is wrong with the login
    except (OSError, TimeoutError, asyncpg.InterfaceError):
        return False
    await conn.close()
    return True


async def rabbitmq_answers(url: str) -> bool:
    try:
        with amqp_client_quiet():
            conn = await aio_pika.connect(url, timeout=CONNECT_TIMEOUT_S)
    except aio_pika.exceptions.ProbableAuthenticationError:
        return True  # it answers; migrating reports the login problem
    except (OSError, TimeoutError, aio_pika.exceptions.AMQPError):
        return False
    await conn.close()
    return True


async def missing(settings: Settings) -> list[Dependency]:
    pg, mq = await asyncio.gather(
        postgres_answers(settings.database_admin_url), rabbitmq_answers(settings.amqp_url)
    )
    return [dep for dep, up in ((postgres(settings), pg), (rabbitmq(settings), mq)) if not up]


async def wait_until_answering(settings: Settings, timeout_s: float) -> list[Dependency]:
    """What still does not answer after `timeout_s` (empty when everything came up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    # A poll: nothing tells this process when another one's server is up.
    while (down := await missing(settings)) and loop.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(1.0)
    return down


def docker_engine_runs() -> bool:
    try:
        done = subprocess.run(
            ["docker", "info"],  # noqa: S607 - the docker CLI on PATH, fixed arguments
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def compose_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` holding a Compose file."""
    for folder in (start, *start.parents):
        if any((folder / name).is_file() for name in COMPOSE_FILES):
            return folder
    return None


def compose_up(root: Path) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments
        ["docker", "compose", "up", "-d", *COMPOSE_SERVICES],  # noqa: S607 - the docker CLI on PATH
        cwd=root,
        check=True,
    )


def how_to_start(down: Sequence[Dependency]) -> str:
    """One line naming what does not answer and the commands that start it."""
    names = " and ".join(f"{dep.name} ({dep.address})" for dep in down)
    commands = " and ".join(f"`{dep.start}`" for dep in down)
    verb, pronoun = ("does", "it") if len(down) == 1 else ("do", "them")
    return f"{names} {verb} not answer and no Docker engine runs: start {pronoun} with {commands}"


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def local_smtp_address(environ: Mapping[str, str]) -> tuple[str, int] | None:
    """The notifications service's SMTP server, if it is on this machine (defaults included)."""
    host = environ.get("WIR_NOTIFICATIONS_SMTP_HOST", "127.0.0.1")
    port = environ.get("WIR_NOTIFICATIONS_SMTP_PORT", "1025")
    if host not in LOOPBACK or not port.isdigit():
        return None
    return host, int(port)


def listening(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1.0):
        return True
    return False
