"""A local SMTP server that keeps what it accepts: the platform's mail sink for end-to-end
tests, benchmarks and local runs without Docker's mail sink."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class Received:
    recipients: list[str]
    #: The message as it came over the wire.
    raw: bytes
    at: float  # time.monotonic() when the message was accepted

    @cached_property
    def message(self) -> EmailMessage:
        # Parsed when first read, not on arrival: parsing costs about a millisecond of the
        # sink's CPU per message, which a benchmark would otherwise count against itself.
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)  # what policy.default always makes
        return parsed


@dataclass
class MailSink:
    """Accepts every message and keeps it with the moment it was accepted.

    Messages hold personal data: a local run writes them under the work tree's var/ (ignored by
    git), never to a shared place.
    """

    port: int
    received: list[Received] = field(default_factory=list)
    #: Where each accepted message is also written as an .eml file (local runs), if anywhere.
    folder: Path | None = None
    #: The native id of the thread that accepts messages (once one came): a benchmark reads the
    #: sink's own CPU time from it, to tell it apart from its load generator's.
    thread_id: int | None = None
    #: The accepted messages by recipient: a lookup per address stays O(1) however many came.
    _by_recipient: dict[str, list[Received]] = field(default_factory=dict, repr=False)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook
        self.thread_id = threading.get_native_id()
        raw = envelope.original_content or b""
        received = Received(list(envelope.rcpt_tos), raw, time.monotonic())
        for address in dict.fromkeys(received.recipients):
            self._by_recipient.setdefault(address, []).append(received)
        self.received.append(received)
        if self.folder is not None:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{len(self.received):05d}.eml"
            (self.folder / name).write_bytes(raw)
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        """The messages accepted for `address`, oldest first."""
        return list(self._by_recipient.get(address, ()))

    async def wait_for(self, address: str, timeout_s: float = 60.0) -> Received:
        deadline = time.monotonic() + timeout_s
        while not self.to(address):
            if time.monotonic() > deadline:
                raise TimeoutError("no message arrived for the address in time")
            await asyncio.sleep(0.05)
        return self.to(address)[0]

    def environ(self) -> dict[str, str]:
        """Settings that point the notifications service at this sink."""
        return {"WIR_NOTIFICATIONS_SMTP_HOST": "127.0.0.1", "WIR_NOTIFICATIONS_SMTP_PORT": str(self.port)}


@contextlib.contextmanager
def mail_sink(port: int, folder: Path | None = None) -> Iterator[MailSink]:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    sink = MailSink(port=port, folder=folder)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
