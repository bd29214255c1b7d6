"""The inbox is its owner's alone; staff see delivery status without message bodies; district
settings are the coordinators' to change and are validated field by field."""

from __future__ import annotations

from uuid import uuid4

from wir_contracts.intake.v1 import PersonRegistered
from wir_contracts.matching.v1 import MatchAccepted

BERGSTRASSE = "06431"
MAIN_KINZIG = "06435"


async def welcome_in_inbox(service, person, until):
    registered, contact, _, _ = person(["inbox"])
    await service.publish(registered, contact)
    await until(lambda: service.events(BERGSTRASSE, "notification_sent"))
    return registered.person_id


async def test_inbox_is_readable_only_by_its_owner(start_notifications, person, until) -> None:
    service = await start_notifications()
    owner = await welcome_in_inbox(service, person, until)
    someone_else = str(uuid4())

    async with service.client() as http:
        mine = await http.get("/inbox", headers=service.token(str(owner), "volunteer"))
        theirs = await http.get("/inbox", headers=service.token(someone_else, "volunteer"))
        staff = await http.get("/inbox", headers=service.token("cm-7", "case_manager"))
        elsewhere = await http.get("/inbox", headers=service.token(str(owner), district=MAIN_KINZIG))
        [message] = mine.json()["items"]
        mark = f"/inbox/{message['notification_id']}/read"
        stolen = await http.post(mark, headers=service.token(someone_else))
        read = await http.post(mark, headers=service.token(str(owner)))
        again = await http.post(mark, headers=service.token(str(owner)))
        after = (await http.get("/inbox", headers=service.token(str(owner)))).json()["items"]
        anonymous = await http.get("/inbox")

    assert mine.status_code == 200
    assert message["subject"] == "Welcome to WIR – Kreis Bergstraße"
    assert "Hello Amina" in message["text"] and '<html lang="en" dir="ltr">' in message["html"]
    assert message["read_at"] is None
    assert theirs.json()["items"] == [] and staff.json()["items"] == []
    assert elsewhere.json()["items"] == []  # another district's token sees nothing (RLS)
    assert stolen.status_code == 404
    assert (read.status_code, again.status_code) == (204, 204)
    assert after[0]["read_at"] is not None
    assert anonymous.status_code == 401


async def test_inbox_pages_newest_first(start_notifications, golden, person, until) -> None:
    service = await start_notifications()
    person_id = await welcome_in_inbox(service, person, until)
    second = golden(PersonRegistered, person_id=person_id, languages=["eng"], preferred_language="eng")
    await service.publish(second)  # another registration event: another welcome
    await until(lambda: _count(service.events(BERGSTRASSE, "notification_sent"), 2))

    async with service.client() as http:
        first_page = (await http.get("/inbox?limit=1", headers=service.token(str(person_id)))).json()
        cursor = first_page["next_before"]
        second_page = (
            await http.get(
                "/inbox", params={"limit": 1, "before": cursor}, headers=service.token(str(person_id))
            )
        ).json()
        bad = await http.get("/inbox?limit=0", headers=service.token(str(person_id)))

    assert len(first_page["items"]) == 1 and len(second_page["items"]) == 1
    assert first_page["items"][0]["notification_id"] != second_page["items"][0]["notification_id"]
    assert first_page["items"][0]["created_at"] > second_page["items"][0]["created_at"]
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "limit"]


async def test_inbox_pages_through_messages_written_at_once(
    start_notifications, golden, person, until
) -> None:
    service = await start_notifications()
    registered, contact, _, _ = person(["inbox"])
    accepted = golden(MatchAccepted, person_id=registered.person_id)
    await service.publish(registered, accepted)  # both wait for the contact, then go out together
    await until(lambda: _equals(service.status(BERGSTRASSE, registered.person_id), ["parked", "parked"]))
    await service.publish(contact)
    await until(lambda: _count(service.events(BERGSTRASSE, "notification_sent"), 2))

    pages, cursor = [], None
    async with service.client() as http:
        for _ in range(3):
            params = {"limit": 1} | ({"before": cursor} if cursor else {})
            page = (
                await http.get("/inbox", params=params, headers=service.token(str(registered.person_id)))
            ).json()
            pages.append([item["template"] for item in page["items"]])
            cursor = page["next_before"]
            if cursor is None:
                break

    assert sorted(template for page in pages for template in page) == ["match_accepted", "welcome"]


