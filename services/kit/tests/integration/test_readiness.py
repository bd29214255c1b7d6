"""HTTP readiness is about what HTTP needs: a broker outage leaves /readyz ready (the outbox
absorbs it) and is reported on its own, by /readyz/consumers."""

from __future__ import annotations

from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import spec
from wir_kit.testing.service import http_client
from wir_kit.testing.waiting import eventually

from .tcp_proxy import TcpProxy


async def test_a_broker_outage_keeps_http_ready_and_is_reported_on_its_own(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings()
    proxy = TcpProxy(settings.amqp_url)
    await proxy.start()
    try:
        runtime = await wir_runtime(
            spec(), settings.model_copy(update={"amqp_url": proxy.url(settings.amqp_url)})
        )
        async with http_client(runtime) as http:
            before = await http.get("/readyz")
            consumers_before = await http.get("/readyz/consumers")

            proxy.black_hole()  # the broker is gone: connections drop and reconnects go unanswered
            proxy.cut()

            async def broker_down() -> bool:
                return (await http.get("/readyz/consumers")).status_code == 503

            assert await eventually(broker_down, timeout=30)
            during = await http.get("/readyz")
            consumers_during = await http.get("/readyz/consumers")

            proxy.black_holed = False
            proxy.cut()  # the broker is back: the clients reconnect on their own

            async def consumers_back() -> bool:
                return (await http.get("/readyz/consumers")).status_code == 200

            assert await eventually(consumers_back, timeout=30)
        await runtime.stop()  # while the proxy still forwards
    finally:
        await proxy.close()

    assert before.status_code == 200 and consumers_before.status_code == 200
    assert before.json()["informational"] == {"broker": True, "consumers": True}
    assert during.status_code == 200
    assert during.json()["checks"] == {"database": True}
    assert during.json()["informational"]["broker"] is False
    assert consumers_during.status_code == 503
    assert "broker" in consumers_during.json()["failing"]
