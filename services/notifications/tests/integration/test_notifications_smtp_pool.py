"""The SMTP channel keeps a few connections open and reuses them, against a real SMTP server:
one connection for many messages, a connection the server dropped meanwhile replaced without
losing or doubling the message, a server that dies in DATA never answered twice, idle
connections closed, an envelope left by a failure reset, every connection closed at shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from wir_contracts.notifications.v1 import FailureReason
from wir_notifications.adapters.email import Mail, SmtpSender
from wir_notifications.adapters.handover import NotHandedOver
from wir_notifications.domain.outcomes import Permanent, Sent, Transient
from wir_notifications.settings import NotificationSettings
from wir_ops.sandbox import free_port


@dataclass
class Server:
    """An SMTP server that notes which connection carried each message, each QUIT and RSET, and
    can drop a connection at MAIL or in DATA."""

    port: int
    peers: list[str] = field(default_factory=list)
    connections: set[str] = field(default_factory=set)
    quits: int = 0
    resets: int = 0
    #: MAIL commands (counted from 1) at which the server answers 421 and hangs up.
    drop_at_mail: set[int] = field(default_factory=set)
    #: DATA commands (counted from 1) during which the server hangs up without a reply.
    die_in_data: set[int] = field(default_factory=set)
    rcpt_reply: str | None = None
    #: Seconds DATA takes before its reply.
    data_delay: float = 0.0
    mails: int = 0
    datas: int = 0

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.mails += 1
        self.connections.add(str(session.peer))
        if self.mails in self.drop_at_mail:
            asyncio.get_running_loop().call_soon(_hang_up, server)
            return "421 4.4.2 idle too long, closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.rcpt_reply is not None:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.datas += 1
        if self.datas in self.die_in_data:
            _hang_up(server)
            await asyncio.sleep(0.1)
            return "250 never heard"
        await asyncio.sleep(self.data_delay)
        self.peers.append(str(session.peer))
        return "250 2.0.0 accepted"

    async def handle_QUIT(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.quits += 1
        return "221 Bye"

    async def handle_RSET(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.resets += 1
        return "250 OK"


def _hang_up(server: SMTP) -> None:
    if server.transport is not None:
        server.transport.close()


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., Server]]:
    controllers: list[Controller] = []

    def start(**behaviour: Any) -> Server:
        server = Server(port=free_port(), **behaviour)
        controller = Controller(server, hostname="127.0.0.1", port=server.port)
        controller.start()
        controllers.append(controller)
        return server

    yield start
    for controller in controllers:
        controller.stop()


def mail() -> Mail:
    return Mail(uuid4(), "amina@example.org", "Amina", "Willkommen", "Hallo", "<p>Hallo</p>", "de")


def sender(server: Server, **settings: Any) -> SmtpSender:
    return SmtpSender(NotificationSettings(smtp_port=server.port, smtp_local_hostname="wir.test", **settings))


class HandOvers:
    """Counts the hand-overs an adapter asks for."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self) -> None:
        self.count += 1


async def test_one_connection_carries_message_after_message(smtp_server) -> None:
    server = smtp_server()
    smtp = sender(server)
    try:
        outcomes = [await smtp.send(mail()) for _ in range(3)]
    finally:
        await smtp.close()

    assert outcomes == [Sent("smtp_accepted")] * 3
    assert len(server.peers) == 3 and len(set(server.peers)) == 1
    assert server.quits == 1  # closed politely at shutdown


async def test_concurrent_messages_open_no_more_connections_than_the_senders_concurrency(
    smtp_server,
) -> None:
    server = smtp_server()
    smtp = sender(server, worker_concurrency=2)
    try:
        outcomes = await asyncio.gather(*(smtp.send(mail()) for _ in range(6)))
    finally:
        await smtp.close()

    assert outcomes == [Sent("smtp_accepted")] * 6
    assert len(set(server.peers)) <= 2


