"""The sender's short lease: kept while a slow send runs, fenced once taken over, and a crash
or a cut database around the hand-over costs at most one counted possible duplicate."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import asyncpg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from prometheus_client import REGISTRY

from wir_contracts.channels import Channel
from wir_kit import Db
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, rows
from wir_notifications.adapters.handover import NotHandedOver
from wir_notifications.commands import deliveries as delivering
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.db import deliveries
from wir_notifications.db.deliveries import Claimed
from wir_notifications.domain.outcomes import Sent
from wir_notifications.jobs.lease import Lease
from wir_notifications.jobs.sender import Sender


@dataclass
class Mailbox:
    """An SMTP server that can take its time over MAIL, RCPT and DATA, or hold DATA until told."""

    port: int = 0
    pause: float = 0.0
    hold_data: bool = False
    received: list[Message] = field(default_factory=list)
    at_rcpt: threading.Event = field(default_factory=threading.Event)
    at_data: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        await asyncio.sleep(self.pause)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.at_rcpt.set()
        await asyncio.sleep(self.pause)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.at_data.set()
        await asyncio.sleep(self.pause)
        for _ in range(1500):  # at most 15 s: a held DATA nobody releases ends with the test
            if not self.hold_data or self.release.is_set():
                break
            await asyncio.sleep(0.01)
        self.received.append(message_from_bytes(envelope.original_content or b"", policy=policy.default))
        return "250 2.0.0 accepted"


@pytest.fixture
def mailbox() -> Iterator[Callable[..., Mailbox]]:
    controllers: list[tuple[Controller, Mailbox]] = []

    def start(**behaviour: Any) -> Mailbox:
        box = Mailbox(port=_port(), **behaviour)
        controller = Controller(box, hostname="127.0.0.1", port=box.port)
        controller.start()
        controllers.append((controller, box))
        return box

    yield start
    for controller, box in controllers:
        box.release.set()
        controller.stop()


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def duplicates(cause: str) -> float:
    labels = {"channel": "email", "cause": cause}
    return REGISTRY.get_sample_value("wir_notifications_possible_duplicates_total", labels) or 0.0


async def test_a_slow_send_keeps_its_lease_and_no_other_replica_sends(
    start_notifications, wir_settings, smtp_sink, mailbox, person, until
) -> None:
    slow = mailbox(pause=1.5)  # MAIL, RCPT and DATA take 4.5 s together: longer than the lease
    timing = {"smtp_timeout_s": 2.0, "sms_timeout_s": 2.0, "lease_s": 3.0}
    first = await start_notifications(smtp_port=slow.port, **timing)
    registered, contact, address, _ = person()
    await publish(first.settings, registered, contact)
    await until(lambda: rows(first.runtime, BERGSTRASSE, "SELECT 1 FROM deliveries WHERE status = 'sending'"))

    await start_notifications(settings=first.settings, smtp_port=smtp_sink.port, **timing)

    await until(lambda: outbox(first.runtime, "notification_sent"))
    assert await first.history(BERGSTRASSE, registered.person_id) == [
        ("email", "queued", None, None),
        ("email", "sent", 1, "smtp_accepted"),  # the first claim, never taken over
    ]
    assert len(slow.received) == 1
    assert smtp_sink.to(address) == []


async def test_a_sender_killed_after_handing_over_is_resent_once_with_the_same_message_id_and_counted(
    start_notifications, wir_settings, smtp_sink, mailbox, person, until
) -> None:
    held = mailbox(hold_data=True)
    timing = {"smtp_timeout_s": 4.0, "sms_timeout_s": 2.0, "lease_s": 5.0}
    settings = wir_settings(service="notifications", graceful_timeout_s=0.0)
    doomed = await start_notifications(settings=settings, smtp_port=held.port, **timing)
    registered, contact, address, _ = person()
    await publish(doomed.settings, registered, contact)
    await until(held.at_data.is_set)  # handed over: the server has DATA, its answer is pending
    before = duplicates("taken_over")

    await doomed.runtime.stop()  # killed: no outcome recorded
    survivor = await start_notifications(settings=settings, smtp_port=smtp_sink.port, **timing)

    [mail] = await until(lambda: smtp_sink.to(address))
    [sent] = await until(lambda: outbox(survivor.runtime, "notification_sent"))
    assert mail.message["Message-ID"] == f"<{sent['notification_id']}@wir.localhost>"
    assert duplicates("taken_over") == before + 1
    assert await survivor.history(BERGSTRASSE, registered.person_id) == [
        ("email", "queued", None, None),
        ("email", "sent", 2, "smtp_accepted"),
    ]


async def test_a_sender_killed_before_handing_over_sends_exactly_once_and_counts_nothing(
    start_notifications, wir_settings, smtp_sink, mailbox, person, until
) -> None:
    stalled = mailbox(pause=3.0)  # stuck in MAIL: nothing handed over yet
    timing = {"smtp_timeout_s": 4.0, "sms_timeout_s": 2.0, "lease_s": 5.0}
    settings = wir_settings(service="notifications", graceful_timeout_s=0.0)
    doomed = await start_notifications(settings=settings, smtp_port=stalled.port, **timing)
    registered, contact, address, _ = person()
    await publish(doomed.settings, registered, contact)
    await until(
        lambda: rows(doomed.runtime, BERGSTRASSE, "SELECT 1 FROM deliveries WHERE status = 'sending'")
    )
    before = duplicates("taken_over")

    await doomed.runtime.stop()
    survivor = await start_notifications(settings=settings, smtp_port=smtp_sink.port, **timing)

    await until(lambda: outbox(survivor.runtime, "notification_sent"))
    assert len(smtp_sink.to(address)) == 1
    assert stalled.received == []
    assert duplicates("taken_over") == before
    [row] = await rows(survivor.runtime, BERGSTRASSE, "SELECT attempts, handed_over_at FROM deliveries")
    assert row["attempts"] == 2 and row["handed_over_at"] is not None


async def test_a_claimant_that_lost_its_lease_can_neither_renew_nor_hand_over_nor_record(
    start_notifications, wir_settings, mailbox, person, until
) -> None:
    stalled = mailbox(pause=3.0)
    timing = {"smtp_timeout_s": 4.0, "sms_timeout_s": 2.0, "lease_s": 5.0}
    settings = wir_settings(service="notifications", graceful_timeout_s=0.0)
    service = await start_notifications(settings=settings, smtp_port=stalled.port, **timing)
    registered, contact, _, _ = person()
    await publish(service.settings, registered, contact)
    [claimed] = await until(
        lambda: rows(
            service.runtime, BERGSTRASSE, "SELECT notification_id FROM deliveries WHERE status = 'sending'"
        )
    )
    await service.runtime.stop()  # no sender left: the test is the only claimant
    old = Claimed(claimed["notification_id"], Channel.EMAIL, attempts=1)
    db = await Db.connect(settings)
    try:
        async with db.transaction(BERGSTRASSE) as tx:
            await tx.execute("UPDATE deliveries SET lease_until = now() - interval '1 second'")
            [newer] = await deliveries.claim_due(tx, 10, 60.0)

        assert not await deliveries.hand_over(db, BERGSTRASSE, old, 60.0)
        async with db.transaction(BERGSTRASSE) as tx:
            assert not await deliveries.renew(tx, old, 60.0)
            await delivering.record_attempt(tx, Collaborators(service.config), old, Sent("smtp_accepted"))
            assert await deliveries.renew(tx, newer, 60.0)
        with pytest.raises(NotHandedOver):
            await Lease(db, BERGSTRASSE, old, 60.0).hand_over()
        async with db.transaction(BERGSTRASSE) as tx:
            row = await tx.fetchrow("SELECT status, attempts, handed_over_at FROM deliveries")
            sent = await tx.fetch("SELECT 1 FROM outbox WHERE event_type = 'notification_sent'")
    finally:
        await db.close()

    assert newer.attempts == 2
    assert (row["status"], row["attempts"], row["handed_over_at"]) == ("sending", 2, None)
    assert sent == []


async def test_a_database_cut_between_acceptance_and_outcome_sends_once(
    start_notifications, mailbox, person, until, wir_database_url
) -> None:
    gate = mailbox(hold_data=True)
    service = await start_notifications(smtp_port=gate.port, smtp_timeout_s=4.0, lease_s=5.0)
    registered, contact, _, _ = person()
    await publish(service.settings, registered, contact)
    await until(gate.at_data.is_set)
    admin = await asyncpg.connect(wir_database_url)
    try:
        async with admin.transaction():
            # The row is held, so the outcome's transaction waits on it, and is cut there.
            await admin.execute(f"SELECT 1 FROM {service.settings.pg_schema}.deliveries FOR UPDATE")
            gate.release.set()
            waiting = await until(lambda: admin.fetch(_WAITING, f"wir-{service.settings.service}"))
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [r["pid"] for r in waiting]
            )
    finally:
        await admin.close()

    await until(lambda: outbox(service.runtime, "notification_sent"))
    assert await service.history(BERGSTRASSE, registered.person_id) == [
        ("email", "queued", None, None),
        ("email", "sent", 1, "smtp_accepted"),  # recorded by the attempt that sent it
    ]
    assert len(gate.received) == 1


_WAITING = "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'"


async def test_a_message_due_at_once_is_claimed_as_it_is_composed_and_sent_without_a_claim_of_its_own(
    start_notifications, smtp_sink, person, until, monkeypatch: pytest.MonkeyPatch
) -> None:
    claimed_by_the_sender: list[Claimed] = []
    claim_due = deliveries.claim_due

    async def watched(*args: Any) -> list[Claimed]:
        claims = await claim_due(*args)
        claimed_by_the_sender.extend(claims)
        return claims

    monkeypatch.setattr(deliveries, "claim_due", watched)
    service = await start_notifications(smtp_port=smtp_sink.port)
    registered, contact, address, _ = person()
    await publish(service.settings, registered, contact)

    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    assert len(smtp_sink.to(address)) == 1
    assert await service.history(BERGSTRASSE, registered.person_id) == [
        ("email", "queued", None, None),
        ("email", "sent", 1, "smtp_accepted"),
    ]
    assert str(sent["notification_id"]) not in {str(c.notification_id) for c in claimed_by_the_sender}


async def test_a_claim_made_as_it_was_composed_that_no_sender_took_is_taken_over_when_its_lease_ends(
    start_notifications, smtp_sink, person, until, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the process died between the consumer's commit and the send.
    monkeypatch.setattr(Sender, "take", lambda _self, _district, _claim: None)
    timing = {"smtp_timeout_s": 1.0, "sms_timeout_s": 1.0, "lease_s": 2.0, "worker_poll_s": 0.5}
    service = await start_notifications(smtp_port=smtp_sink.port, **timing)
    registered, contact, address, _ = person()
    before = duplicates("taken_over")
    await publish(service.settings, registered, contact)

    await until(lambda: outbox(service.runtime, "notification_sent"))
    assert len(smtp_sink.to(address)) == 1
    assert duplicates("taken_over") == before  # never handed over: no possible duplicate
    assert await service.history(BERGSTRASSE, registered.person_id) == [
        ("email", "queued", None, None),
        ("email", "sent", 2, "smtp_accepted"),
    ]
