"""`wir seed-demo` creates the demo district's people once; the OpenAPI document is complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wir_contracts.intake.v1 import PersonRegistered
from wir_intake.main import build
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE

if TYPE_CHECKING:
    from conftest import Intake


async def test_seeding_twice_registers_the_demo_people_once_through_the_outbox(intake: Intake) -> None:
    service = build()
    assert service.seed_demo is not None
    async with bus.tap(intake.settings, [PersonRegistered.binding_key()]) as tap:
        first = await service.seed_demo(intake.runtime.db)
        second = await service.seed_demo(intake.runtime.db)
        registered = [PersonRegistered.model_validate((await tap.next())[1]) for _ in range(first)]
    assert (first, second) == (6, 0)
    assert {event.district for event in registered} == {BERGSTRASSE}
    people = (await intake.http.get("/persons", headers=intake.staff())).json()["items"]
    assert len(people) == 6
    found = (await intake.http.get("/persons/search?name=Mohammed", headers=intake.staff())).json()["items"]
    assert [p["transliteration"] for p in found] == ["Muhammad Al-Hassan"]
    olena = next(p for p in people if p["transliteration"] == "Olena Kovalenko")
    record = (await intake.http.get(f"/persons/{olena['id']}", headers=intake.staff())).json()
    household = await intake.http.get(f"/households/{record['household_id']}", headers=intake.staff())
    assert [m["relation"] for m in household.json()["members"]] == ["reference_person", "child"]


async def test_the_openapi_document_describes_every_route(intake: Intake) -> None:
    document = (await intake.http.get("/openapi.json")).json()
    operations = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert operations == {
        ("POST", "/persons"),
        ("GET", "/persons"),
        ("GET", "/persons/search"),
        ("GET", "/persons/{person_id}"),
        ("PATCH", "/persons/{person_id}"),
        ("DELETE", "/persons/{person_id}"),
        ("GET", "/persons/{person_id}/erasure"),
        ("GET", "/erasures"),
        ("GET", "/persons/{person_id}/timeline"),
        ("POST", "/persons/{person_id}/needs"),
        ("GET", "/persons/{person_id}/needs"),
        ("PATCH", "/persons/{person_id}/needs/{need_id}"),
        ("GET", "/needs"),
        ("POST", "/persons/{person_id}/consents"),
        ("GET", "/persons/{person_id}/consents"),
        ("POST", "/households"),
        ("GET", "/households/{household_id}"),
        ("PATCH", "/households/{household_id}"),
        ("GET", "/audit"),
    }
    schemas = document["components"]["schemas"]
    assert {"PersonIn", "PersonOut", "PersonChanges", "Duplicates", "ErasureStatus", "TimelinePage"} <= set(
        schemas
    )
    assert "409" in document["paths"]["/persons"]["post"]["responses"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            if method == "post":
                names = [p["name"] for p in operation["parameters"]]
                assert "Idempotency-Key" in names, path