async def test_staff_see_a_persons_delivery_status_without_message_bodies(
    start_notifications, person, until
) -> None:
    service = await start_notifications()
    person_id = await welcome_in_inbox(service, person, until)

    async with service.client() as http:
        answer = await http.get(
            f"/persons/{person_id}/notifications", headers=service.token("cm-1", "case_manager")
        )
        volunteer = await http.get(
            f"/persons/{person_id}/notifications", headers=service.token("v-1", "volunteer")
        )
        other_district = await http.get(
            f"/persons/{person_id}/notifications",
            headers=service.token("cm-2", "coordinator", district=MAIN_KINZIG),
        )

    assert answer.status_code == 200
    [status] = answer.json()["items"]
    assert (status["template"], status["status"], status["channel"], status["language"]) == (
        "welcome",
        "sent",
        "inbox",
        "eng",
    )
    assert [step["status"] for step in status["history"] if step["channel"]] == ["sent"]
    assert "subject" not in status and "text" not in answer.text
    assert volunteer.status_code == 403
    assert other_district.json()["items"] == []


async def test_coordinators_set_district_settings_and_bad_fields_are_named(start_notifications) -> None:
    service = await start_notifications()
    coordinator = service.token("coord-1", "coordinator")
    good = {
        "contacts": [{"name": "WIR-Koordination", "phone": "+49 6252 15-0", "email": "wir@example.org"}],
        "integreat_url": "https://integreat.app/kreis-bergstrasse/{language}",
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:30",
        "time_zone": "Europe/Berlin",
    }
    async with service.client() as http:
        before = (await http.get("/district-settings", headers=coordinator)).json()
        put = await http.put("/district-settings", json=good, headers=coordinator)
        after = (await http.get("/district-settings", headers=service.token("cm-1", "case_manager"))).json()
        by_case_manager = await http.put(
            "/district-settings", json=good, headers=service.token("cm-1", "case_manager")
        )
        bad_zone = await http.put(
            "/district-settings", json={**good, "time_zone": "Mars/Olympus"}, headers=coordinator
        )
        bad_mail = await http.put(
            "/district-settings",
            json={**good, "contacts": [{"name": "X", "email": "nope"}]},
            headers=coordinator,
        )
        smuggled = await http.put(
            "/district-settings", json={**good, "district": "06435"}, headers=coordinator
        )
        unchanged = (await http.get("/district-settings", headers=coordinator)).json()

    assert before["customised"] is False and before["quiet_hours_start"] == "00:00:00"
    assert put.status_code == 200
    assert after["customised"] is True and after["district_name"] == "Kreis Bergstraße"
    assert (after["quiet_hours_start"], after["quiet_hours_end"]) == ("22:00:00", "07:30:00")
    assert after["contacts"][0]["email"] == "wir@example.org"
    assert by_case_manager.status_code == 403
    assert bad_zone.status_code == 422 and bad_zone.json()["detail"][0]["loc"] == ["body", "time_zone"]
    assert "Mars" not in bad_zone.text  # the value is not echoed
    assert bad_mail.status_code == 422 and bad_mail.json()["detail"][0]["loc"][:3] == ["body", "contacts", 0]
    assert smuggled.status_code == 422  # the district is the token's, never the body's
    assert unchanged == after


async def _count(events, n):
    return len(await events) >= n


async def _equals(value, expected):
    return await value == expected
