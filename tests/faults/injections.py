"""The faults, each injected once while registrations flow; each returns a note for the log.

Nothing here restarts a service: `wir run` restarts a killed one, and every other process
must reconnect by itself. Only the broker is started again, as an operator's systemd would.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aio_pika
import asyncpg

from wir_contracts.intake.v1 import PersonContactChanged
from wir_kit.testing.districts import BERGSTRASSE
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.sandbox import Sandbox

from .broker_node import BrokerNode
from .relay_proxy import RelayProxy

#: The broker is down this long before it is started again.
BROKER_DOWN_S = 2.0
#: Between the two terminations of every database connection.
CUT_INTERVAL_S = 3.0
#: The subscriber that gets the poison message (its routing key has no other consumer).
POISONED = "notifications.person_contact_changed"
#: Longest wait for the broker's confirm of the poison message.
ANSWER_TIMEOUT_S = 30.0


def progress(message: str) -> None:
    sys.stderr.write(f"fault matrix: {message}\n")
    sys.stderr.flush()


@dataclass
class Rig:
    platform: Sandbox
    node: BrokerNode
    proxy: RelayProxy
    #: The database owner's connection to the sandbox's database (accounting; terminations).
    db: asyncpg.Connection
    sink: MailSink
    #: message_id of each poison message published.
    poison: list[str]


Fault = Callable[[Rig], Awaitable[str]]


def kill(service: str) -> Fault:
    async def inject(rig: Rig) -> str:
        pid = rig.platform.service_pid(service)
        if pid is None:
            raise AssertionError(f"no process of {service} under wir run (pid {rig.platform.pid})")
        os.kill(pid, signal.SIGKILL)
        return f"kill -9 {service} (pid {pid})"

    return inject


async def broker_restart(rig: Rig) -> str:
    await asyncio.to_thread(rig.node.kill)
    await asyncio.sleep(BROKER_DOWN_S)
    await asyncio.to_thread(rig.node.start)
    return f"broker killed -9, restarted after {BROKER_DOWN_S:g} s"


async def database_cut(rig: Rig) -> str:
    counts = []
    for i in range(2):
        if i:
            await asyncio.sleep(CUT_INTERVAL_S)
        # Every connection of the sandbox's database but the observer's own.
        counts.append(
            await rig.db.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    return f"terminated {counts[0]} then {counts[1]} database connections"


async def relay_black_hole(rig: Rig) -> str:
    held = rig.proxy.black_hole("intake")
    if not held:
        raise AssertionError("intake's relay has no connection through the proxy to black-hole")
    return f"black-holed {held} relay connection(s) of intake"


async def poison(rig: Rig) -> str:
    """An event that names itself correctly but whose payload no handler can take."""
    event_id = str(uuid.uuid4())
    body = {"event_id": event_id, "district": BERGSTRASSE, "person_id": "not-a-uuid"}
    settings = rig.platform.settings
    async with asyncio.timeout(ANSWER_TIMEOUT_S):
        await _publish_poison(settings.amqp_url, settings.exchange, event_id, body)
    rig.poison.append(event_id)
    return "published one poison person_contact_changed"


async def _publish_poison(amqp_url: str, exchange_name: str, event_id: str, body: dict[str, str]) -> None:
    connection = await aio_pika.connect(amqp_url, timeout=ANSWER_TIMEOUT_S)
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(exchange_name, ensure=False)
        await exchange.publish(
            aio_pika.Message(
                json.dumps(body).encode(),
                content_type="application/json",
                message_id=event_id,
                type=PersonContactChanged.EVENT,
                headers={"x-wir-district": BERGSTRASSE},
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            PersonContactChanged.binding_key(BERGSTRASSE),
            mandatory=True,
        )
    finally:
        await connection.close()


async def nothing(_rig: Rig) -> str:
    return "no fault (baseline)"


NOTIFICATIONS_KILLED = "kill -9 notifications"
#: (row name, fault), in the order they are injected.
MATRIX: list[tuple[str, Fault]] = [
    ("none (baseline)", nothing),
    ("kill -9 intake", kill("intake")),
    ("kill -9 competence", kill("competence")),
    (NOTIFICATIONS_KILLED, kill("notifications")),
    ("broker kill -9 + restart", broker_restart),
    ("DB connections terminated ×2", database_cut),
    ("relay black-holed (intake)", relay_black_hole),
    ("poison message", poison),
]
