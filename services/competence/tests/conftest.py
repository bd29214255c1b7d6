"""Fixtures of competence's tests: the service on the real PostgreSQL and RabbitMQ, an HTTP client,
tokens, intake's events published on the broker, and what the service publishes in return."""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractIncomingMessage, AbstractQueue
from pypdf import PdfReader

from wir_competence.demo import sample_entries
from wir_competence.main import service
from wir_contracts.envelope import Event
from wir_contracts.intake.v1 import ConsentChanged, PersonRegistered
from wir_kit import metrics
from wir_kit.auth import issue_dev_token
from wir_kit.http import create_app
from wir_kit.runtime import Runtime
from wir_kit.settings import Settings
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.waiting import eventually

BERGSTRASSE = "06431"
HEPPENHEIM = "06431011"
HANAU = "06415"
ALL_CONSENTS = ["processing", "share_with_employers"]

Headers = Callable[..., dict[str, str]]


@pytest.fixture
async def competence(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    return await wir_runtime(service, wir_settings(service="competence"))


@pytest.fixture
async def http(competence: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(competence.settings, title="competence", routers=service.routers(competence))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://competence") as client:
        yield client


@pytest.fixture
def headers(competence: Runtime) -> Headers:
    def make(district: str = BERGSTRASSE, role: str = "case_manager", sub: str = "cm-7") -> dict[str, str]:
        token = issue_dev_token(competence.settings, sub=sub, district=district, roles=[role])
        return {"Authorization": f"Bearer {token}"}

    return make


async def _publish(settings: Settings, body: dict[str, Any], routing_key: str) -> None:
    """Publish as intake's relay would: persistent JSON with the event id as message id."""
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(settings.exchange)
        message = aio_pika.Message(
            json.dumps(body).encode(),
            content_type="application/json",
            message_id=str(body.get("event_id", uuid4())),
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await exchange.publish(message, routing_key, mandatory=True)
    finally:
        await connection.close()


class Bus:
    """Intake's side of the broker, and what the service did with it."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def publish(self, body: dict[str, Any], routing_key: str) -> None:
        await _publish(self.runtime.settings, body, routing_key)

    async def publish_event(self, event: Event) -> None:
        await self.publish(json.loads(event.model_dump_json()), event.routing_key())

    def queue(self, subscription: str) -> str:
        return next(c.queue for c in self.runtime.consumers if c.subscription.name == subscription)

    def handled(self, subscription: str, outcome: str = "handled") -> float:
        """How many events one of the service's queues has handled (or skipped as duplicates)."""
        service_name = self.runtime.settings.service
        counter = metrics.EVENTS_HANDLED.labels(service_name, self.queue(subscription), outcome)
        return float(counter._value.get())

    async def record_exists(self, person_id: UUID, district: str = BERGSTRASSE) -> bool:
        async with self.runtime.db.transaction(district) as tx:
            return bool(await tx.fetchval("SELECT count(*) FROM records WHERE person_id = $1", person_id))

    async def outbox(self, event_type: str, district: str = BERGSTRASSE) -> list[dict[str, Any]]:
        """The events of one type the service has written (published or not), oldest first."""
        async with self.runtime.db.transaction(district) as tx:
            rows = await tx.fetch("SELECT payload FROM outbox WHERE event_type = $1 ORDER BY id", event_type)
        return [json.loads(row["payload"]) for row in rows]

    async def handled_more(self, subscription: str, before: float) -> None:
        async def done() -> bool:
            return self.handled(subscription) > before

        assert await eventually(done)


@pytest.fixture
def bus(competence: Runtime) -> Bus:
    return Bus(competence)


Register = Callable[..., Awaitable[UUID]]


@pytest.fixture
def register(bus: Bus) -> Register:
    """Register a person through intake's event on the broker; wait until the record is open."""

    async def make(
        *, consents: list[str] | None = None, language: str = "arb", district: str = BERGSTRASSE
    ) -> UUID:
        person_id = uuid4()
        event = PersonRegistered(
            district=district,
            person_id=person_id,
            aggregate_version=1,
            municipality=HEPPENHEIM if district == BERGSTRASSE else "06415000",
            languages=(language,),
            preferred_language=language,
            consents=tuple(consents if consents is not None else ALL_CONSENTS),
        )
        await bus.publish_event(event)
        assert await eventually(lambda: bus.record_exists(person_id, district))
        return person_id

    return make


ChangeConsents = Callable[[UUID, list[str], int], Awaitable[None]]


@pytest.fixture
def change_consents(bus: Bus) -> ChangeConsents:
    """Intake's ConsentChanged on the broker; waits until it is handled."""

    async def change(person_id: UUID, consents: list[str], version: int) -> None:
        before = bus.handled("consent_changed")
        event = ConsentChanged(
            district=BERGSTRASSE, person_id=person_id, aggregate_version=version, consents=tuple(consents)
        )
        await bus.publish_event(event)
        await bus.handled_more("consent_changed", before)

    return change


class Listener:
    """An exclusive queue bound to the test exchange: what the service publishes, as RabbitMQ routes it."""

    def __init__(self, queue: AbstractQueue) -> None:
        self.queue = queue

    async def next(self, timeout: float = 10.0) -> dict[str, Any] | None:
        async def probe() -> AbstractIncomingMessage | None:
            return await self.queue.get(no_ack=True, fail=False)

        message = await eventually(probe, timeout=timeout)
        return None if message is None else json.loads(message.body)


@pytest.fixture
async def listen(competence: Runtime) -> AsyncIterator[Callable[[str], Awaitable[Listener]]]:
    connection = await aio_pika.connect(competence.settings.amqp_url)
    channel = await connection.channel()
    exchange = await channel.get_exchange(competence.settings.exchange)

    async def bind(routing_key: str) -> Listener:
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key)
        return Listener(queue)

    yield bind
    await connection.close()


class PdfText:
    """The text a PDF tool (pypdf) reads back, without the invisible bidi controls."""

    def __init__(self, pdf: bytes) -> None:
        assert pdf.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(pdf))
        self.pages = len(reader.pages)
        self.text = _visible("\n".join(page.extract_text() for page in reader.pages))
        self.words = set(self.text.replace(":", " ").split())

    def has(self, phrase: str) -> bool:
        """Every word of `phrase` is there. Right-to-left lines come out of a PDF in visual order,
        so their words are checked one by one rather than as one sequence."""
        return all(word in self.words for word in _visible(phrase).replace(":", " ").split())


def _visible(text: str) -> str:
    # Format characters (bidi isolates, the Persian zero-width non-joiner) are invisible.
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


@pytest.fixture
def read_pdf() -> Callable[[bytes], PdfText]:
    return PdfText


@pytest.fixture
def samples() -> dict[str, dict[str, Any]]:
    """One valid entry of each kind, as a case manager would send it (the package's samples)."""
    return {kind.value: entry for kind, entry in sample_entries().items()}