async def test_a_connection_the_server_dropped_meanwhile_is_replaced_and_the_message_sent_once(
    smtp_server,
) -> None:
    server = smtp_server(drop_at_mail={2})  # the reused connection is gone at its first command
    smtp = sender(server)
    hand_overs = HandOvers()
    try:
        first = await smtp.send(mail())
        second = await smtp.send(mail(), hand_overs)
    finally:
        await smtp.close()

    assert (first, second) == (Sent("smtp_accepted"), Sent("smtp_accepted"))
    assert hand_overs.count == 1
    assert len(server.peers) == 2 and server.peers[0] != server.peers[1]


async def test_a_new_connection_that_fails_is_not_tried_again(smtp_server) -> None:
    server = smtp_server(drop_at_mail={1})

    smtp = sender(server)
    try:
        outcome = await smtp.send(mail())
    finally:
        await smtp.close()

    assert outcome == Transient("smtp_421")
    assert server.mails == 1 and server.peers == []


async def test_a_server_that_dies_in_data_is_not_sent_to_again_and_its_connection_is_dropped(
    smtp_server,
) -> None:
    server = smtp_server(die_in_data={2})
    smtp = sender(server)
    hand_overs = HandOvers()
    try:
        await smtp.send(mail())
        died = await smtp.send(mail(), hand_overs)
        after = await smtp.send(mail())
    finally:
        await smtp.close()

    # Handed over, no verdict: the sender's retry decides (counted as a possible duplicate).
    assert died == Transient("smtp_connection")
    assert hand_overs.count == 1 and server.datas == 3
    assert after == Sent("smtp_accepted")
    assert len(server.peers) == 2 and server.peers[0] != server.peers[1]


async def test_an_idle_connection_is_closed_after_the_limit(smtp_server) -> None:
    server = smtp_server()
    smtp = sender(server, smtp_idle_s=0.2)
    try:
        await smtp.send(mail())
        await asyncio.sleep(0.6)
        assert server.quits == 1  # closed while idle, before shutdown
        await smtp.send(mail())
    finally:
        await smtp.close()

    assert len(set(server.peers)) == 2
    assert server.quits == 2


async def test_an_envelope_left_by_a_refused_recipient_is_reset_before_the_next_message(
    smtp_server,
) -> None:
    server = smtp_server(rcpt_reply="550 5.1.1 User unknown")
    smtp = sender(server)
    try:
        refused = await smtp.send(mail())
        resets = server.resets
        server.rcpt_reply = None
        sent = await smtp.send(mail())
    finally:
        await smtp.close()

    assert refused == Permanent(FailureReason.INVALID_ADDRESS, "smtp_550")
    assert sent == Sent("smtp_accepted")
    assert server.resets > resets  # before the next MAIL on the same connection
    assert len(server.connections) == 1


async def test_a_refused_hand_over_leaves_the_connection_usable(smtp_server) -> None:
    async def refuse() -> None:
        raise NotHandedOver("lease lost")

    server = smtp_server()
    smtp = sender(server)
    try:
        with pytest.raises(NotHandedOver):
            await smtp.send(mail(), refuse)
        sent = await smtp.send(mail())
    finally:
        await smtp.close()

    assert sent == Sent("smtp_accepted")
    assert server.datas == 1 and server.resets >= 1
    assert len(server.connections) == 1


async def test_a_send_cancelled_mid_transaction_gives_its_connection_up(smtp_server) -> None:
    server = smtp_server(data_delay=5.0)
    smtp = sender(server, worker_concurrency=1)
    try:
        stopped = asyncio.create_task(smtp.send(mail()))
        while server.datas == 0:
            await asyncio.sleep(0.01)
        stopped.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stopped
        server.data_delay = 0.0
        after = await asyncio.wait_for(smtp.send(mail()), 3)  # the only slot is free again
    finally:
        await smtp.close()

    assert after == Sent("smtp_accepted")
    assert len(server.connections) == 2
