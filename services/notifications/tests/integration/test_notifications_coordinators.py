"""Coordinators in the district settings: validated field by field, kept as staff recipients,
retired when removed, and a refused address fails the notice without an inbox to fall back on."""

from __future__ import annotations

from uuid import uuid4

import pytest

from wir_contracts.matching.v1 import MatchExpired
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import bearer, http_client, outbox, rows

KIM = {"name": "Kim Koordination", "email": "kim@example.org", "language": "tur"}
BASE = {"quiet_hours_start": "22:00", "quiet_hours_end": "07:30"}


@pytest.mark.parametrize(
    ("coordinators", "loc"),
    [
        ([{**KIM, "email": "kim-at-example"}], ["body", "coordinators", 0, "email"]),
        ([{**KIM, "language": "xyz"}], ["body", "coordinators", 0, "language"]),
        ([{**KIM, "language": "kur"}], ["body", "coordinators", 0, "language"]),  # no templates in it
        ([{**KIM, "name": " "}], ["body", "coordinators", 0, "name"]),
        ([{"name": "Kim"}], ["body", "coordinators", 0, "email"]),
        ([KIM, {**KIM, "email": "KIM@example.org"}], ["body", "coordinators"]),
        ([{**KIM, "email": f"k{n}@example.org"} for n in range(21)], ["body", "coordinators"]),
    ],
)
async def test_a_bad_coordinator_answers_422_naming_the_field(start_notifications, coordinators, loc) -> None:
    service = await start_notifications()

    async with http_client(service.runtime) as http:
        answer = await http.put(
            "/district-settings",
            json={**BASE, "coordinators": coordinators},
            headers=bearer(service.runtime, "coordinator"),
        )

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == loc
    assert "kim-at-example" not in answer.text  # the value is not echoed


async def test_coordinators_are_read_back_and_a_removed_one_gets_nothing_more(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    await service.put_district_settings(coordinators=[KIM, {"name": "Lea", "email": "lea@example.org"}])

    async with http_client(service.runtime) as http:
        shown = (await http.get("/district-settings", headers=bearer(service.runtime))).json()
    await service.put_district_settings(coordinators=[{"name": "Lea", "email": "lea@example.org"}])
    await publish(service.settings, golden(MatchExpired, match_id=uuid4()))
    await until(lambda: smtp_sink.to("lea@example.org"))

    assert shown["coordinators"] == [KIM, {"name": "Lea", "email": "lea@example.org", "language": "deu"}]
    assert smtp_sink.to("kim@example.org") == []
    staff = await rows(
        service.runtime,
        BERGSTRASSE,
        "SELECT email, active FROM recipients WHERE kind = 'staff' ORDER BY active",
    )
    assert [tuple(row.values()) for row in staff] == [(None, False), ("lea@example.org", True)]
    [mail] = smtp_sink.to("lea@example.org")
    assert mail.message["Subject"] == "Ein Begleitungsvorschlag ist unbeantwortet abgelaufen"


async def test_a_refused_coordinator_address_fails_the_notice_without_an_inbox_fallback(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    await service.put_district_settings(coordinators=[KIM])
    smtp_sink.rcpt_reply = "550 5.1.1 User unknown"

    await publish(service.settings, golden(MatchExpired, match_id=uuid4()))
    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"))
    await until(
        lambda: rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications WHERE status = 'failed'")
    )

    assert (failed["recipient_kind"], failed["channel"], failed["reason"]) == (
        "staff",
        "email",
        "invalid_address",
    )
    assert failed["language"] == "tur"
    assert await outbox(service.runtime, "notification_sent") == []
    deliveries = await rows(service.runtime, BERGSTRASSE, "SELECT channel, status FROM deliveries")
    assert [tuple(row.values()) for row in deliveries] == [("email", "failed")]
