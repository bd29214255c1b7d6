"""A few SMTP connections kept open and reused (aiosmtplib has no pool of its own).

A connection per message cost a TCP (and TLS) handshake, the greeting, EHLO and login each
time. Here at most `size` connections are open (the sender never has more messages in flight);
one is lent to one message at a time. The most recently used is lent first, so that the others
age out: a connection unused for `idle_s` is closed with QUIT. One whose last transaction failed
mid-way is reset (RSET) before it carries another, and one in an unknown state (a timeout, a
broken reply, a message handed over without a verdict) is closed rather than lent again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import aiosmtplib

Client = TypeVar("Client", bound=aiosmtplib.SMTP)

#: The most a polite QUIT may take when a connection is closed; then it is cut.
QUIT_TIMEOUT_S = 2.0


@dataclass
class _Idle(Generic[Client]):
    client: Client
    since: float
    #: Its last transaction failed after MAIL: the server may still hold that envelope.
    dirty: bool


class SmtpPool(Generic[Client]):
    def __init__(self, connect: Callable[[], Awaitable[Client]], *, size: int, idle_s: float) -> None:
        self._connect = connect
        self._idle_s = idle_s
        self._idle: list[_Idle[Client]] = []
        self._room = asyncio.Semaphore(size)
        self._closing: set[asyncio.Task[None]] = set()
        self._reaper: asyncio.TimerHandle | None = None

    async def acquire(self) -> tuple[Client, bool]:
        """A connection ready for a new transaction, and whether it carried one before. Raises
        what connecting raises (refused, TLS, login)."""
        await self._room.acquire()
        try:
            while self._idle:
                entry = self._idle.pop()
                if await self._usable(entry):
                    return entry.client, True
            return await self._connect(), False
        except BaseException:
            self._room.release()
            raise

    def release(self, client: Client, *, dirty: bool = False) -> None:
        """Back to the pool; `dirty` after a transaction that failed with the connection intact."""
        self._room.release()
        if not client.is_connected:
            return
        self._idle.append(_Idle(client, _now(), dirty))
        self._schedule_reaper()

    def discard(self, client: Client) -> None:
        """Not lent again: its state is unknown (timeout, broken reply, no verdict)."""
        self._room.release()
        client.close()

    async def close(self) -> None:
        """Close every idle connection (at shutdown); those lent out are closed by their owner."""
        if self._reaper is not None:
            self._reaper.cancel()
        idle, self._idle = self._idle, []
        for entry in idle:
            self._quit(entry.client)
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    async def _usable(self, entry: _Idle[Client]) -> bool:
        # A connection the server closed meanwhile (its idle timeout, a restart) shows here.
        if not entry.client.is_connected or _now() - entry.since >= self._idle_s:
            self._quit(entry.client)
            return False
        if not entry.dirty:
            return True
        try:
            await entry.client.rset()
        except (aiosmtplib.SMTPException, OSError):
            entry.client.close()
            return False
        return True

    def _schedule_reaper(self) -> None:
        if self._reaper is None and self._idle:
            oldest = min(entry.since for entry in self._idle)
            delay = max(0.0, oldest + self._idle_s - _now())
            self._reaper = asyncio.get_running_loop().call_later(delay, self._reap)

    def _reap(self) -> None:
        self._reaper = None
        now = _now()
        stale = [entry for entry in self._idle if now - entry.since >= self._idle_s]
        self._idle = [entry for entry in self._idle if now - entry.since < self._idle_s]
        for entry in stale:
            self._quit(entry.client)
        self._schedule_reaper()

    def _quit(self, client: Client) -> None:
        if not client.is_connected:
            client.close()
            return
        task = asyncio.create_task(_quit(client))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)


async def _quit(client: aiosmtplib.SMTP) -> None:
    try:
        async with asyncio.timeout(QUIT_TIMEOUT_S):
            await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        pass
    finally:
        with contextlib.suppress(Exception):
            client.close()


def _now() -> float:
    return asyncio.get_running_loop().time()
