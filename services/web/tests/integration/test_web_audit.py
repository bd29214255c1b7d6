"""The coordinators' audit log over the real intake service: who read which case, page by page;
a filter intake refuses named beside its field; every other role refused."""

from __future__ import annotations

import re

from wir_kit.runtime import Runtime
from wir_kit.testing.service import bearer, http_client

from ..conftest import SignedIn, WebFactory
from .support import register

NEXT_PAGE = re.compile(r'href="(/audit\?[^"]*cursor=[^"]+)"')


async def test_a_coordinator_sees_who_read_a_persons_case_and_which_fields(
    signed_in: SignedIn, intake: Runtime
) -> None:
    amina = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    assert (await client.http.get(f"/people/{amina['id']}")).status_code == 200
    await client.sign_in("coordinator")
    page = await client.http.get("/audit")
    assert page.status_code == 200
    assert "Akte gelesen" in page.text and "dev-case_manager-06431" in page.text
    assert f'href="/people/{amina["id"]}"' in page.text
    assert "<code>given_names</code>" in page.text
    assert "Rahimi" not in page.text  # names of fields, never their values


async def test_the_audit_log_pages_on_to_older_entries(signed_in: SignedIn, intake: Runtime) -> None:
    amina = await register(intake)
    async with http_client(intake) as http:
        for _ in range(55):
            read = await http.get(f"/persons/{amina['id']}", headers=bearer(intake, sub="cm-reader"))
            assert read.status_code == 200
    client = await signed_in("coordinator", intake=intake)
    first = await client.http.get("/audit", params={"actor": "cm-reader"})
    assert first.text.count("<code>cm-reader</code>") == 50
    older = NEXT_PAGE.search(first.text)
    assert older, "no link to older entries"
    second = await client.http.get(older.group(1).replace("&amp;", "&"))
    assert second.status_code == 200
    assert second.text.count("<code>cm-reader</code>") == 5
    assert NEXT_PAGE.search(second.text) is None
    assert "Neueste Einträge" in second.text


async def test_a_malformed_person_filter_is_named_beside_its_field(
    signed_in: SignedIn, intake: Runtime
) -> None:
    client = await signed_in("coordinator", intake=intake)
    page = await client.http.get("/audit", params={"person_id": "not-an-id"})
    assert page.status_code == 422
    assert re.search(r'id="person_id"[^>]*aria-invalid="true" aria-describedby="person_id-error"', page.text)


async def test_case_managers_and_volunteers_are_refused_the_audit_log(
    web: WebFactory, intake: Runtime
) -> None:
    client = await web(intake=intake)
    for role in ("case_manager", "volunteer"):
        await client.sign_in(role)
        assert (await client.http.get("/audit")).status_code == 403, role
