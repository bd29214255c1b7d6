"""A started service as its tests see it: its database, its outbox, its API, its consumers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
from prometheus_client import REGISTRY

from wir_contracts.envelope import Event
from wir_kit.auth import issue_dev_token
from wir_kit.runtime import Runtime
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.waiting import eventually


def bearer(runtime: Runtime, *roles: str, district: str = BERGSTRASSE, sub: str = "cm-1") -> dict[str, str]:
    """An Authorization header with a development token (a case manager's by default)."""
    token = issue_dev_token(runtime.settings, sub=sub, district=district, roles=roles or ["case_manager"])
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def http_client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """The service's own HTTP app (routes, error answers, dependencies) on a started runtime."""
    transport = httpx.ASGITransport(app=runtime.app(lifespan=False))
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{runtime.spec.name}") as client:
        yield client


async def rows(runtime: Runtime, district: str, query: str, *args: Any) -> list[asyncpg.Record]:
    """A query as the service's own role sees it in one district (RLS applies)."""
    async with runtime.db.transaction(district) as tx:
        return await tx.fetch(query, *args)


async def outbox(runtime: Runtime, event_type: str, district: str = BERGSTRASSE) -> list[dict[str, Any]]:
    """The events of one type the service wrote (published or not), oldest first."""
    found = await rows(
        runtime, district, "SELECT payload FROM outbox WHERE event_type = $1 ORDER BY id", event_type
    )
    return [json.loads(row["payload"]) for row in found]


def queue(runtime: Runtime, subscription: str) -> str:
    """The queue name of one of the service's subscriptions."""
    return next(c.queue for c in runtime.consumers if c.subscription.name == subscription)


def handled(runtime: Runtime, subscription: str, outcome: str = "handled") -> float:
    """How many events one subscription has handled (or skipped as duplicates, ...)."""
    labels = {"service": runtime.settings.service, "queue": queue(runtime, subscription), "outcome": outcome}
    return REGISTRY.get_sample_value("wir_events_handled_total", labels) or 0.0


async def publish_and_wait(runtime: Runtime, subscription: str, *events: Event) -> None:
    """Publish as a producer would and wait until `subscription` has handled that many more."""
    before = handled(runtime, subscription)
    await bus.publish(runtime.settings, *events)

    async def done() -> bool:
        return handled(runtime, subscription) >= before + len(events)

    assert await eventually(done), f"{subscription} did not handle the events in time"
