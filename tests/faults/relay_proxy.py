"""A TCP proxy between the services' outbox relays and PostgreSQL that can black-hole one
service's relay connection: stop forwarding both ways and keep both sockets open, as a lost
node or a network partition does (neither side hears from the other again, nor is told so).

`wir run` gives every service the same environment, so one WIR_DATABASE_RELAY_URL serves the
three relays. The proxy reads each connection's startup message, in which asyncpg sends the
session's settings, and logs the relay in as its own login `wir_<service>_relay`, named by the
`application_name` the kit gives it (`wir-<service>-relay`). Connections are forwarded as they
are otherwise (asyncpg's cancel requests, for instance).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import struct
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_SSL_REQUEST = 80877103
_GSS_REQUEST = 80877104
_PROTOCOL_3 = 196608
_RELAY = re.compile(r"wir-(?P<service>[a-z0-9_]+)-relay")


@dataclass(eq=False)
class Link:
    """One client connection and its upstream one (kept in a set: compared by identity)."""

    application: str
    writers: list[asyncio.StreamWriter] = field(default_factory=list)
    black_holed: bool = False


class RelayProxy:
    def __init__(self, database_url: str) -> None:
        parts = urlsplit(database_url)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._server: asyncio.Server | None = None
        self._links: set[Link] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)

    def relay_url(self, url: str) -> str:
        """`url` through the proxy, without TLS (the proxy reads the startup message)."""
        if self._server is None:
            raise RuntimeError("proxy not started")
        port = self._server.sockets[0].getsockname()[1]
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = (credentials + "@" if credentials else "") + f"127.0.0.1:{port}"
        return urlunsplit(parts._replace(netloc=netloc, query="sslmode=disable"))

    def black_hole(self, service: str) -> int:
        """Black-hole the open relay connections of `service`; returns how many. New ones pass."""
        chosen = [link for link in self._links if link.application == f"wir-{service}-relay"]
        for link in chosen:
            link.black_holed = True
        return len(chosen)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for link in list(self._links):
            for writer in link.writers:
                writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            packet = await _startup_packet(reader, writer)
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            writer.transport.abort()
            return
        application, packet = as_relay_login(packet)
        link = Link(application, [writer, up_writer])
        self._links.add(link)
        up_writer.write(packet)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            self._track(self._pipe(link, source, sink))

    def _track(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _pipe(self, link: Link, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                if link.black_holed:
                    continue  # dropped; and an end of stream is never passed on
                sink.write(data)
                await sink.drain()
        if link.black_holed:
            return  # both sockets stay open, unanswered, until the proxy closes
        for writer in link.writers:
            writer.transport.abort()
        self._links.discard(link)


async def _startup_packet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes:
    """The client's first real packet; a request for TLS or GSS encryption is declined."""
    while True:
        length, code = struct.unpack("!ii", await reader.readexactly(8))
        if length < 8 or length > 10_000:
            raise ValueError("not a PostgreSQL startup packet")
        rest = await reader.readexactly(length - 8)
        if code in (_SSL_REQUEST, _GSS_REQUEST):
            writer.write(b"N")
            await writer.drain()
            continue
        return struct.pack("!ii", length, code) + rest


def as_relay_login(packet: bytes) -> tuple[str, bytes]:
    """The startup packet's application name, and the packet logging in as that relay's login."""
    code = struct.unpack("!i", packet[4:8])[0]
    if code != _PROTOCOL_3:
        return "", packet  # a cancel request: forwarded as it is
    fields = packet[8:].split(b"\0")
    params = dict(zip(fields[0:-2:2], fields[1:-2:2], strict=True))
    application = params.get(b"application_name", b"").decode()
    relay = _RELAY.fullmatch(application)
    if relay is None:
        return application, packet
    params[b"user"] = f"wir_{relay['service']}_relay".encode()
    body = struct.pack("!i", code) + b"".join(k + b"\0" + v + b"\0" for k, v in params.items()) + b"\0"
    return application, struct.pack("!i", len(body) + 4) + body
