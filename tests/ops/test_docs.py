"""`wir docs`: OpenAPI and AsyncAPI documents generated from each service's code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import Invoke, Service


async def test_docs_writes_both_documents_of_every_installed_service(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service], tmp_path: Path
) -> None:
    service = make_service()
    install(service.spec)

    result = await cli("docs", "--out", str(tmp_path / "api"), env=service.env)

    assert result.exit_code == 0, result.output
    openapi = json.loads((tmp_path / "api" / f"{service.spec.name}.openapi.json").read_text())
    asyncapi = json.loads((tmp_path / "api" / f"{service.spec.name}.asyncapi.json").read_text())
    assert openapi["openapi"].startswith("3.")
    assert asyncapi["asyncapi"] == "3.0.0"
    actions = {operation["action"] for operation in asyncapi["operations"].values()}
    assert actions == {"receive", "send"}  # what it consumes and what its outbox publishes
    queues = [c["bindings"]["amqp"].get("queue", {}).get("name") for c in asyncapi["channels"].values()]
    assert service.queue in queues
    assert "NoteTaken" in json.dumps(asyncapi["components"]["schemas"])


async def test_docs_with_no_service_installed_writes_nothing(
    cli: Invoke, install: Callable[..., None], tmp_path: Path
) -> None:
    install()
    result = await cli("docs", "--out", str(tmp_path / "api"))
    assert result.exit_code == 0
    assert not (tmp_path / "api").exists()
