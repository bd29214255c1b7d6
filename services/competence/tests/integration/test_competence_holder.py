"""The holder on the Kompetenznachweis: intake's PersonIdentified kept (newest version only, never
for an erased person), printed in both scripts with the date of birth, shown to an employer only
while the person consents, and reduced to initials when a printed code is checked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import asyncpg
import httpx
import pytest

from wir_contracts.intake.v1 import DateOfBirth, PersonErasureRequested, PersonIdentified
from wir_kit.runtime import Runtime
from wir_kit.settling import REASON
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import handled, publish_and_wait, queue, rows
from wir_kit.testing.waiting import eventually, get_one
from wir_kit.topology import dlq_name


async def holder_rows(competence: Runtime, person_id: Any) -> list[Any]:
    return await rows(
        competence,
        BERGSTRASSE,
        "SELECT name_original, name_latin, birth_year, birth_month, birth_day, version"
        " FROM holders WHERE person_id = $1",
        person_id,
    )


async def share(http: httpx.AsyncClient, headers: Any, person_id: Any) -> str:
    body = {
        "sections": ["work"],
        "recipient_organisation": "Bäckerei Sonnenschein GmbH",
        "recipient_email": "personal@baeckerei-sonnenschein.example",
        "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
    }
    created = await http.post(f"/records/{person_id}/shares", json=body, headers=headers())
    assert created.status_code == 201, created.text
    return str(created.json()["url"].rsplit("/", 1)[-1])


async def test_the_printed_record_names_its_holder_in_both_scripts_with_the_date_of_birth(
    register: Any, identify: Any, http: httpx.AsyncClient, headers: Any, read_pdf: Any
) -> None:
    person_id = await register(language="arb")
    await identify(person_id)

    pdf = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)

    assert "Name: Amina Rahimi" in pdf.text
    assert pdf.has("الاسم بالكتابة الأصلية: أمينة رحيمي")
    assert "Geburtsdatum: 03.1994" in pdf.text
    assert pdf.has("تاريخ الميلاد") and "1994-03" in pdf.text


async def test_a_record_whose_holder_is_not_known_yet_prints_without_a_name(
    register: Any, http: httpx.AsyncClient, headers: Any, read_pdf: Any
) -> None:
    person_id = await register(language="ukr")

    answer = await http.get(f"/records/{person_id}/document.pdf", headers=headers())

    assert answer.status_code == 200
    pdf = read_pdf(answer.content)
    assert "Name" not in pdf.text and "Geburtsdatum" not in pdf.text
    assert str(person_id) in pdf.text


async def test_the_name_follows_newer_identifications_and_ignores_redelivered_and_stale_ones(
    competence: Runtime, register: Any, identify: Any
) -> None:
    person_id = await register()
    first = await identify(person_id, version=2)
    await bus.publish(competence.settings, first)  # the same event once more

    async def redelivery_skipped() -> bool:
        return bool(handled(competence, "person_identified", "duplicate") == 1)

    assert await eventually(redelivery_skipped)
    await identify(person_id, original="أمينة الرحيمي", latin="Amina Al-Rahimi", born=None, version=4)
    await identify(person_id, original="أمينة", latin=None, version=3)

    assert [tuple(row) for row in await holder_rows(competence, person_id)] == [
        ("أمينة الرحيمي", "Amina Al-Rahimi", None, None, None, 4)
    ]


async def test_an_identification_arriving_before_the_registration_is_printed(
    register: Any, identify: Any, http: httpx.AsyncClient, headers: Any, read_pdf: Any
) -> None:
    person_id = uuid4()
    await identify(person_id, original="Олександр Коваленко", latin="Oleksandr Kovalenko", born=None)
    await register(language="ukr", person_id=person_id)

    pdf = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)
    assert "Name: Oleksandr Kovalenko" in pdf.text
    assert "Name in Originalschrift: Олександр Коваленко" in pdf.text


async def test_erasure_forgets_the_name_and_a_late_identification_does_not_bring_it_back(
    competence: Runtime, register: Any, identify: Any
) -> None:
    person_id = await register()
    await identify(person_id)
    erasure = PersonErasureRequested(
        district=BERGSTRASSE, person_id=person_id, aggregate_version=2, request_id=uuid4()
    )
    await publish_and_wait(competence, "person_erasure_requested", erasure)
    assert await holder_rows(competence, person_id) == []

    await identify(person_id, version=5)
    assert await holder_rows(competence, person_id) == []


async def test_the_share_names_the_holder_while_the_person_consents_and_stops_without(
    register: Any,
    identify: Any,
    change_consents: Any,
    http: httpx.AsyncClient,
    headers: Any,
    samples: dict[str, Any],
    read_pdf: Any,
) -> None:
    person_id = await register(language="arb")
    await identify(person_id, born=DateOfBirth(year=1994, month=3, day=12))
    await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())
    token = await share(http, headers, person_id)

    shown = (await http.get(f"/shares/{token}")).json()
    printed = read_pdf((await http.get(f"/shares/{token}/document.pdf")).content)

    assert shown["holder"] == {
        "name_latin": "Amina Rahimi",
        "name_original": "أمينة رحيمي",
        "date_of_birth": {"year": 1994, "month": 3, "day": 12},
    }
    assert "Name: Amina Rahimi" in printed.text and "Geburtsdatum: 12.03.1994" in printed.text
    assert printed.has("أمينة رحيمي")

    await change_consents(person_id, ["processing"], 2)
    withdrawn = [await http.get(f"/shares/{token}"), await http.get(f"/shares/{token}/document.pdf")]
    assert [answer.status_code for answer in withdrawn] == [404, 404]
    assert all("Amina" not in answer.text for answer in withdrawn)


async def test_a_share_of_a_person_not_yet_identified_shows_no_holder(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], read_pdf: Any
) -> None:
    person_id = await register()
    await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())
    token = await share(http, headers, person_id)

    assert (await http.get(f"/shares/{token}")).json()["holder"] is None
    printed = await http.get(f"/shares/{token}/document.pdf")
    assert printed.status_code == 200
    assert "Name" not in read_pdf(printed.content).text


async def test_checking_a_printed_code_shows_the_holders_initials_and_nothing_more(
    register: Any, identify: Any, http: httpx.AsyncClient, headers: Any, read_pdf: Any
) -> None:
    named, unnamed = await register(), await register()
    await identify(named, born=DateOfBirth(year=1994, month=3, day=12))
    codes = []
    for person_id in (named, unnamed):
        pdf = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)
        [code] = {word for word in pdf.words if word.startswith(f"{BERGSTRASSE}-")}
        codes.append(code)

    checked = await http.get(f"/verify/{codes[0]}")
    without_name = await http.get(f"/verify/{codes[1]}")

    assert checked.status_code == 200
    assert checked.json()["holder_initials"] == "A. R."
    assert set(checked.json()) == {
        "district",
        "district_name",
        "record_version",
        "issued_on",
        "superseded",
        "holder_initials",
    }
    assert not {"Amina", "Rahimi", "أمينة", "1994", str(named)} & set(checked.text.replace('"', " ").split())
    assert without_name.json()["holder_initials"] is None


async def test_an_invalid_identification_is_dead_lettered_without_the_name_and_keeps_nothing(
    competence: Runtime, register: Any
) -> None:
    person_id = await register()
    event = PersonIdentified(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=1,
        name_original="أمينة رحيمي",
        name_latin="Amina Rahimi",
    )
    payload = json.loads(event.model_dump_json()) | {"date_of_birth": {"year": 1994, "month": 2, "day": 30}}
    await bus.publish_raw(competence.settings, (event.routing_key(), json.dumps(payload)))

    dead = await get_one(competence.settings.amqp_url, dlq_name(queue(competence, "person_identified")))
    assert dead is not None
    reason = str(dead.headers[REASON])
    assert "date_of_birth" in reason
    assert not {"Amina", "Rahimi", "أمينة", "1994"} & set(reason.replace("'", " ").replace('"', " ").split())
    assert await holder_rows(competence, person_id) == []


async def test_another_district_neither_sees_nor_writes_a_holder(
    competence: Runtime, register: Any, identify: Any
) -> None:
    person_id = await register()
    await identify(person_id)

    assert (
        await rows(competence, HANAU, "SELECT name_original FROM holders WHERE person_id = $1", person_id)
        == []
    )
    with pytest.raises(asyncpg.InsufficientPrivilegeError):  # row-level security's WITH CHECK
        await rows(
            competence,
            HANAU,
            "INSERT INTO holders (district, person_id, name_original, version) VALUES ($1, $2, 'x', 9)",
            BERGSTRASSE,
            uuid4(),
        )
    assert len(await holder_rows(competence, person_id)) == 1
