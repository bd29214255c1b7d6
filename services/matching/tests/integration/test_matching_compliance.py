"""Compliance documents over time: a reminder goes out once per expiry date ahead of it; an
expired document suspends the volunteer, withdraws their matches and is announced once; the job
does this in every district."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import outbox, rows
from wir_matching.commands import compliance
from wir_matching.jobs.compliance import check_compliance
from wir_matching.settings import MatchingSettings

from .conftest import CreateVolunteer, Headers, InsertMatch, match_states, service_today

REMIND_DAYS = 30


async def expire_in(
    matching: Runtime, volunteer_id: UUID, days: int, kind: str, district: str = BERGSTRASSE
) -> None:
    """Move one document's expiry to `days` from the service's today (negative: expired)."""
    async with matching.db.transaction(district) as tx:
        await tx.execute(
            "UPDATE volunteer_documents SET expires_on = (now() AT TIME ZONE 'Europe/Berlin')::date + $3::int"
            " WHERE volunteer_id = $1 AND kind = $2",
            volunteer_id,
            kind,
            days,
        )


async def remind(matching: Runtime, district: str = BERGSTRASSE) -> int:
    async with matching.db.transaction(district) as tx:
        return await compliance.remind_expiring(tx, within_days=REMIND_DAYS)


async def suspend(matching: Runtime, district: str = BERGSTRASSE) -> int:
    async with matching.db.transaction(district) as tx:
        return await compliance.suspend_expired(tx, run_delay_s=3600)


async def test_a_document_expiring_soon_is_reminded_once_per_expiry_date(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    soon, later = await create_volunteer(), await create_volunteer()
    await expire_in(matching, soon, 10, "criminal_record_certificate")
    await expire_in(matching, later, REMIND_DAYS + 1, "criminal_record_certificate")

    assert await remind(matching) == 1
    assert await remind(matching) == 0
    [reminder] = await outbox(matching, "volunteer_compliance_expiring")
    assert (reminder["volunteer_id"], reminder["document"]) == (str(soon), "criminal_record_certificate")
    expected = (await service_today(matching)).toordinal() + 10
    assert reminder["expires_on"] == date.fromordinal(expected).isoformat()

    # A renewed document that again expires soon is a new expiry date: reminded again.
    renewed = date.fromordinal(expected + 5).isoformat()
    url = f"/volunteers/{soon}/documents/criminal_record_certificate"
    assert (await http.put(url, json={"expires_on": renewed}, headers=headers())).status_code == 200
    assert await remind(matching) == 1
    assert await remind(matching) == 0
    # Recording the same date again keeps the reminder that was sent.
    assert (await http.put(url, json={"expires_on": renewed}, headers=headers())).status_code == 200
    assert await remind(matching) == 0


async def test_inactive_volunteers_are_not_reminded(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    await http.post(f"/volunteers/{volunteer_id}/deactivate", headers=headers())
    await expire_in(matching, volunteer_id, 3, "confidentiality_declaration")
    assert await remind(matching) == 0


async def test_an_expired_document_suspends_withdraws_matches_and_is_announced_once(
    matching: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    create_volunteer: CreateVolunteer,
    insert_match: InsertMatch,
) -> None:
    volunteer_id, valid = await create_volunteer(), await create_volunteer()
    proposed = await insert_match(uuid4(), uuid4(), volunteer_id)
    running = await insert_match(uuid4(), uuid4(), volunteer_id, state="accepted")
    untouched = await insert_match(uuid4(), uuid4(), valid)
    await expire_in(matching, volunteer_id, -1, "criminal_record_certificate")
    await expire_in(matching, volunteer_id, -3, "confidentiality_declaration")

    assert await suspend(matching) == 1
    assert await suspend(matching) == 0

    [suspended] = await outbox(matching, "volunteer_suspended")
    assert suspended["volunteer_id"] == str(volunteer_id)
    assert (suspended["aggregate_version"], suspended["document"]) == (2, "confidentiality_declaration")
    assert suspended["expired_on"] < (await service_today(matching)).isoformat()
    read = (await http.get(f"/volunteers/{volunteer_id}", headers=headers())).json()
    assert (read["suspended"], read["compliant"], read["version"]) == (True, False, 2)
    assert await match_states(matching, proposed, running, untouched) == [
        ("withdrawn", "volunteer_suspended"),
        ("withdrawn", "volunteer_suspended"),
        ("proposed", None),
    ]
    assert {event["reason"] for event in await outbox(matching, "match_withdrawn")} == {"volunteer_suspended"}
    assert await rows(matching, BERGSTRASSE, "SELECT 1 FROM run_requests")


async def test_the_job_checks_every_district(
    matching: Runtime, matching_settings: MatchingSettings, create_volunteer: CreateVolunteer
) -> None:
    here = await create_volunteer()
    there = await create_volunteer(district=HANAU)
    await expire_in(matching, here, 5, "confidentiality_declaration")
    await expire_in(matching, there, -1, "confidentiality_declaration", district=HANAU)

    await check_compliance(matching_settings)(matching)

    [reminder] = await outbox(matching, "volunteer_compliance_expiring")
    assert reminder["volunteer_id"] == str(here)
    [suspended] = await outbox(matching, "volunteer_suspended", district=HANAU)
    assert suspended["volunteer_id"] == str(there)
