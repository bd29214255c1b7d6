"""The sandbox of the end-to-end tests and benchmarks: classic queues, and a bounded failure
with its cause when the broker stops answering (a listener that accepts and says nothing)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from wir_ops import sandbox as sandboxes
from wir_ops.sandbox import SandboxFailed, sandbox


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A port that accepts connections and never answers, as a wedged broker does."""
    held: list[asyncio.StreamWriter] = []

    async def say_nothing(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(say_nothing, "127.0.0.1", 0)
    yield int(server.sockets[0].getsockname()[1])
    for writer in held:
        writer.close()
    server.close()


def test_a_sandbox_uses_classic_queues() -> None:
    assert sandboxes._settings("abc").queue_type == "classic"


async def test_a_silent_broker_fails_the_sandbox_in_bounded_time_naming_the_cause(
    silent_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WIR_AMQP_URL", f"amqp://guest:guest@127.0.0.1:{silent_port}/")

    with pytest.raises(SandboxFailed) as failed:
        async with asyncio.timeout(120):  # the test's own bound: before, teardown waited forever
            async with sandbox(["intake"], ready_timeout_s=60, answer_timeout_s=2):
                pytest.fail("the sandbox came up without a broker")

    assert "RabbitMQ" in str(failed.value)
    progress = capsys.readouterr().err
    assert "sandbox: starting wir run" in progress
    assert "sandbox: stopping wir run" in progress
    assert "no answer within 2 s" in progress
