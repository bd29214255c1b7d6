"""`main.build` is the only wiring: it uses the settings it is given, keeps the queues' and
routes' operational names, and each handlers module consumes the events of one producer."""

from __future__ import annotations

from types import ModuleType

import pytest
from fastapi import FastAPI

from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.handlers import competence, due_deliveries, intake, interpreting, matching
from wir_notifications.main import build
from wir_notifications.settings import NotificationSettings

#: The queues are `<service>.<name>`: operators bind, watch and replay them by these names.
QUEUES = {
    "appointment_cancelled",
    "appointment_completed",
    "appointment_confirmed",
    "appointment_reminder_due",
    "appointment_rescheduled",
    "competence_record_shared",
    "consent_changed",
    "delivery_due",
    "interpreter_assigned",
    "interpreter_compliance_expiring",
    "interpreter_deactivated",
    "interpreter_declined",
    "interpreter_registered",
    "interpreter_updated",
    "interpreting_requested",
    "interpreting_unfilled",
    "match_accepted",
    "match_declined",
    "match_expired",
    "match_proposed",
    "match_withdrawn",
    "mentorship_ended",
    "person_waiting_for_mentor",
    "person_contact_changed",
    "person_erasure_requested",
    "person_registered",
    "person_updated",
    "volunteer_compliance_expiring",
    "volunteer_deactivated",
    "volunteer_registered",
    "volunteer_suspended",
    "volunteer_updated",
}
PRODUCERS = {
    intake: "intake",
    matching: "matching",
    interpreting: "interpreting",
    competence: "competence",
    due_deliveries: "notifications",
}


def test_the_given_settings_are_used_and_the_environment_is_not_read(monkeypatch) -> None:
    monkeypatch.setenv("WIR_NOTIFICATIONS_SMTP_PORT", "not a port")
    settings = NotificationSettings(smtp_port=2525)

    spec = build(settings)

    assert spec.settings is settings
    assert len(spec.background) == 2  # the sender and the unknown-recipient report


def test_the_queues_keep_their_operational_names() -> None:
    names = [subscription.name for subscription in build(NotificationSettings()).subscriptions]

    assert len(names) == len(QUEUES)
    assert set(names) == QUEUES


@pytest.mark.parametrize("module", list(PRODUCERS), ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_each_handlers_module_consumes_the_events_of_one_producer(module: ModuleType) -> None:
    subscriptions = module.subscriptions(Collaborators(NotificationSettings()))

    assert subscriptions
    assert {subscription.event.PRODUCER for subscription in subscriptions} == {PRODUCERS[module]}


def test_the_routes_keep_their_paths_and_operation_ids() -> None:
    app = FastAPI()
    for router in build(NotificationSettings()).routers:
        app.include_router(router)

    operations = {
        (path, method): (operation["operationId"], operation["tags"])
        for path, methods in app.openapi()["paths"].items()
        for method, operation in methods.items()
    }

    assert operations == {
        ("/inbox", "get"): ("inbox_inbox_get", ["notifications"]),
        ("/inbox/{notification_id}/read", "post"): (
            "mark_read_inbox__notification_id__read_post",
            ["notifications"],
        ),
        ("/persons/{person_id}/notifications", "get"): (
            "person_notifications_persons__person_id__notifications_get",
            ["notifications"],
        ),
        ("/district-settings", "get"): ("get_district_settings_district_settings_get", ["notifications"]),
        ("/district-settings", "put"): ("put_district_settings_district_settings_put", ["notifications"]),
        ("/messages/{token}", "get"): ("open_message_messages__token__get", ["public"]),
        ("/inbox/link", "post"): ("describe_link_inbox_link_post", ["public"]),
        ("/inbox/code", "post"): ("request_code_inbox_code_post", ["public"]),
        ("/inbox/session", "post"): ("open_session_inbox_session_post", ["public"]),
    }
