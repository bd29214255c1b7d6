"""`wir serve`: one service under uvicorn, ready when its runtime is, stopped gracefully."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import httpx
from typer.testing import CliRunner

from wir_kit.testing.waiting import eventually
from wir_ops.cli import app
from wir_ops.commands.serve_uvicorn import build_server

from .conftest import Service


async def ready(url: str) -> bool:
    async with httpx.AsyncClient(timeout=2.0) as client:
        try:
            return (await client.get(url)).status_code == 200
        except httpx.TransportError:
            return False


async def test_a_served_service_becomes_ready_and_stops_when_asked(
    make_service: Callable[..., Service],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    service = make_service()
    server = build_server(service.spec, service.settings.model_copy(update={"http_port": port}))
    serving = asyncio.create_task(server.serve())

    assert await eventually(lambda: ready(f"http://127.0.0.1:{port}/readyz"), timeout=30)
    server.should_exit = True
    await asyncio.wait_for(serving, 30)

    assert not await ready(f"http://127.0.0.1:{port}/readyz")


def test_serving_a_service_that_is_not_installed_is_a_usage_error(install: Callable[..., None]) -> None:
    install()

    result = CliRunner().invoke(app, ["serve", "intake"])

    assert result.exit_code == 2
    assert "not an installed service: intake (installed: none)" in result.stderr
