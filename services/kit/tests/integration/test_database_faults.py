"""The service's database under faults: cut connections, a database that is down, a pool that
is saturated, a statement that runs too long. Clients get 503 with Retry-After, never a 500."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import asyncpg
import pytest

from wir_kit.db import DatabaseBusy, DatabaseUnavailable, Db
from wir_kit.runtime import apply_migrations
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import add_note, spec
from wir_kit.testing.service import bearer, http_client

from .tcp_proxy import TcpProxy


async def _terminate_backends_of(settings: Settings) -> int:
    admin = await asyncpg.connect(settings.database_admin_url)
    try:
        # With a timeout, pg_terminate_backend waits until the backend is gone.
        return len(
            await admin.fetch(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = $1",
                settings.app_role,
            )
        )
    finally:
        await admin.close()


def cut_behind_the_pools_back(settings: Settings) -> int:
    """Terminate the service's backends while this event loop stands still, so that the pool
    cannot have noticed before its next transaction: as under load, when the cut comes between
    two transactions."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, _terminate_backends_of(settings)).result()


@pytest.fixture
async def make_db(wir_settings: SettingsFactory) -> AsyncIterator[Any]:
    async with AsyncExitStack() as stack:

        async def make(**overrides: Any) -> tuple[Db, Settings]:
            settings = wir_settings(**overrides)
            await apply_migrations(settings, spec())
            db = await Db.connect(settings)
            stack.push_async_callback(db.close)
            return db, settings

        yield make


async def fill_the_pool(db: Db, size: int) -> None:
    """Open `size` connections at once, so the pool holds that many."""
    release = asyncio.Event()
    opened = 0

    async def hold() -> None:
        nonlocal opened
        async with db.transaction(BERGSTRASSE):
            opened += 1
            if opened == size:
                release.set()
            await release.wait()

    await asyncio.wait_for(asyncio.gather(*(hold() for _ in range(size))), timeout=10)


async def test_connections_cut_while_in_the_pool_are_replaced_before_the_transaction(make_db: Any) -> None:
    db, settings = await make_db(database_pool_max=3)
    await fill_the_pool(db, 3)
    assert cut_behind_the_pools_back(settings) == 3
    for body in ("first after the cut", "second after the cut"):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, body)
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 2


async def test_a_connection_lost_inside_a_transaction_is_unavailable_and_leaves_nothing(make_db: Any) -> None:
    db, settings = await make_db()
    with pytest.raises(DatabaseUnavailable):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "never committed")
            cut_behind_the_pools_back(settings)
            await tx.fetchval("SELECT count(*) FROM notes")
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0


async def test_a_database_that_is_down_is_unavailable_not_an_error(
    make_db: Any, wir_settings: SettingsFactory
) -> None:
    _, settings = await make_db()
    proxy = TcpProxy(settings.app_database_url)
    await proxy.start()
    db = await Db.connect(settings.model_copy(update={"database_url": proxy.url(settings.app_database_url)}))
    try:
        proxy.refuse()
        with pytest.raises(DatabaseUnavailable):
            async with asyncio.timeout(20):
                async with db.transaction(BERGSTRASSE):
                    pass
        assert not await db.ping()
    finally:
        await db.close()
        await proxy.close()


async def test_a_transaction_that_gets_no_connection_in_time_is_busy(make_db: Any) -> None:
    db, _ = await make_db(database_pool_max=1, database_acquire_timeout_s=0.2)
    async with db.transaction(BERGSTRASSE):
        with pytest.raises(DatabaseBusy):
            async with asyncio.timeout(10):
                async with db.transaction(BERGSTRASSE):
                    pass


async def test_a_statement_that_runs_too_long_is_cancelled(make_db: Any) -> None:
    db, _ = await make_db(database_statement_timeout_s=0.2)
    with pytest.raises(DatabaseBusy):
        async with asyncio.timeout(10):
            async with db.transaction(BERGSTRASSE) as tx:
                await tx.execute("SELECT pg_sleep(5)")


async def test_a_saturated_pool_is_busy_not_down(make_db: Any) -> None:
    db, _ = await make_db(database_pool_max=2)
    release = asyncio.Event()
    holding = 0

    async def hold() -> None:
        nonlocal holding
        async with db.transaction(BERGSTRASSE):
            holding += 1
            await release.wait()

    holders = [asyncio.create_task(hold()) for _ in range(2)]
    try:
        while holding < 2:
            await asyncio.sleep(0.01)
        assert await asyncio.wait_for(db.health(), timeout=5) == "busy"
        assert await asyncio.wait_for(db.ping(), timeout=5)
    finally:
        release.set()
        await asyncio.gather(*holders)
    assert await db.health() == "up"


async def test_a_request_while_the_database_is_down_answers_503_with_retry_after(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings()
    proxy = TcpProxy(settings.app_database_url)
    await proxy.start()
    try:
        proxied = settings.model_copy(update={"database_url": proxy.url(settings.app_database_url)})
        runtime = await wir_runtime(spec(), proxied)
        proxy.refuse()
        async with http_client(runtime) as http:
            response = await http.post("/notes", json={"body": "while down"}, headers=bearer(runtime))
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
    finally:
        await proxy.close()


async def test_a_connection_known_closed_inside_a_transaction_is_unavailable(make_db: Any) -> None:
    # The cut is noticed before the next statement: the driver then refuses the statement on a
    # closed connection (InterfaceError), with no server error behind it (once answered 500).
    db, settings = await make_db()
    with pytest.raises(DatabaseUnavailable):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "never committed")
            cut_behind_the_pools_back(settings)
            await asyncio.sleep(0.5)  # the loop hears the connection close
            await tx.fetchval("SELECT count(*) FROM notes")
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0


async def test_a_driver_protocol_broken_by_a_cut_is_unavailable(make_db: Any) -> None:
    # What asyncpg raises when a cut leaves its protocol in the "failed" state (once a 500).
    db, _ = await make_db()
    with pytest.raises(DatabaseUnavailable):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "never committed")
            raise asyncpg.InternalClientError('cannot switch to state 13; protocol is in the "failed" state')
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0
