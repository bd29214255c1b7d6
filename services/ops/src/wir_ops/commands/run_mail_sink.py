"""A local SMTP server that keeps what it accepts: the platform's mail sink for end-to-end
tests, benchmarks and local runs without Docker's mail sink."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class Received:
    recipients: list[str]
    message: EmailMessage
    at: float  # time.monotonic() when the message was accepted


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

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook
        message = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        if not isinstance(message, EmailMessage):
            return "554 unreadable message"
        self.received.append(Received(list(envelope.rcpt_tos), message, time.monotonic()))
        if self.folder is not None:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{len(self.received):05d}.eml"
            (self.folder / name).write_bytes(envelope.original_content or b"")
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]

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
