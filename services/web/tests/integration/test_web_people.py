"""Finding and registering people over the real intake service: the fuzzy search, the look-alike
warning and its confirmation, a double submit, an impossible date named beside its field, and
the roles and the CSRF token every form needs."""

from __future__ import annotations

import re
import uuid
from typing import Any

from wir_kit.runtime import Runtime

from ..conftest import SignedIn
from .support import KEY, PERSON_LINK, found_by_search, person_form, register, submit_registration


async def test_search_finds_a_registered_person_under_another_spelling_and_links_to_their_page(
    signed_in: SignedIn, intake: Runtime
) -> None:
    amina = await register(intake)
    await register(intake, given_names="Olena", family_name="Kovalenko", transliteration="Olena Kovalenko")
    client = await signed_in("case_manager", intake=intake)
    page = await client.http.get("/people", params={"q": "Amina Rahimy"})
    assert page.status_code == 200
    assert PERSON_LINK.findall(page.text) == [amina["id"]]
    assert "Heppenheim" in page.text and "1994" in page.text


async def test_an_empty_search_shows_only_the_search_form(signed_in: SignedIn, intake: Runtime) -> None:
    await register(intake)
    client = await signed_in("coordinator", intake=intake)
    page = await client.http.get("/people", params={"q": "  "})
    assert page.status_code == 200
    assert 'role="search"' in page.text
    assert PERSON_LINK.findall(page.text) == [] and "<table" not in page.text


async def test_a_search_without_a_word_names_the_problem_beside_the_field(
    signed_in: SignedIn, intake: Runtime
) -> None:
    client = await signed_in("case_manager", intake=intake)
    page = await client.http.get("/people", params={"q": "a"})
    assert page.status_code == 422
    assert 'id="q-error"' in page.text
    assert re.search(r'id="q"[^>]*aria-describedby="q-hint q-error"[^>]*aria-invalid="true"', page.text)


async def test_registering_opens_the_new_persons_page(signed_in: SignedIn, intake: Runtime) -> None:
    client = await signed_in("case_manager", intake=intake)
    answer = await submit_registration(client)
    assert answer.status_code == 303
    person_id = answer.headers["location"].removeprefix("/people/")
    page = await client.http.get(f"/people/{person_id}")
    assert page.status_code == 200
    for shown in ("Amina", "Rahimi", "Dari", "Heppenheim", "amina@example.org", "20.01.2026"):
        assert shown in page.text
    assert await found_by_search(client, "Rahimi") == [person_id]


async def test_a_look_alike_shows_the_warning_and_the_confirm_button_creates_the_person_once(
    signed_in: SignedIn, intake: Runtime
) -> None:
    earlier = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    warned = await submit_registration(client, transliteration="Amina Rahimy")
    assert warned.status_code == 409
    assert "Diese Personen sehen ähnlich aus" in warned.text
    assert PERSON_LINK.findall(warned.text)[0] == earlier["id"]
    assert await found_by_search(client, "Rahimi") == [earlier["id"]]

    confirm = warned.text.split('<input type="hidden" name="confirmed_new" value="true">')[0]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', confirm.split("<form")[-1])
    data: dict[str, list[str]] = {}
    for name, value in hidden:
        data.setdefault(name, []).append(value)
    data["confirmed_new"] = ["true"]
    data["idempotency_key"] = [KEY.findall(warned.text)[0]]
    first = await client.http.post("/people", data=data)
    twice = await client.http.post("/people", data=data)  # a double click
    assert first.status_code == twice.status_code == 303
    assert first.headers["location"] == twice.headers["location"] != f"/people/{earlier['id']}"
    assert sorted(await found_by_search(client, "Rahimi")) == sorted(
        [earlier["id"], first.headers["location"].removeprefix("/people/")]
    )


