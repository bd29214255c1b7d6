"""A TCP proxy in front of PostgreSQL that a test can black-hole (a partition) or cut."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any
from urllib.parse import urlsplit, urlunsplit


class TcpProxy:
    """Forwards 127.0.0.1:<port> to the server of a database URL.

    `black_hole()` stops forwarding both ways and keeps every socket open, as a lost node or a
    partition does: neither side hears from the other again, nor is told so. `cut()` closes
    every connection, as a database restart does; `refuse()` closes every new one too, as a
    database that is down does."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.black_holed = False
        self.refusing = False

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)

    def url(self, url: str) -> str:
        """`url` with its host and port replaced by the proxy's."""
        if self._server is None:
            raise RuntimeError("proxy not started")
        port = self._server.sockets[0].getsockname()[1]
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = (credentials + "@" if credentials else "") + f"127.0.0.1:{port}"
        return urlunsplit(parts._replace(netloc=netloc))

    def black_hole(self) -> None:
        self.black_holed = True

    def refuse(self) -> None:
        self.refusing = True
        self.cut()

    def cut(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        self.cut()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            writer.transport.abort()
            return
        self._writers.add(writer)
        if self.black_holed:
            self._track(self._swallow(reader))
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.add(up_writer)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            self._track(self._pipe(source, sink))

    def _track(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                if self.black_holed:
                    continue  # dropped; and an end of stream is never passed on
                sink.write(data)
                await sink.drain()
            if not self.black_holed:
                sink.transport.abort()
        if self.black_holed:
            await asyncio.Event().wait()  # keep the other side open, unanswered

    async def _swallow(self, reader: asyncio.StreamReader) -> None:
        with contextlib.suppress(OSError):
            while await reader.read(65536):
                pass
        await asyncio.Event().wait()
