"""Volunteers through the API: coordinators register and manage the district's volunteers, a
volunteer reads and changes only their own profile, another district's volunteer is as missing
as one that never was, and every change is announced and asks for a run."""

from __future__ import annotations

from uuid import UUID, uuid4

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import outbox, rows

from .conftest import CreateVolunteer, Headers, InsertMatch, match_states, profile


async def test_a_coordinator_registers_a_volunteer_and_reads_the_profile_back(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    answer = await http.post("/volunteers", json=profile(), headers=headers())
    assert answer.status_code == 201
    volunteer_id = answer.json()["volunteer_id"]

    read = (await http.get(f"/volunteers/{volunteer_id}", headers=headers())).json()
    sent = profile()
    for field in ("municipality", "topics", "capacity", "absences", "gender", "lotse_trained_on"):
        assert read[field] == sent[field], field
    assert read["contact"] == sent["contact"]
    assert read["languages"] == [
        {"language": "deu", "level": None, "native": True},
        {"language": "fas", "level": "B2", "native": False},
    ]
    assert read["share_contact"] == {**sent["share_contact"], "email": None}
    assert read["weekly"] == sent["weekly"]
    assert (read["version"], read["active"], read["suspended"], read["compliant"]) == (1, True, False, False)

    [registered] = await outbox(matching, "volunteer_registered")
    assert registered["volunteer_id"] == volunteer_id
    assert registered["aggregate_version"] == 1
    assert registered["contact"]["email"] == "jutta.weber@example.org"
    assert registered["preferred_language"] == "deu"
    assert await rows(matching, BERGSTRASSE, "SELECT 1 FROM run_requests")


async def test_a_volunteer_with_valid_documents_is_compliant(
    http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    read = (await http.get(f"/volunteers/{volunteer_id}", headers=headers())).json()
    assert read["compliant"] is True
    assert sorted(document["kind"] for document in read["documents"]) == [
        "confidentiality_declaration",
        "criminal_record_certificate",
    ]


async def test_one_document_alone_is_not_enough(
    http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer(documents=False)
    read = (await http.get(f"/volunteers/{volunteer_id}", headers=headers())).json()
    recorded = await http.put(
        f"/volunteers/{volunteer_id}/documents/confidentiality_declaration",
        json={"expires_on": "2099-12-31"},
        headers=headers(),
    )
    assert recorded.status_code == 200
    assert (read["compliant"], recorded.json()["compliant"]) == (False, False)


async def test_an_update_bumps_the_version_and_is_announced(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    changed = profile(capacity=4, topics=["work"], contact={"display_name": "Jutta", "channels": ["inbox"]})
    answer = await http.put(f"/volunteers/{volunteer_id}", json=changed, headers=headers())
    assert answer.status_code == 200
    assert (answer.json()["version"], answer.json()["capacity"], answer.json()["topics"]) == (2, 4, ["work"])
    [updated] = await outbox(matching, "volunteer_updated")
    assert updated["aggregate_version"] == 2
    assert updated["contact"] == {
        "display_name": "Jutta",
        "email": None,
        "mobile": None,
        "channels": ["inbox"],
    }


async def test_the_list_pages_through_the_districts_volunteers(
    http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    created = {await create_volunteer(documents=False) for _ in range(3)}
    await create_volunteer(district=HANAU, documents=False)

    first = (await http.get("/volunteers", params={"limit": 2}, headers=headers())).json()
    assert len(first["items"]) == 2 and first["next_cursor"] is not None
    second = (
        await http.get("/volunteers", params={"limit": 2, "after": first["next_cursor"]}, headers=headers())
    ).json()
    assert second["next_cursor"] is None
    seen = {UUID(item["volunteer_id"]) for item in [*first["items"], *second["items"]]}
    assert seen == created


async def test_a_volunteer_reads_and_changes_their_own_profile(
    http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    own = headers("volunteer", sub=str(volunteer_id))
    assert (await http.get(f"/volunteers/{volunteer_id}", headers=own)).status_code == 200
    changed = await http.put(f"/volunteers/{volunteer_id}", json=profile(capacity=1), headers=own)
    assert changed.status_code == 200
    assert changed.json()["capacity"] == 1


async def test_a_volunteer_reaching_for_someone_elses_profile_finds_nothing(
    http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    other = headers("volunteer", sub=str(await create_volunteer()))
    assert (await http.get(f"/volunteers/{volunteer_id}", headers=other)).status_code == 404
    assert (await http.put(f"/volunteers/{volunteer_id}", json=profile(), headers=other)).status_code == 404
    assert (await http.get(f"/volunteers/{uuid4()}", headers=other)).status_code == 404


async def test_only_coordinators_register_list_deactivate_and_record_documents(
    http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    document = {"expires_on": "2099-12-31"}
    for caller in (headers("volunteer", sub=str(volunteer_id)), headers("case_manager")):
        assert (await http.post("/volunteers", json=profile(), headers=caller)).status_code == 403
        assert (await http.get("/volunteers", headers=caller)).status_code == 403
        assert (await http.post(f"/volunteers/{volunteer_id}/deactivate", headers=caller)).status_code == 403
        url = f"/volunteers/{volunteer_id}/documents/confidentiality_declaration"
        assert (await http.put(url, json=document, headers=caller)).status_code == 403
    case_manager = headers("case_manager")
    assert (await http.get(f"/volunteers/{volunteer_id}", headers=case_manager)).status_code == 403
    assert (await http.get("/volunteers")).status_code == 401


async def test_another_districts_volunteer_is_not_found(
    http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    hanau = headers(district=HANAU)
    assert (await http.get(f"/volunteers/{volunteer_id}", headers=hanau)).status_code == 404
    changed = profile(municipality="06415000")
    assert (await http.put(f"/volunteers/{volunteer_id}", json=changed, headers=hanau)).status_code == 404
    assert (await http.post(f"/volunteers/{volunteer_id}/deactivate", headers=hanau)).status_code == 404
    url = f"/volunteers/{volunteer_id}/documents/confidentiality_declaration"
    assert (await http.put(url, json={"expires_on": "2099-12-31"}, headers=hanau)).status_code == 404
    assert (await http.get("/volunteers", headers=hanau)).json()["items"] == []
    assert (await http.get(f"/volunteers/{volunteer_id}", headers=headers())).json()["version"] == 1


async def test_deactivation_withdraws_open_matches_and_is_announced_once(
    matching: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    create_volunteer: CreateVolunteer,
    insert_match: InsertMatch,
) -> None:
    volunteer_id = await create_volunteer()
    proposed = await insert_match(uuid4(), uuid4(), volunteer_id)
    running = await insert_match(uuid4(), uuid4(), volunteer_id, state="accepted")

    answer = await http.post(f"/volunteers/{volunteer_id}/deactivate", headers=headers())
    again = await http.post(f"/volunteers/{volunteer_id}/deactivate", headers=headers())

    assert answer.status_code == again.status_code == 200
    assert (answer.json()["active"], answer.json()["version"]) == (False, 2)
    assert again.json()["version"] == 2
    [deactivated] = await outbox(matching, "volunteer_deactivated")
    assert (deactivated["volunteer_id"], deactivated["aggregate_version"]) == (str(volunteer_id), 2)
    assert await match_states(matching, proposed, running) == [("withdrawn", "volunteer_deactivated")] * 2
    withdrawn = await outbox(matching, "match_withdrawn")
    assert {event["match_id"] for event in withdrawn} == {str(proposed), str(running)}
    assert {event["reason"] for event in withdrawn} == {"volunteer_deactivated"}


async def test_recording_a_valid_document_lifts_a_suspension(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    async with matching.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE volunteer_documents SET expires_on = expires_on - 400 WHERE volunteer_id = $1"
            " AND kind = 'criminal_record_certificate'",
            volunteer_id,
        )
        await tx.execute("UPDATE volunteers SET suspended = true WHERE volunteer_id = $1", volunteer_id)
    url = f"/volunteers/{volunteer_id}/documents"

    other = await http.put(
        f"{url}/confidentiality_declaration", json={"expires_on": "2099-12-31"}, headers=headers()
    )
    assert (other.json()["suspended"], other.json()["compliant"]) == (True, False)
    renewed = await http.put(
        f"{url}/criminal_record_certificate", json={"expires_on": "2099-12-31"}, headers=headers()
    )
    assert (renewed.json()["suspended"], renewed.json()["compliant"]) == (False, True)