async def test_a_registration_sent_twice_creates_one_person(signed_in: SignedIn, intake: Runtime) -> None:
    client = await signed_in("case_manager", intake=intake)
    form = (await client.http.get("/people/new")).text
    data = {
        "idempotency_key": KEY.findall(form)[0],
        **person_form(given_names="Olena", family_name="Shevchenko"),
    }
    first = await client.submit("/people", data, form_on="/people/new")
    second = await client.submit("/people", data, form_on="/people/new")
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(await found_by_search(client, "Shevchenko")) == 1


async def test_an_impossible_date_of_birth_is_named_beside_the_field_and_nothing_is_created(
    signed_in: SignedIn, intake: Runtime
) -> None:
    client = await signed_in("case_manager", intake=intake)
    answer = await submit_registration(client, dob_day="30", dob_month="2", family_name="Noori")
    assert answer.status_code == 422
    assert 'id="date_of_birth-error"' in answer.text and "Dieses Datum gibt es nicht." in answer.text
    assert re.search(r'id="dob_day"[^>]*value="30"[^>]*aria-invalid="true"', answer.text)
    assert 'value="Noori"' in answer.text  # the rest of the input is kept
    assert await found_by_search(client, "Noori") == []


async def test_a_municipality_outside_the_district_and_a_missing_level_are_each_named(
    signed_in: SignedIn, intake: Runtime
) -> None:
    client = await signed_in("case_manager", intake=intake)
    no_level = await submit_registration(client, level_1="", family_name="Noori")
    assert no_level.status_code == 422
    assert 'id="level_1-error"' in no_level.text and 'href="#level_1"' in no_level.text
    elsewhere = await submit_registration(client, municipality="06435010", family_name="Noori")
    assert elsewhere.status_code == 422
    assert 'id="municipality-error"' in elsewhere.text
    assert "Die Gemeinde liegt nicht im Landkreis." in elsewhere.text
    assert await found_by_search(client, "Noori") == []


async def test_a_volunteer_is_refused_every_people_page(signed_in: SignedIn, intake: Runtime) -> None:
    amina = await register(intake)
    client = await signed_in("volunteer", intake=intake)
    for path in ("/people?q=Rahimi", "/people/new", f"/people/{amina['id']}", f"/people/{amina['id']}/erase"):
        answer = await client.http.get(path)
        assert answer.status_code == 403, path
        assert "Rahimi" not in answer.text
    assert (await client.submit("/people", person_form(), form_on="/")).status_code == 403


async def test_a_coordinator_searches_but_does_not_register(signed_in: SignedIn, intake: Runtime) -> None:
    amina = await register(intake)
    client = await signed_in("coordinator", intake=intake)
    assert await found_by_search(client, "Rahimi") == [amina["id"]]
    assert (await client.http.get("/people/new")).status_code == 403
    assert (await client.submit("/people", person_form(family_name="Noori"), form_on="/")).status_code == 403


async def test_every_people_form_without_the_csrf_token_is_refused_and_changes_nothing(
    signed_in: SignedIn, intake: Runtime
) -> None:
    amina = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    base = f"/people/{amina['id']}"
    forms: dict[str, dict[str, Any]] = {
        "/people": person_form(family_name="Noori", idempotency_key=str(uuid.uuid4())),
        f"{base}/needs": {"kind": "housing", "idempotency_key": str(uuid.uuid4())},
        f"{base}/consents": {"purpose": "share_with_employers", "legal_basis": "consent"},
        f"{base}/consents/withdraw": {"purpose": "processing", "legal_basis": "consent"},
        f"{base}/erase": {},
    }
    for path, data in forms.items():
        assert (await client.http.post(path, data=data)).status_code == 403, path
        forged = await client.http.post(path, data={**data, "csrf_token": "guessed"})
        assert forged.status_code == 403, path
    assert await found_by_search(client, "Noori") == []
    page = (await client.http.get(base)).text
    assert "Wohnen" not in page.split('id="needs"')[1].split("<form")[0]
    assert "widerrufen" not in page and "Arbeitgeber</th>" not in page
