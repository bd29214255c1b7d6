"""The relay under faults: its own login, a lost node, a cut connection, the inbox's retention."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from uuid import uuid4

import asyncpg
import pytest

from wir_kit.db import Claim, Db
from wir_kit.migrations import migrate
from wir_kit.publisher import Outgoing, Publisher
from wir_kit.relay import Relay
from wir_kit.runtime import Runtime, apply_migrations
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE, MAIN_KINZIG
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import add_note, spec
from wir_kit.testing.waiting import eventually

from .tcp_proxy import TcpProxy


@asynccontextmanager
async def admin_connection(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    admin = await asyncpg.connect(settings.database_admin_url)
    try:
        yield admin
    finally:
        await admin.close()


async def delivered(runtime: Runtime) -> int:
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        return int(await tx.fetchval("SELECT count(*) FROM seen"))


async def relay_backends(settings: Settings) -> list[asyncpg.Record]:
    async with admin_connection(settings) as admin:
        return list(
            await admin.fetch(
                "SELECT pid, usename FROM pg_stat_activity WHERE application_name = $1",
                f"wir-{settings.service}-relay",
            )
        )


async def test_the_service_login_cannot_become_the_relay(wir_settings: SettingsFactory) -> None:
    settings = wir_settings()
    await apply_migrations(settings, spec())
    db = await Db.connect(settings)
    try:
        async with db.transaction(MAIN_KINZIG) as tx:
            await add_note(tx, "of Main-Kinzig")
        async with db.pool.acquire() as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(f'SET ROLE "{settings.relay_role}"')
            assert not await conn.fetchval("SELECT pg_has_role($1, 'USAGE')", settings.relay_role)
        async with db.transaction(BERGSTRASSE) as tx:
            assert await tx.fetchval("SELECT count(*) FROM outbox") == 0
    finally:
        await db.close()


async def test_migrating_an_older_installation_takes_the_service_out_of_the_relay_role(
    wir_settings: SettingsFactory,
) -> None:
    settings = wir_settings()
    await apply_migrations(settings, spec())
    async with admin_connection(settings) as admin:
        # As installations before the relay had a login of its own were set up.
        await admin.execute(f'ALTER ROLE "{settings.relay_role}" NOLOGIN')
        await admin.execute(f'GRANT "{settings.relay_role}" TO "{settings.app_role}"')
        await migrate(admin, settings.pg_schema, settings.database_app_password, spec().migration_files())
        member = await admin.fetchval(
            "SELECT pg_has_role($1, $2, 'MEMBER')", settings.app_role, settings.relay_role
        )
    assert not member
    relay = await asyncpg.connect(settings.relay_database_url)
    try:
        assert await relay.fetchval("SELECT current_user") == settings.relay_role
    finally:
        await relay.close()


async def test_the_relay_publishes_as_its_own_login(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "relayed")
    assert await eventually(lambda: delivered(runtime))
    assert {r["usename"] for r in await relay_backends(settings)} == {settings.relay_role}


async def test_a_cut_relay_connection_is_noticed_without_waiting_for_the_idle_poll(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    # An idle poll far beyond the wait below: only the termination listener can wake the relay.
    settings = wir_settings(relay_idle_poll_s=30.0)
    runtime = await wir_runtime(spec(), settings)

    async def active() -> bool:
        return runtime.relay.active

    assert await eventually(active)
    await asyncio.sleep(0.5)  # the relay settles into its idle wait
    async with admin_connection(settings) as admin:
        for backend in await relay_backends(settings):
            await admin.execute("SELECT pg_terminate_backend($1, 5000)", backend["pid"])
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "right after the cut")
    assert await eventually(lambda: delivered(runtime), timeout=10.0)


async def test_the_relay_goes_on_after_a_round_fails_unexpectedly(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = await wir_runtime(spec(), wir_settings())
    publish_many = runtime.relay.publisher.publish_many
    surprises: list[int] = []

    async def fails_once(batch: Sequence[Outgoing]) -> list[BaseException | None]:
        if not surprises:
            surprises.append(len(batch))
            raise RuntimeError("not an outage the relay knows")
        return await publish_many(batch)

    monkeypatch.setattr(runtime.relay.publisher, "publish_many", fails_once)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "after the surprise")
    assert await eventually(lambda: delivered(runtime), timeout=10.0)
    assert surprises == [1]


async def test_a_standby_takes_over_from_a_relay_whose_node_went_silent(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings(relay_takeover_s=2.0, broker_timeout_s=1.0)
    runtime_spec = spec()
    await apply_migrations(settings, runtime_spec)
    proxy = TcpProxy(settings.relay_database_url)
    await proxy.start()
    silent_settings = settings.model_copy(
        update={"database_relay_url": proxy.url(settings.relay_database_url)}
    )
    publisher = Publisher(settings.amqp_url, "relay-behind-the-proxy")
    await publisher.start()
    silent = Relay(silent_settings, publisher)
    task = asyncio.create_task(silent.run())
    try:

        async def silent_active() -> bool:
            return silent.active

        assert await eventually(silent_active)
        runtime = await wir_runtime(runtime_spec, settings)
        await asyncio.sleep(3 * settings.relay_lock_poll_s)
        assert not runtime.relay.active  # the standby

        proxy.black_hole()
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "after the partition")
        assert await eventually(lambda: delivered(runtime), timeout=30.0)
        assert runtime.relay.active
    finally:
        silent.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await publisher.close()
        await proxy.close()


async def test_old_inbox_claims_are_pruned_and_recent_ones_stay(wir_settings: SettingsFactory) -> None:
    settings = wir_settings(inbox_retention_h=1.0)
    await apply_migrations(settings, spec())
    db = await Db.connect(settings)
    old, recent = uuid4(), uuid4()
    try:
        for district, event_id in ((BERGSTRASSE, old), (MAIN_KINZIG, uuid4()), (BERGSTRASSE, recent)):
            async with db.transaction(district, claim=Claim("consumer", event_id)) as tx:
                assert tx.claimed
        async with admin_connection(settings) as admin:
            await admin.execute(
                f"UPDATE \"{settings.pg_schema}\".inbox SET handled_at = now() - interval '2 hours' "
                "WHERE event_id <> $1",
                recent,
            )
        publisher = Publisher(settings.amqp_url, "relay-pruning")
        relay = Relay(settings, publisher)
        task = asyncio.create_task(relay.run())  # its first idle round prunes
        try:

            async def pruned() -> bool:
                async with admin_connection(settings) as admin:
                    left = await admin.fetch(f'SELECT event_id FROM "{settings.pg_schema}".inbox')
                return [r["event_id"] for r in left] == [recent]

            assert await eventually(pruned)
        finally:
            relay.stop()
            await asyncio.gather(task, return_exceptions=True)
        async with db.transaction(BERGSTRASSE, claim=Claim("consumer", old)) as tx:
            assert tx.claimed  # forgotten: a redelivery this late is new
        async with db.transaction(BERGSTRASSE, claim=Claim("consumer", recent)) as tx:
            assert tx.claimed is False
    finally:
        await db.close()
