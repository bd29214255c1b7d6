"""The service as operators run it: found through its entry point, configured from the
environment, several replicas at once, a replica dying mid-send, demo data seeded once."""

from __future__ import annotations

import asyncio
from importlib.metadata import entry_points

from wir_kit import ServiceSpec
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import bearer, http_client, outbox, rows
from wir_notifications import demo
from wir_notifications.main import build


def test_the_entry_point_names_the_service() -> None:
    [entry] = entry_points(group="wir.services", name="notifications")
    assert entry.load() is build
    spec = build()
    assert isinstance(spec, ServiceSpec)
    assert (spec.name, spec.port, spec.seed_demo) == ("notifications", 8005, demo.seed)


async def test_smtp_settings_come_from_the_environment(
    monkeypatch, wir_settings, wir_runtime, smtp_sink, person, until
) -> None:
    monkeypatch.setenv("WIR_NOTIFICATIONS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WIR_NOTIFICATIONS_SMTP_PORT", str(smtp_sink.port))
    monkeypatch.setenv("WIR_NOTIFICATIONS_SMTP_FROM", "WIR Bergstraße <wir@kreis-bergstrasse.example>")
    monkeypatch.setenv("WIR_NOTIFICATIONS_QUIET_HOURS_START", "00:00")
    monkeypatch.setenv("WIR_NOTIFICATIONS_QUIET_HOURS_END", "00:00")
    runtime = await wir_runtime(build(), wir_settings(service="notifications"))
    registered, contact, address, _ = person(languages=["deu"])

    await publish(runtime.settings, registered, contact)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["From"] == "WIR Bergstraße <wir@kreis-bergstrasse.example>"


async def test_two_replicas_deliver_each_message_once(start_notifications, smtp_sink, person, until) -> None:
    first = await start_notifications()
    await start_notifications(settings=first.settings)
    people = [person(languages=["deu"]) for _ in range(8)]

    await publish(
        first.settings, *(event for registered, contact, _, _ in people for event in (registered, contact))
    )

    await until(lambda: len(smtp_sink.messages) >= len(people))
    await until(lambda: _count(outbox(first.runtime, "notification_sent"), len(people)))
    assert sorted(r for m in smtp_sink.messages for r in m.recipients) == sorted(p.email for p in people)
    assert len(await outbox(first.runtime, "notification_sent")) == len(people)


async def test_a_replica_dying_mid_send_is_taken_over_when_its_lease_runs_out(
    start_notifications, wir_settings, smtp_sink, person, until
) -> None:
    silent = await asyncio.start_server(_say_nothing, "127.0.0.1", 0)
    silent_port = silent.sockets[0].getsockname()[1]
    short = {"smtp_timeout_s": 2.0, "sms_timeout_s": 2.0, "lease_s": 2.5}
    settings = wir_settings(service="notifications", graceful_timeout_s=0.0)
    doomed = await start_notifications(settings=settings, smtp_port=silent_port, **short)
    registered, contact, address, _ = person(languages=["deu"])
    await publish(doomed.settings, registered, contact)
    await until(
        lambda: rows(doomed.runtime, BERGSTRASSE, "SELECT 1 FROM deliveries WHERE status = 'sending'")
    )

    await doomed.runtime.stop()  # no grace: the send is cut off before its outcome is recorded
    survivor = await start_notifications(settings=settings, **short)

    [mail] = await until(lambda: smtp_sink.to(address))
    assert mail.message["Subject"] == "Willkommen bei WIR – Kreis Bergstraße"
    await until(lambda: outbox(survivor.runtime, "notification_sent"))
    assert await survivor.history(BERGSTRASSE, registered.person_id) == [
        ("email", "queued", None, None),
        ("email", "sent", 2, "smtp_accepted"),
    ]
    silent.close()
    await silent.wait_closed()


async def test_demo_district_content_is_seeded_once(start_notifications) -> None:
    service = await start_notifications()

    assert await demo.seed(service.runtime.db) == 1
    assert await demo.seed(service.runtime.db) == 0

    async with http_client(service.runtime) as http:
        shown = (await http.get("/district-settings", headers=bearer(service.runtime))).json()
    assert shown["customised"] is True
    assert [c["name"] for c in shown["contacts"]] == ["WIR-Fallmanagement", "WIR-Koordination"]
    assert (shown["quiet_hours_start"], shown["quiet_hours_end"]) == ("21:00:00", "08:00:00")
    assert [c["email"] for c in shown["coordinators"]] == ["koordination@wir.localhost"]
    staff = await rows(
        service.runtime, demo.DEMO_DISTRICT, "SELECT email FROM recipients WHERE kind = 'staff'"
    )
    assert [row["email"] for row in staff] == ["koordination@wir.localhost"]


async def _say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A mail server that accepts the connection and never greets."""
    await reader.read()
    writer.close()


async def _count(events, n):
    return len(await events) >= n
