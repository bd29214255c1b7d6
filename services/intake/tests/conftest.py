"""Intake over HTTP against the real PostgreSQL and RabbitMQ of the kit's fixtures."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractQueue

from wir_contracts.envelope import Event
from wir_intake.main import service
from wir_kit.auth import issue_dev_token
from wir_kit.http import create_app
from wir_kit.runtime import Runtime
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.waiting import eventually

E = TypeVar("E", bound=Event)

BERGSTRASSE = "06431"
MAIN_KINZIG = "06435"
BENSHEIM = "06431002"
HEPPENHEIM = "06431011"
GELNHAUSEN = "06435010"


def _person_body(**overrides: Any) -> dict[str, Any]:
    """A valid registration, changed by `overrides`."""
    body: dict[str, Any] = {
        "given_names": "Amina",
        "family_name": "Rahimi",
        "transliteration": "Amina Rahimi",
        "date_of_birth": {"year": 1994},
        "country_of_origin": "AF",
        "nationalities": ["AF"],
        "languages": [{"language": "prs", "level": "native"}, {"language": "eng", "level": "basic"}],
        "preferred_language": "prs",
        "contact": {"phone": "0151 23456789", "channels": ["sms"]},
        "municipality": HEPPENHEIM,
        "arrival_date": "2026-10-20",
        "residence_status": "aufenthaltsgestattung",
        "consents": [{"purpose": "processing", "given": True, "legal_basis": "consent"}],
    }
    body.update(overrides)
    return body


def example(model: type[E], **changes: Any) -> E:
    """The contract's first golden example of `model`, as a new event with `changes`."""
    extra = model.model_config.get("json_schema_extra")
    assert isinstance(extra, dict)
    examples = extra["examples"]
    assert isinstance(examples, list) and isinstance(examples[0], dict)
    return model.model_validate({**examples[0], "event_id": str(uuid.uuid4()), **changes})


class Tap:
    """A test queue bound to the exchange: what intake published, as JSON."""

    def __init__(self, queue: AbstractQueue) -> None:
        self.queue = queue

    async def next(self, timeout: float = 10.0) -> tuple[str, dict[str, Any]]:
        async def probe() -> aio_pika.abc.AbstractIncomingMessage | None:
            return await self.queue.get(no_ack=True, fail=False)

        message = await eventually(probe, timeout=timeout)
        assert message is not None, "no message arrived"
        payload: dict[str, Any] = json.loads(message.body)
        return message.routing_key or "", payload

    async def until(self, event_type: str, timeout: float = 10.0) -> dict[str, Any]:
        """The next message of one kind, skipping others."""
        while True:
            _, payload = await self.next(timeout)
            if payload["event_type"] == event_type:
                return payload


class Intake:
    """A started intake runtime and an HTTP client for its API."""

    BERGSTRASSE = BERGSTRASSE
    MAIN_KINZIG = MAIN_KINZIG
    BENSHEIM = BENSHEIM
    HEPPENHEIM = HEPPENHEIM
    GELNHAUSEN = GELNHAUSEN

    def __init__(self, runtime: Runtime, http: httpx.AsyncClient) -> None:
        self.runtime = runtime
        self.http = http
        self.settings = runtime.settings

    def auth(self, *roles: str, district: str = BERGSTRASSE, sub: str = "cm-1") -> dict[str, str]:
        token = issue_dev_token(self.settings, sub=sub, district=district, roles=roles or ["case_manager"])
        return {"Authorization": f"Bearer {token}"}

    def staff(self, district: str = BERGSTRASSE, sub: str = "cm-1", **extra: str) -> dict[str, str]:
        return {**self.auth("case_manager", district=district, sub=sub), **extra}

    @staticmethod
    def key() -> dict[str, str]:
        return {"Idempotency-Key": str(uuid.uuid4())}

    async def register(self, district: str = BERGSTRASSE, **overrides: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/persons?confirmed_new=true",
            json=_person_body(**overrides),
            headers=self.staff(district, **self.key()),
        )
        assert response.status_code == 201, response.text
        person: dict[str, Any] = response.json()
        return person

    @staticmethod
    def example(model: type[E], **changes: Any) -> E:
        return example(model, **changes)

    async def count(self, district: str, query: str, *args: Any) -> int:
        """A count straight from the database, as the service's own role sees it."""
        async with self.runtime.db.transaction(district) as tx:
            return int(await tx.fetchval(query, *args))

    def queue(self, subscription: str) -> str:
        return next(c.queue for c in self.runtime.consumers if c.subscription.name == subscription)

    async def publish(self, event: Event) -> None:
        """Publish as another service would (its relay), onto the test's exchange."""
        await self.publish_raw(event.routing_key(), event.model_dump_json())

    async def publish_raw(self, routing_key: str, body: str) -> None:
        """Publish any body, valid or not, as another service's relay would."""
        connection = await aio_pika.connect(self.settings.amqp_url)
        try:
            channel = await connection.channel()
            target = await channel.get_exchange(self.settings.exchange, ensure=False)
            message_id = str(json.loads(body).get("event_id") or uuid.uuid4())
            await target.publish(
                aio_pika.Message(
                    body.encode(),
                    message_id=message_id,
                    content_type="application/json",
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=routing_key,
            )
        finally:
            await connection.close()

    @asynccontextmanager
    async def tap(self, keys: Iterable[str]) -> AsyncIterator[Tap]:
        """A test queue bound to the test's exchange with `keys`, for the duration of a block."""
        connection = await aio_pika.connect(self.settings.amqp_url)
        try:
            channel = await connection.channel()
            queue = await channel.declare_queue(exclusive=True, auto_delete=True)
            for key in keys:
                await queue.bind(self.settings.exchange, routing_key=key)
            yield Tap(queue)
        finally:
            await connection.close()


@pytest.fixture
def person_body() -> Callable[..., dict[str, Any]]:
    """Make a valid registration body: `person_body(family_name="X")`."""
    return _person_body


@pytest.fixture
def intake_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Intake's own settings for a test; fast periodic checks by default."""
    monkeypatch.setenv("WIR_INTAKE_ERASURE_CHECK_INTERVAL_S", "0.2")
    monkeypatch.setenv("WIR_INTAKE_CONSENT_CHECK_INTERVAL_S", "0.2")
    return monkeypatch


@pytest.fixture
async def intake(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, intake_env: pytest.MonkeyPatch
) -> AsyncIterator[Intake]:
    runtime = await wir_runtime(service, wir_settings("intake"))
    app = create_app(runtime.settings, title="WIR intake", routers=service.routers(runtime))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://intake") as http:
        yield Intake(runtime, http)
