"""The notifications service: its composition root, found by `wir` through the `wir.services`
entry point. Nothing is read or connected at import: `build` reads the settings, once."""

from __future__ import annotations

from importlib.resources import files

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.notifications.v1 import DeliveryDue, NotificationFailed, NotificationSent
from wir_kit import Job, ServiceSpec, every
from wir_notifications import demo
from wir_notifications.adapters.rendering import Renderer
from wir_notifications.api import district_settings, inbox, inbox_sign_in, messages, person_notifications
from wir_notifications.api.errors import ERRORS
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.handlers import competence, due_deliveries, intake, interpreting, matching
from wir_notifications.jobs.sender import sender
from wir_notifications.jobs.unknown_recipients import report_unknown_recipients
from wir_notifications.settings import NotificationSettings


def build(settings: NotificationSettings | None = None, renderer: Renderer | None = None) -> ServiceSpec:
    """Notifications as `wir` runs it; its own settings are read here, once (`WIR_NOTIFICATIONS_*`).
    Tests pass their own settings, and a renderer with templates of their own."""
    settings = settings or NotificationSettings()
    collaborators = Collaborators(settings, renderer or Renderer())
    return ServiceSpec(
        name="notifications",
        port=8005,
        description="Every message in the recipient's language, by e-mail, SMS or in-app inbox.",
        migrations=files("wir_notifications") / "migrations",
        subscriptions=[
            *intake.subscriptions(collaborators),
            *matching.subscriptions(collaborators),
            *interpreting.subscriptions(collaborators),
            *competence.subscriptions(collaborators),
            *due_deliveries.subscriptions(collaborators),
        ],
        publishes=[NotificationSent, NotificationFailed, ErasureCompleted, DeliveryDue],
        routers=[
            inbox.router,
            inbox_sign_in.router,
            messages.router,
            person_notifications.router,
            district_settings.router,
        ],
        errors=ERRORS,
        settings=settings,
        seed_demo=demo.seed,
        background=_background(collaborators),
    )


def _background(collaborators: Collaborators) -> list[Job]:
    """The sender, and the periodic report of messages whose recipient never appeared."""
    settings = collaborators.settings
    return [
        sender(collaborators),
        every(
            settings.park_check_s,
            report_unknown_recipients(settings.park_timeout_s),
            name="report_unknown_recipients",
        ),
    ]
