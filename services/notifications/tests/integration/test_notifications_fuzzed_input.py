"""Input found by fuzzing or by hand that answered 500 or a misleading 200."""

from __future__ import annotations

from uuid import uuid4

import pytest

from wir_kit.testing.bus import publish
from wir_kit.testing.districts import MAIN_KINZIG
from wir_kit.testing.service import bearer, http_client, outbox


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
async def test_an_inbox_cursor_beyond_utc_answers_422(start_notifications, moment: str) -> None:
    service = await start_notifications()

    async with http_client(service.runtime) as http:
        answer = await http.get(
            "/inbox", params={"before": moment}, headers=bearer(service.runtime, "person", sub=str(uuid4()))
        )

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["query", "before"]


async def test_nul_in_a_contact_name_answers_422_naming_it(start_notifications) -> None:
    service = await start_notifications()
    body = {
        "contacts": [{"name": "WIR\x00Koordination"}],
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:30",
    }

    async with http_client(service.runtime) as http:
        answer = await http.put(
            "/district-settings", json=body, headers=bearer(service.runtime, "coordinator")
        )

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "contacts", 0, "name"]


async def test_an_unknown_or_foreign_persons_notifications_answer_404(
    start_notifications, person, until
) -> None:
    service = await start_notifications()
    registered, contact, _, _ = person(["inbox"])
    await publish(service.settings, registered, contact)
    await until(lambda: outbox(service.runtime, "notification_sent"))

    async with http_client(service.runtime) as http:
        known = await http.get(
            f"/persons/{registered.person_id}/notifications", headers=bearer(service.runtime)
        )
        unknown = await http.get(f"/persons/{uuid4()}/notifications", headers=bearer(service.runtime))
        foreign = await http.get(
            f"/persons/{registered.person_id}/notifications",
            headers=bearer(service.runtime, "coordinator", district=MAIN_KINZIG),
        )

    assert known.status_code == 200 and known.json()["items"]
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "no such person"})
    assert (foreign.status_code, foreign.json()) == (404, {"detail": "no such person"})


async def test_quiet_hours_are_declared_as_the_local_times_they_are_answered_as(start_notifications) -> None:
    service = await start_notifications()
    document = service.runtime.app(lifespan=False).openapi()
    declared = document["components"]["schemas"]["DistrictSettingsOut"]["properties"]["quiet_hours_start"]

    async with http_client(service.runtime) as http:
        answer = (await http.get("/district-settings", headers=bearer(service.runtime))).json()
        offset = await http.put(
            "/district-settings",
            json={"quiet_hours_start": "22:00+02:00", "quiet_hours_end": "07:30"},
            headers=bearer(service.runtime, "coordinator"),
        )

    assert "format" not in declared
    assert __import__("re").fullmatch(declared["pattern"], answer["quiet_hours_start"])
    assert offset.status_code == 422 and offset.json()["detail"][0]["loc"] == ["body", "quiet_hours_start"]


async def test_the_404s_of_an_unknown_message_and_person_are_declared(start_notifications) -> None:
    service = await start_notifications()
    paths = service.runtime.app(lifespan=False).openapi()["paths"]

    async with http_client(service.runtime) as http:
        read = await http.post(
            f"/inbox/{uuid4()}/read", headers=bearer(service.runtime, "person", sub=str(uuid4()))
        )

    assert read.status_code == 404
    assert "404" in paths["/inbox/{notification_id}/read"]["post"]["responses"]
    assert "404" in paths["/persons/{person_id}/notifications"]["get"]["responses"]
