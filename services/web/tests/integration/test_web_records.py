"""The case managers' Kompetenznachweis pages over the real competence service: the record by
kind, adding, changing and removing entries (an impossible date re-renders the form naming the
field), the occupation search, the PDF, another district's record, the roles' limits, and every
form refused without its CSRF token."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import MAIN_KINZIG

from ..conftest import SignedIn
from .support import add_entries, person_with_record


def work_form(**changes: str) -> dict[str, str]:
    return {
        "kind": "work",
        "occupation": "7512",
        "years": "4,5",
        "country": "SY",
        "started_on": "2016-09-01",
        "ended_on": "2021-02-28",
        "evidence_kind": "self_declared",
    } | changes


async def test_the_record_shows_the_entries_by_kind_with_their_levels(
    signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence)
    await add_entries(competence, person_id, "schooling", "work", "language", "course")
    client = await signed_in("case_manager", competence=competence)

    page = await client.http.get(f"/people/{person_id}/record")

    assert page.status_code == 200
    text = page.text
    assert text.count("<h1>") == 1 and "Kompetenznachweis" in text
    for heading in ("Schulbildung", "Berufserfahrung", "Sprachkenntnisse", "Kurse und Maßnahmen"):
        assert f">{heading}</h2>" in text
    assert "Bäcker, Konditoren und Süßwarenhersteller" in text and "Syrien" in text
    assert "<dt>Hören</dt><dd>B1</dd>" in text and "Deutsch-Test für Zuwanderer (DTZ)" in text
    assert "Integrationskurs – VHS Bergstraße" in text
    assert f'href="/people/{person_id}/record.pdf"' in text
    assert "Verlauf der Änderungen" in text and "Stand 4 ansehen" in text
    assert page.headers["cache-control"] == "no-store"


async def test_an_entry_added_through_the_form_appears_on_the_record(
    signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence)
    client = await signed_in("case_manager", competence=competence)
    form = f"/people/{person_id}/record/entries/new?kind=work&q=B%C3%A4cker"

    search = await client.http.get(form)
    assert search.status_code == 200
    assert 'type="radio" id="occupation-7512" name="occupation" value="7512"' in search.text

    answer = await client.submit(f"/people/{person_id}/record/entries", work_form(), form_on=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/people/{person_id}/record#kind-work"
    record = (await client.http.get(f"/people/{person_id}/record")).text
    assert "Bäcker, Konditoren und Süßwarenhersteller (7512) – Syrien" in record
    assert "<dt>Jahre</dt><dd>4.5</dd>" in record


async def test_an_impossible_date_re_renders_the_form_naming_the_field(
    signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence)
    client = await signed_in("case_manager", competence=competence)
    form = f"/people/{person_id}/record/entries/new?kind=work"

    answer = await client.submit(
        f"/people/{person_id}/record/entries", work_form(started_on="0001-01-01"), form_on=form
    )

    assert answer.status_code == 422
    assert 'id="started_on-error"' in answer.text
    assert re.search(
        r'id="started_on"[^>]*value="0001-01-01"[^>]*aria-describedby="started_on-error"', answer.text
    )
    assert 'aria-invalid="true"' in answer.text
    assert re.search(r'id="years"[^>]*value="4.5"', answer.text)  # the input is kept, as a number
    record = (await client.http.get(f"/people/{person_id}/record")).text
    assert "Bäcker" not in record  # nothing was written


async def test_an_entry_is_changed_and_removed(signed_in: SignedIn, competence: Runtime) -> None:
    person_id = await person_with_record(competence)
    [entry_id] = await add_entries(competence, person_id, "work")
    client = await signed_in("case_manager", competence=competence)
    edit = f"/people/{person_id}/record/entries/{entry_id}/edit"

    shown = await client.http.get(edit)
    assert shown.status_code == 200 and 'value="2016-09-01"' in shown.text
    changed = await client.submit(
        f"/people/{person_id}/record/entries/{entry_id}", work_form(occupation="9412"), form_on=edit
    )
    assert changed.status_code == 303
    assert "(9412)" in (await client.http.get(f"/people/{person_id}/record")).text
    course = {
        "kind": "course",
        "course": "integration_course",
        "provider": "VHS",
        "status": "planned",
        "evidence_kind": "self_declared",
    }
    other_kind = await client.submit(
        f"/people/{person_id}/record/entries/{entry_id}",
        course,
        form_on=edit,
    )
    assert other_kind.status_code == 422 and "an entry keeps its kind" in other_kind.text
    no_kind = await client.submit(f"/people/{person_id}/record/entries", {"kind": "hobby"}, form_on=edit)
    assert no_kind.status_code == 422 and 'id="kind"' in no_kind.text  # the kinds to choose from

    removed = await client.submit(
        f"/people/{person_id}/record/entries/{entry_id}/delete", {}, form_on=f"/people/{person_id}/record"
    )
    assert removed.status_code == 303
    record = (await client.http.get(f"/people/{person_id}/record")).text
    assert "(9412)" not in record and "entfernt" in record  # the history keeps it


async def test_the_pdf_comes_through_as_a_pdf_kept_by_no_cache(
    signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence)
    await add_entries(competence, person_id, "work")
    client = await signed_in("case_manager", competence=competence)

    answer = await client.http.get(f"/people/{person_id}/record.pdf")

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"].startswith("inline")
    assert (await client.http.get(f"/people/{person_id}/record.pdf?lang=eng")).status_code == 200
    assert (await client.http.get(f"/people/{person_id}/record.pdf?lang=xqz")).status_code == 404


async def test_another_districts_record_is_not_found(signed_in: SignedIn, competence: Runtime) -> None:
    person_id = await person_with_record(competence)
    client = await signed_in("case_manager", district=MAIN_KINZIG, competence=competence)

    for path in ("/record", "/record.pdf", "/record/entries/new?kind=work"):
        answer = await client.http.get(f"/people/{person_id}{path}")
        assert answer.status_code == 404, path
        assert "Amina" not in answer.text
    assert (await client.http.get("/people/not-an-id/record")).status_code == 404


async def test_a_volunteer_is_refused_and_a_coordinator_only_reads(
    signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence)
    await add_entries(competence, person_id, "work")
    volunteer = await signed_in("volunteer", competence=competence)
    assert (await volunteer.http.get(f"/people/{person_id}/record")).status_code == 403
    assert (await volunteer.http.get(f"/people/{person_id}/record.pdf")).status_code == 403

    coordinator = await signed_in("coordinator", competence=competence)
    page = await coordinator.http.get(f"/people/{person_id}/record")
    assert page.status_code == 200 and "Bäcker" in page.text
    assert "/record/entries/new" not in page.text and "/delete" not in page.text
    added = await coordinator.submit(
        f"/people/{person_id}/record/entries", work_form(), form_on=f"/people/{person_id}/record"
    )
    assert added.status_code == 403


async def test_every_form_without_the_csrf_token_is_refused(signed_in: SignedIn, competence: Runtime) -> None:
    person_id = await person_with_record(competence)
    [entry_id] = await add_entries(competence, person_id, "work")
    client = await signed_in("case_manager", competence=competence)
    base = f"/people/{person_id}/record"
    posts: list[tuple[str, dict[str, Any]]] = [
        (f"{base}/entries", work_form()),
        (f"{base}/entries/{entry_id}", work_form(occupation="9412")),
        (f"{base}/entries/{entry_id}/delete", {}),
        (f"{base}/shares", {"sections": "work", "recipient_organisation": "X", "expires_on": "2099-01-01"}),
        (f"{base}/shares/{uuid4()}/revoke", {}),
    ]
    for path, data in posts:
        answer = await client.http.post(path, data=data)
        assert answer.status_code == 403, path
    record = (await client.http.get(base)).text
    assert "(7512)" in record and "(9412)" not in record and "Es gibt noch keine Freigabe." in record
