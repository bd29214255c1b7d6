"""Where the tests' PostgreSQL and RabbitMQ come from: the machine's, else testcontainers.

Under CI=true a missing database or broker fails the run: a CI that skips every integration
test looks green and proves nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from typing import Any, NoReturn

import aio_pika
import asyncpg
import pytest

from wir_kit.migrations import ensure_database

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
TEST_DATABASE = "wir_test"


async def _pg_answers(url: str) -> bool:
    try:
        conn = await asyncpg.connect(url, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await conn.close()
    return True


async def _amqp_answers(url: str) -> bool:
    try:
        conn = await aio_pika.connect(url, timeout=3)
    except (OSError, aio_pika.exceptions.AMQPError, TimeoutError):
        return False
    await conn.close()
    return True


def _unavailable(what: str, variable: str, error: Exception | None) -> NoReturn:
    message = f"no {what}: set {variable}, start the local one, or run a Docker engine"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: failing instead of skipping; {error!r})", pytrace=False)
    pytest.skip(message)


@contextlib.contextmanager
def postgres_url() -> Iterator[str]:
    """An admin URL of a database reserved for tests."""
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    container: Any = None
    if not asyncio.run(_pg_answers(url)):
        try:
            from testcontainers.postgres import PostgresContainer

            container = PostgresContainer("postgres:15", driver=None).start()
            url = container.get_connection_url()
        except Exception as exc:  # noqa: BLE001 - any failure means: no database
            _unavailable("PostgreSQL", "TEST_DATABASE_URL", exc)
    test_url = url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    asyncio.run(ensure_database(test_url))
    try:
        yield test_url
    finally:
        if container is not None:
            container.stop()


@contextlib.contextmanager
def rabbitmq_url() -> Iterator[str]:
    url = os.environ.get("TEST_AMQP_URL", DEFAULT_AMQP_URL)
    container: Any = None
    if not asyncio.run(_amqp_answers(url)):
        try:
            from testcontainers.rabbitmq import RabbitMqContainer

            container = RabbitMqContainer("rabbitmq:3.13-management").start()
            host, port = container.get_container_host_ip(), container.get_exposed_port(5672)
            url = f"amqp://guest:guest@{host}:{port}/"
        except Exception as exc:  # noqa: BLE001 - any failure means: no broker
            _unavailable("RabbitMQ", "TEST_AMQP_URL", exc)
    try:
        yield url
    finally:
        if container is not None:
            container.stop()
