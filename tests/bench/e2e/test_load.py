"""The benchmark ends with the cause when the platform refuses, stops answering or stalls."""

from __future__ import annotations

import httpx
import pytest

from wir_contracts.districts import districts
from wir_contracts.municipalities import lies_in
from wir_ops.commands.run_mail_sink import MailSink, Received

from . import phases
from .load import Arrivals, Load, PlatformFailed, Target, municipality_in

TARGET = Target("06431", "06431002", "token")


def load_answering(handler: httpx.MockTransport) -> Load:
    return Load(httpx.AsyncClient(transport=handler), "http://intake/persons", [TARGET])


async def test_a_refused_registration_ends_the_run_with_the_status() -> None:
    load = load_answering(httpx.MockTransport(lambda request: httpx.Response(503)))
    with pytest.raises(PlatformFailed, match="answered 503"):
        await load.register()


async def test_a_refusal_on_a_clients_own_connection_ends_the_run_too() -> None:
    load = load_answering(httpx.MockTransport(lambda request: httpx.Response(201)))
    own = httpx.MockTransport(lambda request: httpx.Response(422, json={"detail": []}))
    with pytest.raises(PlatformFailed, match="answered 422"):
        await load.register(own)
    await load.register()  # the shared client answers


async def test_a_platform_that_does_not_answer_ends_the_run() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with pytest.raises(PlatformFailed, match="ConnectError"):
        await load_answering(httpx.MockTransport(refuse)).register()


async def test_a_wait_without_progress_ends_after_the_stall_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phases, "STALL_S", 0.2)
    monkeypatch.setattr(phases, "POLL_S", 0.01)
    with pytest.raises(PlatformFailed, match="3 of 5, none more"):
        await phases._until("e-mails", lambda: 3, 5)


async def test_only_new_messages_for_the_phase_are_counted_once() -> None:
    sink = MailSink(port=0)
    sink.received.append(Received(["old@example.org"], b"", 1.0))
    load = load_answering(httpx.MockTransport(lambda request: httpx.Response(201)))
    arrivals = Arrivals(sink, load)
    load.started.update({"a@example.org": 2.0, "old@example.org": 0.5})
    sink.received.append(Received(["a@example.org", "x@example.org"], b"", 3.0))
    sink.received.append(Received(["a@example.org"], b"", 4.0))  # a duplicate delivery
    assert arrivals.update() == 1
    assert arrivals.at == {"a@example.org": 3.0}


def test_every_district_gets_a_municipality_that_lies_in_it_and_is_no_district() -> None:
    for district in districts().values():
        municipality = municipality_in(district)
        assert len(municipality) == 8
        assert lies_in(municipality, district.key)
        assert municipality == district.key or municipality not in districts()
