"""What a lost database connection or an exhausted pool looks like to a service: the kit's own
errors, which the HTTP layer answers 503 with Retry-After, and how a connection cut mid-exchange
is told from a statement that failed."""

from __future__ import annotations

import contextlib

import asyncpg
from asyncpg.pool import PoolConnectionProxy

#: Seconds a client is told to wait before it tries again after a 503 of the database.
RETRY_AFTER_S = 2
#: The server or the network ended the connection (not: a statement failed).
_LOST_BY_DRIVER = (
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
)
LOST = (ConnectionError, *_LOST_BY_DRIVER)


class DatabaseUnavailable(ConnectionError):
    """The database cannot be reached or lost the connection; the work may be tried again later.

    A ConnectionError, so that code catching `OSError` around the database goes on catching it."""

    retry_after_s = RETRY_AFTER_S


class DatabaseBusy(DatabaseUnavailable):
    """No pooled connection came free in time, or a statement ran out of time."""


def terminate(conn: PoolConnectionProxy) -> None:
    # A connection the server closed may already be back in the pool (asyncpg returns it).
    with contextlib.suppress(asyncpg.InterfaceError):
        conn.terminate()


def is_gone(conn: PoolConnectionProxy) -> bool:
    """Closed, or already taken back by the pool (it does so with a connection that was lost);
    the transaction never gives its connection back itself before it ends."""
    try:
        return conn.is_closed()
    except asyncpg.InterfaceError:
        return True


def raise_named(exc: BaseException, gone: bool) -> None:
    """A lost connection or a statement out of time, as the kit's own errors (for a 503)."""
    if isinstance(exc, DatabaseUnavailable):
        return
    if isinstance(exc, asyncpg.QueryCanceledError):
        raise DatabaseBusy("a database statement ran out of time") from exc
    # The driver refuses a statement on a connection it knows is closed (InterfaceError), or
    # finds its protocol broken by a connection cut mid-exchange (InternalClientError, which is
    # never a mistake of the caller's): both seen under a DB cut.
    driver_refused = isinstance(exc, asyncpg.InterfaceError) and gone
    if (
        driver_refused
        or isinstance(exc, asyncpg.InternalClientError)
        or (isinstance(exc, (*_LOST_BY_DRIVER, asyncpg.InterfaceError)) and _lost(exc))
    ):
        # Also the ROLLBACK that fails after the loss: its connection is back in the pool.
        raise DatabaseUnavailable("the database connection was lost") from exc


def _lost(exc: BaseException | None) -> bool:
    """Whether the driver's own error for an ended connection is in `exc`'s chain."""
    while exc is not None:
        if isinstance(exc, _LOST_BY_DRIVER):
            return True
        exc = exc.__context__
    return False
