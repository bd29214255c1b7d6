"""The inbox is its owner's alone; staff see delivery status without message bodies; district
settings are the coordinators' to change and are validated field by field."""

from __future__ import annotations

from uuid import uuid4

from wir_contracts.intake.v1 import PersonRegistered
from wir_contracts.matching.v1 import MatchAccepted
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE, MAIN_KINZIG
from wir_kit.testing.examples import golden
from wir_kit.testing.service import bearer, http_client, outbox


async def welcome_in_inbox(service, person, until):
    registered, contact, _, _ = person(["inbox"])
    await publish(service.settings, registered, contact)
    await until(lambda: outbox(service.runtime, "notification_sent"))
    return registered.person_id


async def test_inbox_is_readable_only_by_its_owner(start_notifications, person, until) -> None:
    service = await start_notifications()
    owner = await welcome_in_inbox(service, person, until)
    as_owner = bearer(service.runtime, "person", sub=str(owner))
    as_someone_else = bearer(service.runtime, "person", sub=str(uuid4()))

    async with http_client(service.runtime) as http:
        mine = await http.get("/inbox", headers=as_owner)
        theirs = await http.get("/inbox", headers=as_someone_else)
        staff = await http.get("/inbox", headers=bearer(service.runtime, "case_manager", sub="cm-7"))
        # A staff token whose subject is the person's id, and a volunteer's with that subject.
        staff_as_owner = await http.get(
            "/inbox", headers=bearer(service.runtime, "coordinator", sub=str(owner))
        )
        volunteer_as_owner = await http.get(
            "/inbox", headers=bearer(service.runtime, "volunteer", sub=str(owner))
        )
        elsewhere = await http.get(
            "/inbox", headers=bearer(service.runtime, "person", district=MAIN_KINZIG, sub=str(owner))
        )
        [message] = mine.json()["items"]
        mark = f"/inbox/{message['notification_id']}/read"
        stolen = await http.post(mark, headers=as_someone_else)
        stolen_by_staff = await http.post(
            mark, headers=bearer(service.runtime, "case_manager", sub=str(owner))
        )
        stolen_by_volunteer = await http.post(
            mark, headers=bearer(service.runtime, "volunteer", sub=str(owner))
        )
        read = await http.post(mark, headers=as_owner)
        again = await http.post(mark, headers=as_owner)
        after = (await http.get("/inbox", headers=as_owner)).json()["items"]
        anonymous = await http.get("/inbox")

    assert mine.status_code == 200
    assert message["subject"] == "Welcome to WIR – Kreis Bergstraße"
    assert "Hello Amina" in message["text"] and '<html lang="en" dir="ltr">' in message["html"]
    assert message["read_at"] is None
    assert theirs.json()["items"] == []
    assert staff.status_code == 403 and staff_as_owner.status_code == 403
    assert volunteer_as_owner.json()["items"] == []  # a volunteer's token opens no person's inbox
    assert elsewhere.json()["items"] == []  # another district's token sees nothing (RLS)
    assert stolen.status_code == 404
    assert (stolen_by_staff.status_code, stolen_by_volunteer.status_code) == (403, 404)
    assert (read.status_code, again.status_code) == (204, 204)
    assert after[0]["read_at"] is not None
    assert anonymous.status_code == 401


async def test_inbox_pages_newest_first(start_notifications, person, until) -> None:
    service = await start_notifications()
    person_id = await welcome_in_inbox(service, person, until)
    second = golden(
        PersonRegistered, person_id=person_id, languages=["eng"], preferred_language="eng", language_levels=[]
    )
    await publish(service.settings, second)  # another registration event: another welcome
    await until(lambda: _count(outbox(service.runtime, "notification_sent"), 2))

    as_person = bearer(service.runtime, "person", sub=str(person_id))

    async with http_client(service.runtime) as http:
        first_page = (await http.get("/inbox?limit=1", headers=as_person)).json()
        cursor = first_page["next_before"]
        second_page = (
            await http.get("/inbox", params={"limit": 1, "before": cursor}, headers=as_person)
        ).json()
        bad = await http.get("/inbox?limit=0", headers=as_person)

    assert len(first_page["items"]) == 1 and len(second_page["items"]) == 1
    assert first_page["items"][0]["notification_id"] != second_page["items"][0]["notification_id"]
    assert first_page["items"][0]["created_at"] > second_page["items"][0]["created_at"]
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "limit"]


async def test_inbox_pages_through_messages_written_at_once(start_notifications, person, until) -> None:
    service = await start_notifications()
    registered, contact, _, _ = person(["inbox"])
    accepted = golden(MatchAccepted, person_id=registered.person_id)
    await publish(service.settings, registered, accepted)  # both wait for the contact, then go out together
    await until(lambda: _equals(service.status(BERGSTRASSE, registered.person_id), ["parked", "parked"]))
    await publish(service.settings, contact)
    await until(lambda: _count(outbox(service.runtime, "notification_sent"), 2))

    pages, cursor = [], None
    as_person = bearer(service.runtime, "person", sub=str(registered.person_id))
    async with http_client(service.runtime) as http:
        for _ in range(3):
            params = {"limit": 1} | ({"before": cursor} if cursor else {})
            page = (await http.get("/inbox", params=params, headers=as_person)).json()
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

    async with http_client(service.runtime) as http:
        answer = await http.get(f"/persons/{person_id}/notifications", headers=bearer(service.runtime))
        volunteer = await http.get(
            f"/persons/{person_id}/notifications", headers=bearer(service.runtime, "volunteer", sub="v-1")
        )
        other_district = await http.get(
            f"/persons/{person_id}/notifications",
            headers=bearer(service.runtime, "coordinator", district=MAIN_KINZIG, sub="cm-2"),
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
    assert other_district.status_code == 404  # another district's person is unknown here


async def test_coordinators_set_district_settings_and_bad_fields_are_named(start_notifications) -> None:
    service = await start_notifications()
    coordinator = bearer(service.runtime, "coordinator", sub="coord-1")
    good = {
        "contacts": [{"name": "WIR-Koordination", "phone": "+49 6252 15-0", "email": "wir@example.org"}],
        "integreat_url": "https://integreat.app/kreis-bergstrasse/{language}",
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:30",
        "time_zone": "Europe/Berlin",
    }
    async with http_client(service.runtime) as http:
        before = (await http.get("/district-settings", headers=coordinator)).json()
        put = await http.put("/district-settings", json=good, headers=coordinator)
        after = (await http.get("/district-settings", headers=bearer(service.runtime))).json()
        by_case_manager = await http.put("/district-settings", json=good, headers=bearer(service.runtime))
        bad_zone = await http.put(
            "/district-settings", json={**good, "time_zone": "Mars/Olympus"}, headers=coordinator
        )
        bad_mail = await http.put(
            "/district-settings",
            json={**good, "contacts": [{"name": "X", "email": "nope"}]},
            headers=coordinator,
        )
        smuggled = await http.put(
            "/district-settings", json={**good, "district": MAIN_KINZIG}, headers=coordinator
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


async def test_marking_a_message_read_that_is_not_there_answers_no_such_message(start_notifications) -> None:
    service = await start_notifications()
    missing = f"/inbox/{uuid4()}/read"

    async with http_client(service.runtime) as http:
        recipient = await http.post(missing, headers=bearer(service.runtime, "volunteer", sub=str(uuid4())))
        staff = await http.post(missing, headers=bearer(service.runtime))  # no recipient at all

    assert (recipient.status_code, recipient.json()) == (404, {"detail": "no such message"})
    assert (staff.status_code, staff.json()) == (403, {"detail": "forbidden"})  # staff have no inbox
