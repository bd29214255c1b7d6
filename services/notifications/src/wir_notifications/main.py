"""The composition root: the notifications service as the kit runs it (`wir serve notifications`).

Nothing is read or connected at import: the settings are read from the environment when the
runtime asks for the subscriptions, routes and background tasks.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from importlib.resources import files
from typing import Any

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.notifications.v1 import NotificationFailed, NotificationSent
from wir_kit.periodic import every
from wir_kit.runtime import Runtime
from wir_kit.service import ServiceSpec
from wir_notifications import api, demo, handlers, parking
from wir_notifications.delivery_due import DeliveryDue
from wir_notifications.rendering import Renderer
from wir_notifications.sender import Sender
from wir_notifications.settings import NotificationSettings
from wir_notifications.wiring import Wiring

Background = Callable[[Runtime], Coroutine[Any, Any, None]]


def build(
    settings: Callable[[], NotificationSettings] = NotificationSettings,
    renderer: Callable[[], Renderer] = Renderer,
) -> ServiceSpec:
    """The service, reading its own settings from `settings` (the environment by default)."""

    async def send(runtime: Runtime) -> None:
        await Sender(runtime, Wiring(settings())).run()

    async def report_unknown_recipients(runtime: Runtime) -> None:
        wiring = Wiring(settings())

        async def once(runtime: Runtime) -> None:
            await parking.report_unknown_recipients(runtime, wiring)

        await every(wiring.settings.park_check_s, once, name="report_unknown_recipients")(runtime)

    background: list[Background] = [send, report_unknown_recipients]
    return ServiceSpec(
        name="notifications",
        port=8005,
        migrations=files("wir_notifications") / "migrations",
        subscriptions=lambda _runtime: handlers.subscriptions(Wiring(settings(), renderer())),
        publishes=[NotificationSent, NotificationFailed, ErasureCompleted, DeliveryDue],
        routers=lambda runtime: api.routers(runtime, settings()),
        seed_demo=demo.seed,
        background=background,
        description="Every message in the recipient's language, by e-mail, SMS or in-app inbox.",
    )


service = build()
