"""One active relay per service; a standby takes over when the active one's process dies."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import asyncpg

from wir_kit.runtime import apply_migrations
from wir_kit.settings import Settings, environ
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import add_note, spec
from wir_kit.testing.waiting import eventually

RELAY_PROCESS = """
import asyncio
from wir_kit.publisher import Publisher
from wir_kit.relay import Relay
from wir_kit.settings import Settings

async def main() -> None:
    settings = Settings()
    publisher = Publisher(settings.amqp_url, "relay-under-test")
    await publisher.start()
    await Relay(settings, publisher).run()

asyncio.run(main())
"""


async def relay_lock_holders(settings: Settings) -> list[int]:
    """Backend pids holding the relay's advisory lock (objid is the schema's hash)."""
    admin = await asyncpg.connect(settings.database_admin_url)
    try:
        rows = await admin.fetch(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid::int = hashtext('wir.relay') AND objid::int = hashtext($1)",
            settings.pg_schema,
        )
        return [r["pid"] for r in rows]
    finally:
        await admin.close()


async def test_standby_relay_takes_over_within_five_seconds_after_the_active_one_dies(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings()
    # The first relay runs in its own process, started before the service so it wins the lock.
    runtime_spec = spec()
    await apply_migrations(settings, runtime_spec)
    child = subprocess.Popen([sys.executable, "-c", RELAY_PROCESS], env={**os.environ, **environ(settings)})
    try:
        assert await eventually(lambda: relay_lock_holders(settings))
        runtime = await wir_runtime(runtime_spec, settings)
        await asyncio.sleep(3 * settings.relay_lock_poll_s)
        assert not runtime.relay.active  # the in-process relay is the standby

        child.send_signal(signal.SIGKILL)
        child.wait(timeout=5)
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "after the crash")

        async def delivered() -> int:
            async with runtime.db.transaction(BERGSTRASSE) as tx:
                return int(await tx.fetchval("SELECT count(*) FROM seen"))

        assert await eventually(delivered, timeout=5.0)
        assert runtime.relay.active
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
