"""Erasure forgets the person here and says so; bad input ends in the dead-letter queue with a
reason that names fields and templates, never values, and leaves nothing half-written."""

from __future__ import annotations

import json

import aio_pika
from jinja2 import ChoiceLoader, DictLoader, PackageLoader

from wir_contracts.intake.v1 import PersonContactChanged, PersonErasureRequested, PersonRegistered
from wir_kit.delivery import REASON
from wir_kit.testing.waiting import get_one
from wir_kit.topology import dlq_name
from wir_notifications.rendering import Renderer

BERGSTRASSE = "06431"


def amina(person, languages=("eng",)):
    return person(
        languages=languages,
        consents=["processing", "contact_email"],
        email="amina.rahimi@example.org",
        mobile=None,
        name="Amina Rahimi",
    )


async def test_erasure_forgets_the_person_keeps_a_tombstone_and_confirms(
    start_notifications, smtp_sink, golden, person, until, capture
) -> None:
    service = await start_notifications()
    confirmations = await capture(service.settings, "notifications.erasure_completed.v1.*")
    registered, contact, _, _ = amina(person)
    await service.publish(registered, contact)
    await until(lambda: smtp_sink.to("amina.rahimi@example.org"))
    erasure = golden(PersonErasureRequested, district=BERGSTRASSE, person_id=registered.person_id)

    await service.publish(erasure)

    message = await until(lambda: confirmations.get(no_ack=True, fail=False))
    confirmed = json.loads(message.body)
    assert (confirmed["producer"], confirmed["person_id"]) == ("notifications", str(registered.person_id))
    assert confirmed["request_id"] == str(erasure.request_id)
    assert message.routing_key == f"notifications.erasure_completed.v1.{BERGSTRASSE}"
    [tombstone] = await service.rows(BERGSTRASSE, "SELECT * FROM recipients")
    assert tombstone["erased_at"] is not None
    assert (tombstone["display_name"], tombstone["email"], tombstone["languages"]) == (None, None, [])
    assert await service.rows(BERGSTRASSE, "SELECT 1 FROM messages") == []
    [kept] = await service.rows(BERGSTRASSE, "SELECT status, channel, language, facts FROM notifications")
    assert (kept["status"], kept["channel"], kept["language"], kept["facts"]) == ("sent", "email", None, None)
    async with service.client() as http:
        inbox = await http.get("/inbox", headers=service.token(str(registered.person_id)))
    assert inbox.json()["items"] == []

    # Late events about the person bring nothing back and send nothing.
    late_contact = golden(
        PersonContactChanged,
        person_id=registered.person_id,
        aggregate_version=7,
        contact={"display_name": "Amina", "email": "amina.new@example.org", "channels": ["email"]},
    )
    late_welcome = golden(PersonRegistered, person_id=registered.person_id, consents=["contact_email"])
    await service.publish(late_contact, late_welcome)
    queue = f"{service.settings.service}.person_registered"
    await until(lambda: _handled(service, queue, 2))
    [still] = await service.rows(BERGSTRASSE, "SELECT display_name, email FROM recipients")
    assert tuple(still.values()) == (None, None)
    assert len(await service.rows(BERGSTRASSE, "SELECT 1 FROM notifications")) == 1
    assert smtp_sink.to("amina.new@example.org") == []


async def test_erasure_cancels_what_still_waits(start_notifications, golden, person, until) -> None:
    service = await start_notifications()
    registered, _, _, _ = amina(person)
    await service.publish(registered)
    await until(lambda: service.status(BERGSTRASSE, registered.person_id))

    await service.publish(
        golden(PersonErasureRequested, district=BERGSTRASSE, person_id=registered.person_id)
    )

    assert await until(lambda: _equals(service.status(BERGSTRASSE, registered.person_id), ["cancelled"]))
    assert await service.rows(BERGSTRASSE, "SELECT 1 FROM notifications WHERE facts IS NOT NULL") == []


async def test_erasure_takes_the_events_naming_the_person_out_of_the_outbox(
    start_notifications, smtp_sink, golden, person, until
) -> None:
    service = await start_notifications()
    amina, other = person(), person()
    await service.publish(amina.registered, amina.contact, other.registered, other.contact)
    await until(lambda: _at_least(service.events(BERGSTRASSE, "notification_sent"), 2))

    erasure = golden(PersonErasureRequested, district=BERGSTRASSE, person_id=amina.registered.person_id)
    await service.publish(erasure)
    await until(lambda: service.events(BERGSTRASSE, "erasure_completed"))

    naming = "SELECT event_type FROM outbox WHERE payload::jsonb ->> 'recipient_id' = $1"
    assert await service.rows(BERGSTRASSE, naming, str(amina.registered.person_id)) == []
    kept = await service.rows(BERGSTRASSE, naming, str(other.registered.person_id))
    assert [row["event_type"] for row in kept] == ["notification_sent"]  # nobody else's go


async def test_a_template_error_dead_letters_the_event_with_its_reason_and_keeps_nothing(
    start_notifications, smtp_sink, person, until
) -> None:
    source = "{% block subject %}Hallo {{ nickname }}{% endblock %}{% block text %}x{% endblock %}"
    broken = DictLoader({"messages/welcome/deu.jinja": source})
    shipped = PackageLoader("wir_notifications", "templates")
    service = await start_notifications(renderer=lambda: Renderer(ChoiceLoader([broken, shipped])))
    registered, contact, _, _ = amina(person, languages=("deu",))
    await service.publish(contact)
    await until(lambda: service.rows(BERGSTRASSE, "SELECT 1 FROM recipients"))

    await service.publish(registered)

    queue = f"{service.settings.service}.person_registered"
    dead = await get_one(service.settings.amqp_url, dlq_name(queue))
    assert dead is not None
    assert dead.headers[REASON] == "template welcome/deu: 'nickname' is undefined"
    assert json.loads(dead.body)["event_id"] == str(registered.event_id)  # kept whole for replay
    assert await service.rows(BERGSTRASSE, "SELECT 1 FROM notifications") == []
    [row] = await service.rows(BERGSTRASSE, "SELECT profile_version FROM recipients")
    assert row["profile_version"] is None  # the registration's own changes were rolled back too
    assert smtp_sink.messages == []


async def test_an_invalid_contact_is_dead_lettered_naming_the_field_not_the_value(
    start_notifications, person
) -> None:
    service = await start_notifications()
    _, contact, _, _ = amina(person)
    payload = json.loads(contact.model_dump_json())
    payload["contact"]["email"] = None  # the email channel without an address

    connection = await aio_pika.connect(service.settings.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(service.settings.exchange)
        body = aio_pika.Message(json.dumps(payload).encode(), message_id=str(contact.event_id))
        await exchange.publish(body, contact.routing_key(), mandatory=True)
    finally:
        await connection.close()

    dead = await get_one(
        service.settings.amqp_url, dlq_name(f"{service.settings.service}.person_contact_changed")
    )
    assert dead is not None
    reason = str(dead.headers[REASON])
    assert reason == "invalid payload: contact: the email channel needs an address"
    assert "Amina" not in reason and "example.org" not in reason
    assert await service.rows(BERGSTRASSE, "SELECT 1 FROM recipients") == []


async def _handled(service, queue, n):
    from prometheus_client import REGISTRY

    labels = {"service": service.settings.service, "queue": queue, "outcome": "handled"}
    return (REGISTRY.get_sample_value("wir_events_handled_total", labels) or 0) >= n


async def _equals(value, expected):
    return await value == expected


async def _at_least(rows, n):
    return len(await rows) >= n
