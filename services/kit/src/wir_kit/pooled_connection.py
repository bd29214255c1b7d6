"""The pooled connection of a service: its session reset travels with the COMMIT."""

from __future__ import annotations

from typing import Any

import asyncpg


class PooledConnection(asyncpg.Connection):
    """A service connection that resets its session in the round trip that ends a transaction.

    The reset is asyncpg's own (advisory locks, cursors, LISTEN, session settings: whatever a
    statement of the service may have left behind; the district is transaction-local anyway);
    sent before COMMIT, it is part of the transaction and costs no commit of its own. The pool
    sends it on release only for a connection used otherwise (a test's own `pool.acquire()`)."""

    __slots__ = ("_reset_in_band",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reset_in_band = False

    def was_reset(self) -> None:
        """The session was reset with the statement that ended its transaction."""
        self._reset_in_band = True

    async def reset_unless_done(self) -> None:
        """The pool's reset on release: skipped once after a transaction ended with it."""
        if self._reset_in_band:
            self._reset_in_band = False
            return
        await self.execute(self.get_reset_query())


async def reset_on_release(conn: asyncpg.Connection) -> None:
    """The pool's reset: a PooledConnection's own, any other connection's in full."""
    if isinstance(conn, PooledConnection):
        await conn.reset_unless_done()
    else:
        await conn.reset()
