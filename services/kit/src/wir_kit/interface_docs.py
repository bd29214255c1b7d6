"""A service's interface documents, generated from the code that serves them.

OpenAPI comes from the HTTP routes; AsyncAPI from the broker's subscribers plus a publisher
per event the service writes to its outbox. The outbox relay publishes through aio-pika, not
through FastStream, so those publishers exist for the document only.
"""

from __future__ import annotations

import warnings
from typing import Any

from faststream.rabbit import ExchangeType, RabbitExchange
from faststream.specification import AsyncAPI

from wir_kit.runtime import Runtime


def openapi(runtime: Runtime) -> dict[str, Any]:
    return runtime.app().openapi()


def asyncapi(runtime: Runtime) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of a runtime that is built but not started."""
    exchange = RabbitExchange(runtime.settings.exchange, type=ExchangeType.TOPIC, durable=True)
    for event in runtime.spec.publishes:
        runtime.broker.publisher(
            exchange=exchange,
            routing_key=event.binding_key(),
            title=f"{event.PRODUCER}.{event.EVENT}.v{event.MAJOR}",
            description=(event.__doc__ or "").strip(),
            schema=event,
            persist=True,
        )
    document = AsyncAPI(
        runtime.broker,
        title=f"WIR {runtime.spec.name}",
        version=runtime.spec.version,
        description=runtime.spec.description or None,
        schema_version="3.0.0",
    )
    with warnings.catch_warnings():
        # Consumers read the tolerant twin of each model, which shares its name and fields.
        warnings.filterwarnings("ignore", "Overwriting the message schema", RuntimeWarning)
        jsonable: dict[str, Any] = document.to_specification().to_jsonable()
    return jsonable
