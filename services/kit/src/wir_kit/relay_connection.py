"""The relay's own database connection: its own login, bounded when its peer goes silent.

The relay logs in as `wir_<schema>_relay`, which reads every district's outbox and nothing
else; the service's login cannot become it. Its advisory lock lives as long as this connection
does on the server, so a relay whose node is lost (a frozen host, a network partition) must lose
the lock within `relay_takeover_s` for a standby to take over: the server probes the silent peer
with TCP keepalives, gives up on unacknowledged data after `tcp_user_timeout`, and ends a session
idle for longer than `idle_session_timeout` (the active relay queries at least every
`relay_idle_poll_s` and waits at most `broker_timeout_s` for the broker in between). The client
gives up on a query or a connection attempt after the same time. A connection the server closes
(a restart, `pg_terminate_backend`) calls `on_lost` at once, so the relay need not wait for its
idle poll to notice.
"""

from __future__ import annotations

from collections.abc import Callable

import asyncpg

from wir_kit.settings import Settings

#: Unanswered keepalive probes after which the server drops the connection.
KEEPALIVE_PROBES = 3


def relay_session_settings(settings: Settings) -> dict[str, str]:
    """The server settings of the relay's session (all of them settable by any login)."""
    bound = settings.relay_takeover_s
    bound_ms = str(max(1, int(bound * 1000)))
    return {
        "search_path": settings.pg_schema,
        "application_name": f"wir-{settings.service}-relay",
        # Idle for a third of the bound, then three probes within the next third.
        "tcp_keepalives_idle": str(max(1, int(bound / 3))),
        "tcp_keepalives_interval": str(max(1, int(bound / (3 * KEEPALIVE_PROBES)))),
        "tcp_keepalives_count": str(KEEPALIVE_PROBES),
        "tcp_user_timeout": bound_ms,
        "idle_session_timeout": bound_ms,
        "statement_timeout": bound_ms,
    }


async def connect_relay(settings: Settings, on_lost: Callable[[], None] | None = None) -> asyncpg.Connection:
    """A connection of the relay's login; `on_lost` is called when it closes under the relay."""
    conn: asyncpg.Connection = await asyncpg.connect(
        settings.relay_database_url,
        timeout=settings.relay_takeover_s,
        command_timeout=settings.relay_takeover_s,
        server_settings=relay_session_settings(settings),
    )
    if on_lost is not None:
        callback = on_lost
        conn.add_termination_listener(lambda _conn: callback())
    return conn
