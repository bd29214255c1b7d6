"""Erasure forgets the person here and says so; bad input ends in the dead-letter queue with a
reason that names fields and templates, never values, and leaves nothing half-written."""

from __future__ import annotations

import json

from jinja2 import ChoiceLoader, DictLoader

from wir_contracts.intake.v1 import PersonContactChanged, PersonErasureRequested, PersonRegistered
from wir_kit.settling import REASON
from wir_kit.testing.bus import publish, publish_raw, tap
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import bearer, handled, http_client, outbox, rows
from wir_kit.testing.waiting import get_one
from wir_kit.topology import dlq_name
from wir_notifications.adapters.rendering import Renderer, shipped_templates


def amina(person, languages=("eng",)):
    return person(
        languages=languages,
        consents=["processing", "contact_email"],
        email="amina.rahimi@example.org",
        mobile=None,
        name="Amina Rahimi",
    )


async def test_erasure_forgets_the_person_keeps_a_tombstone_and_confirms(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    async with tap(service.settings, ["notifications.erasure_completed.v1.*"]) as confirmations:
        registered, contact, _, _ = amina(person)
        await publish(service.settings, registered, contact)
        await until(lambda: smtp_sink.to("amina.rahimi@example.org"))
        erasure = golden(PersonErasureRequested, district=BERGSTRASSE, person_id=registered.person_id)

        await publish(service.settings, erasure)

        routing_key, confirmed = await confirmations.next(timeout=15)
    assert (confirmed["producer"], confirmed["person_id"]) == ("notifications", str(registered.person_id))
    assert confirmed["request_id"] == str(erasure.request_id)
    assert routing_key == f"notifications.erasure_completed.v1.{BERGSTRASSE}"
    [tombstone] = await rows(service.runtime, BERGSTRASSE, "SELECT * FROM recipients")
    assert tombstone["erased_at"] is not None
    assert (tombstone["display_name"], tombstone["email"], tombstone["languages"]) == (None, None, [])
    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM messages") == []
    [kept] = await rows(
        service.runtime, BERGSTRASSE, "SELECT status, channel, language, facts FROM notifications"
    )
    assert (kept["status"], kept["channel"], kept["language"], kept["facts"]) == ("sent", "email", None, None)
    async with http_client(service.runtime) as http:
        inbox = await http.get(
            "/inbox", headers=bearer(service.runtime, "person", sub=str(registered.person_id))
        )
    assert inbox.json()["items"] == []

    # Late events about the person bring nothing back and send nothing.
    late_contact = golden(
        PersonContactChanged,
        person_id=registered.person_id,
        aggregate_version=7,
        contact={"display_name": "Amina", "email": "amina.new@example.org", "channels": ["email"]},
    )
    late_welcome = golden(PersonRegistered, person_id=registered.person_id, consents=["contact_email"])
    await publish(service.settings, late_contact, late_welcome)
    await until(lambda: handled(service.runtime, "person_registered") >= 2)
    [still] = await rows(service.runtime, BERGSTRASSE, "SELECT display_name, email FROM recipients")
    assert tuple(still.values()) == (None, None)
    assert len(await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications")) == 1
    assert smtp_sink.to("amina.new@example.org") == []


async def test_erasure_cancels_what_still_waits(start_notifications, person, until) -> None:
    service = await start_notifications()
    registered, _, _, _ = amina(person)
    await publish(service.settings, registered)
    await until(lambda: service.status(BERGSTRASSE, registered.person_id))

    await publish(
        service.settings, golden(PersonErasureRequested, district=BERGSTRASSE, person_id=registered.person_id)
    )

    assert await until(lambda: _equals(service.status(BERGSTRASSE, registered.person_id), ["cancelled"]))
    assert (
        await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications WHERE facts IS NOT NULL") == []
    )


async def test_erasure_takes_the_events_naming_the_person_out_of_the_outbox(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    amina, other = person(), person()
    await publish(service.settings, amina.registered, amina.contact, other.registered, other.contact)
    await until(lambda: _at_least(outbox(service.runtime, "notification_sent"), 2))

    erasure = golden(PersonErasureRequested, district=BERGSTRASSE, person_id=amina.registered.person_id)
    await publish(service.settings, erasure)
    await until(lambda: outbox(service.runtime, "erasure_completed"))

    naming = "SELECT event_type FROM outbox WHERE payload::jsonb ->> 'recipient_id' = $1"
    assert await rows(service.runtime, BERGSTRASSE, naming, str(amina.registered.person_id)) == []
    kept = await rows(service.runtime, BERGSTRASSE, naming, str(other.registered.person_id))
    assert [row["event_type"] for row in kept] == ["notification_sent"]  # nobody else's go


async def test_a_template_error_dead_letters_the_event_with_its_reason_and_keeps_nothing(
    start_notifications, smtp_sink, person, until
) -> None:
    source = "{% block subject %}Hallo {{ nickname }}{% endblock %}{% block text %}x{% endblock %}"
    broken = DictLoader({"messages/welcome/deu.jinja": source})
    service = await start_notifications(renderer=Renderer(ChoiceLoader([broken, shipped_templates()])))
    registered, contact, _, _ = amina(person, languages=("deu",))
    await publish(service.settings, contact)
    await until(lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM recipients"))

    await publish(service.settings, registered)

    queue = f"{service.settings.service}.person_registered"
    dead = await get_one(service.settings.amqp_url, dlq_name(queue))
    assert dead is not None
    assert dead.headers[REASON] == "template welcome/deu: 'nickname' is undefined"
    assert json.loads(dead.body)["event_id"] == str(registered.event_id)  # kept whole for replay
    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications") == []
    [row] = await rows(service.runtime, BERGSTRASSE, "SELECT profile_version FROM recipients")
    assert row["profile_version"] is None  # the registration's own changes were rolled back too
    assert smtp_sink.messages == []


async def test_an_invalid_contact_is_dead_lettered_naming_the_field_not_the_value(
    start_notifications, person
) -> None:
    service = await start_notifications()
    _, contact, _, _ = amina(person)
    payload = json.loads(contact.model_dump_json())
    payload["contact"]["email"] = None  # the email channel without an address

    await publish_raw(service.settings, (contact.routing_key(), json.dumps(payload)))

    dead = await get_one(
        service.settings.amqp_url, dlq_name(f"{service.settings.service}.person_contact_changed")
    )
    assert dead is not None
    reason = str(dead.headers[REASON])
    assert reason == "invalid payload: contact: the email channel needs an address"
    assert "Amina" not in reason and "example.org" not in reason
    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM recipients") == []


async def _equals(value, expected):
    return await value == expected


async def _at_least(found, n):
    return len(await found) >= n
