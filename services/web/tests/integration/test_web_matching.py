"""The coordinators' matching pages over the real matching service: registering a volunteer
through the form, their documents, a matching run with its reasons, the district's and the
role's limits, and every form refused without its CSRF token."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import uuid4

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import HANAU
from wir_web.clock import today

from ..conftest import SignedIn
from .support import VOLUNTEER_ID, person_needing_a_mentor, register_volunteer, volunteer_form


async def test_the_coordinator_registers_a_volunteer_and_sees_them_listed(
    signed_in: SignedIn, matching: Runtime
) -> None:
    client = await signed_in("coordinator", matching=matching)
    form = await client.http.get("/matching/volunteers/new")
    assert form.status_code == 200 and 'for="f-travel_km"' in form.text

    volunteer_id = await register_volunteer(client)

    shown = await client.http.get(f"/matching/volunteers/{volunteer_id}")
    assert shown.status_code == 200
    assert "Jutta Weber" in shown.text and "Heppenheim" in shown.text and "vermittelbar" in shown.text
    assert "Erweitertes Führungszeugnis" in shown.text and "gültig" in shown.text
    listed = await client.http.get("/matching")
    assert listed.status_code == 200
    assert f'href="/matching/volunteers/{volunteer_id}">Jutta Weber</a>' in listed.text


async def test_a_bad_input_is_shown_beside_its_field_with_what_was_typed(
    signed_in: SignedIn, matching: Runtime
) -> None:
    client = await signed_in("coordinator", matching=matching)

    answer = await client.submit(
        "/matching/volunteers",
        volunteer_form(travel_km="101", level_1="", end_0="16:00"),
        form_on="/matching/volunteers/new",
    )

    assert answer.status_code == 422
    assert re.search(
        r'id="f-travel_km"[^>]*value="101"[^>]*aria-describedby="[^"]*f-travel_km-error"', answer.text
    )
    assert 'id="f-travel_km-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert 'id="f-level_1-error"' in answer.text  # Dari without a level, not native
    assert 'id="f-end_0-error"' in answer.text  # the Monday window ends before it starts
    assert 'value="Jutta Weber"' in answer.text
    assert VOLUNTEER_ID.search((await client.http.get("/matching")).text) is None


async def test_a_document_that_has_expired_is_refused_beside_its_field(
    signed_in: SignedIn, matching: Runtime
) -> None:
    client = await signed_in("coordinator", matching=matching)
    volunteer_id = await register_volunteer(client, documents=False)
    page = f"/matching/volunteers/{volunteer_id}"
    assert "Dokumente fehlen" in (await client.http.get(page)).text

    expired = (today() - timedelta(days=3)).isoformat()
    answer = await client.submit(
        f"{page}/documents", {"kind": "confidentiality_declaration", "expires_on": expired}, form_on=page
    )

    assert answer.status_code == 422 and 'id="f-expires_on-error"' in answer.text
    unknown = await client.submit(
        f"{page}/documents", {"kind": "passport", "expires_on": expired}, form_on=page
    )
    assert unknown.status_code == 422 and 'id="f-kind-error"' in unknown.text


async def test_a_double_submit_registers_the_volunteer_once(signed_in: SignedIn, matching: Runtime) -> None:
    client = await signed_in("coordinator", matching=matching)
    form = volunteer_form()
    first = await client.submit("/matching/volunteers", form, form_on="/matching/volunteers/new")
    again = await client.submit("/matching/volunteers", form, form_on="/matching/volunteers/new")
    assert first.headers["location"] == again.headers["location"]
    assert len(set(VOLUNTEER_ID.findall((await client.http.get("/matching")).text))) == 1


async def test_running_matching_shows_the_proposal_with_its_reasons(
    signed_in: SignedIn, matching: Runtime
) -> None:
    client = await signed_in("coordinator", matching=matching)
    volunteer_id = await register_volunteer(client)
    person_id = await person_needing_a_mentor(matching)
    waiting = await client.http.get("/matching")
    assert "Niemand wartet." in waiting.text or str(person_id)[:8] in waiting.text

    run = await client.submit("/matching/runs", {}, form_on="/matching")

    assert run.status_code == 200
    assert "1 neue Vorschläge" in run.text
    assert f'href="/matching/volunteers/{volunteer_id}">Jutta Weber</a>' in run.text
    assert f'href="/people/{person_id}"' in run.text
    assert "gemeinsame Sprache: Dari" in run.text and "hilft bei: Wohnen" in run.text
    overview = await client.http.get("/matching?state=proposed")
    assert "vorgeschlagen" in overview.text and "gemeinsame Sprache: Dari" in overview.text


async def test_a_withdrawn_proposal_cannot_be_withdrawn_again(signed_in: SignedIn, matching: Runtime) -> None:
    client = await signed_in("coordinator", matching=matching)
    await register_volunteer(client)
    await person_needing_a_mentor(matching)
    await client.submit("/matching/runs", {}, form_on="/matching")
    [match_id] = re.findall(
        r"/matching/proposals/([0-9a-f-]{36})/withdraw", (await client.http.get("/matching")).text
    )

    first = await client.submit(f"/matching/proposals/{match_id}/withdraw", {}, form_on="/matching")
    assert first.status_code == 303
    assert "zurückgezogen" in (await client.http.get("/matching")).text
    again = await client.submit(f"/matching/proposals/{match_id}/withdraw", {}, form_on="/matching")
    assert again.status_code == 409 and "nicht zurückgezogen werden" in again.text


async def test_a_deactivated_volunteer_shows_as_such(signed_in: SignedIn, matching: Runtime) -> None:
    client = await signed_in("coordinator", matching=matching)
    volunteer_id = await register_volunteer(client)
    page = f"/matching/volunteers/{volunteer_id}"
    answer = await client.submit(f"{page}/deactivate", {}, form_on=page)
    assert answer.status_code == 303
    shown = await client.http.get(page)
    assert "deaktiviert" in shown.text and f"{page}/deactivate" not in shown.text


async def test_another_districts_volunteer_is_not_found(signed_in: SignedIn, matching: Runtime) -> None:
    client = await signed_in("coordinator", matching=matching)
    volunteer_id = await register_volunteer(client)
    await client.sign_in("coordinator", district=HANAU)
    assert (await client.http.get(f"/matching/volunteers/{volunteer_id}")).status_code == 404
    assert (await client.http.get("/matching/volunteers/not-an-id")).status_code == 404
    assert "Jutta Weber" not in (await client.http.get("/matching")).text


async def test_a_case_manager_is_refused_the_matching_pages(signed_in: SignedIn, matching: Runtime) -> None:
    client = await signed_in("case_manager", matching=matching)
    for path in ("/matching", "/matching/volunteers/new", f"/matching/volunteers/{uuid4()}"):
        assert (await client.http.get(path)).status_code == 403
    refused = await client.submit("/matching/runs", {}, form_on="/")
    assert refused.status_code == 403


async def test_every_matching_form_without_its_csrf_token_is_refused(
    signed_in: SignedIn, matching: Runtime
) -> None:
    client = await signed_in("coordinator", matching=matching)
    volunteer_id = await register_volunteer(client, documents=False)
    some_id = uuid4()
    for path, data in (
        ("/matching/volunteers", volunteer_form()),
        ("/matching/runs", {}),
        (f"/matching/volunteers/{volunteer_id}/documents", {"kind": "confidentiality_declaration"}),
        (f"/matching/volunteers/{volunteer_id}/deactivate", {}),
        (f"/matching/proposals/{some_id}/withdraw", {}),
    ):
        assert (await client.http.post(path, data=data)).status_code == 403, path
    shown = await client.http.get(f"/matching/volunteers/{volunteer_id}")
    assert "deaktiviert" not in shown.text and "Verschwiegenheitserklärung" in shown.text
    assert len(set(VOLUNTEER_ID.findall((await client.http.get("/matching")).text))) == 1
