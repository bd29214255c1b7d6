"""Shares of a Kompetenznachweis with an employer over the real competence service: created and
revoked by the case manager (only with the person's consent), the employer's page without any
session in German with the holder's name, its PDF, expired, revoked and unknown links in plain
words, and the check of a printed code."""

from __future__ import annotations

import re
from datetime import date, timedelta
from uuid import UUID

from wir_kit.runtime import Runtime
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import rows

from ..conftest import SignedIn, WebClient, WebFactory
from .support import add_entries, person_with_record

LINK = re.compile(r'id="created-link"[^>]*value="http://[^"]+/share/([^"]+)"')


def share_form(**changes: str) -> dict[str, object]:
    return {
        "sections": ["work", "language"],
        "recipient_organisation": "Bäckerei Sonnenschein GmbH",
        "recipient_email": "personal@baeckerei-sonnenschein.example",
        "expires_on": (date.today() + timedelta(days=14)).isoformat(),
    } | changes


async def create_share(client: WebClient, person_id: UUID) -> str:
    """A share made through the record page's form; its link's token, shown this once."""
    record = f"/people/{person_id}/record"
    answer = await client.submit(f"{record}/shares", share_form(), form_on=record)
    assert answer.status_code == 200, answer.text
    found = LINK.search(answer.text)
    assert found, "the link is shown once"
    return found.group(1)


async def shared_person(signed_in: SignedIn, competence: Runtime) -> tuple[WebClient, UUID, str]:
    person_id = await person_with_record(competence)
    await add_entries(competence, person_id, "work", "language", "schooling")
    client = await signed_in("case_manager", competence=competence)
    return client, person_id, await create_share(client, person_id)


async def test_the_employer_sees_the_shared_parts_in_german_with_the_holders_name(
    web: WebFactory, signed_in: SignedIn, competence: Runtime
) -> None:
    case_manager, person_id, token = await shared_person(signed_in, competence)
    listed = (await case_manager.http.get(f"/people/{person_id}/record")).text
    assert "Bäckerei Sonnenschein GmbH" in listed and "gültig" in listed
    assert token not in listed  # the link is never shown again

    employer = await web(competence=competence)  # no session at all
    page = await employer.http.get(f"/share/{token}")

    assert page.status_code == 200
    assert '<html lang="de" dir="ltr">' in page.text
    assert "Amina Rahimi" in page.text and "أمينة رحيمي" in page.text and "03.1994" in page.text
    assert "Berufserfahrung" in page.text and "Bäcker, Konditoren und Süßwarenhersteller" in page.text
    assert "Sprachkenntnisse" in page.text and "Schulbildung" not in page.text  # not shared
    assert "main-nav" not in page.text and "/signin" not in page.text and "csrf_token" not in page.text
    assert f'href="/share/{token}.pdf"' in page.text and 'href="/verify"' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    english = await employer.http.get(f"/share/{token}?lang=en")
    assert '<html lang="en"' in english.text and "Work experience" in english.text

    pdf = await employer.http.get(f"/share/{token}.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.headers["cache-control"] == "no-store"
    accesses = f"/people/{person_id}/record/shares"
    listed = (await case_manager.http.get(f"/people/{person_id}/record")).text
    [share_id] = re.findall(rf'href="{accesses}/([0-9a-f-]{{36}})"', listed)
    opened = (await case_manager.http.get(f"{accesses}/{share_id}")).text
    assert "angesehen" in opened and "PDF heruntergeladen" in opened


async def test_a_share_without_consent_is_refused_in_plain_words(
    signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence, consents=("processing",))
    client = await signed_in("case_manager", competence=competence)
    record = f"/people/{person_id}/record"
    assert "nicht eingewilligt" in (await client.http.get(record)).text  # no form is offered

    answer = await client.submit(f"{record}/shares", share_form(), form_on=record)

    assert answer.status_code == 409
    assert "Die Person hat nicht eingewilligt" in answer.text
    assert "share_with_employers" not in answer.text
    assert await rows(competence, BERGSTRASSE, "SELECT share_id FROM shares") == []


async def test_a_share_expiring_in_the_past_names_the_expiry(
    signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence)
    client = await signed_in("case_manager", competence=competence)
    record = f"/people/{person_id}/record"
    past = (date.today() - timedelta(days=2)).isoformat()

    answer = await client.submit(f"{record}/shares", share_form(expires_on=past), form_on=record)

    assert answer.status_code == 422
    assert 'id="expires_on-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert 'value="Bäckerei Sonnenschein GmbH"' in answer.text  # the input is kept
    no_day = await client.submit(f"{record}/shares", share_form(expires_on="soon"), form_on=record)
    assert no_day.status_code == 422 and 'id="expires_on-error"' in no_day.text


async def test_a_revoked_link_says_so_in_plain_words(
    web: WebFactory, signed_in: SignedIn, competence: Runtime
) -> None:
    case_manager, person_id, token = await shared_person(signed_in, competence)
    record = f"/people/{person_id}/record"
    [share_id] = re.findall(r"/shares/([0-9a-f-]{36})/revoke", (await case_manager.http.get(record)).text)

    revoked = await case_manager.submit(f"{record}/shares/{share_id}/revoke", {}, form_on=record)
    assert revoked.status_code == 303
    assert "widerrufen am" in (await case_manager.http.get(record)).text

    employer = await web(competence=competence)
    for path in (f"/share/{token}", f"/share/{token}.pdf"):
        page = await employer.http.get(path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html")
        assert "Diesen Link gibt es nicht, oder er wurde zurückgenommen" in page.text
        assert "Amina" not in page.text and "main-nav" not in page.text


async def test_an_expired_link_says_it_has_expired(
    web: WebFactory, signed_in: SignedIn, competence: Runtime
) -> None:
    _, _, token = await shared_person(signed_in, competence)
    async with competence.db.transaction(BERGSTRASSE) as tx:
        await tx.execute("UPDATE shares SET expires_at = now() - interval '1 second'")

    page = await (await web(competence=competence)).http.get(f"/share/{token}")

    assert page.status_code == 410
    assert "Dieser Link ist abgelaufen" in page.text and "neuen Link" in page.text


async def test_an_unknown_link_says_it_does_not_exist(web: WebFactory, competence: Runtime) -> None:
    employer = await web(competence=competence)
    for token in (f"{BERGSTRASSE}.{'A' * 43}", "not-a-link", "06431.<script>"):
        page = await employer.http.get(f"/share/{token}")
        assert page.status_code == 404, token
        assert "Diesen Link gibt es nicht" in page.text and "<script>" not in page.text
    guessed = f"/share/{BERGSTRASSE}.{'B' * 43}"
    answers = [await employer.http.get(guessed) for _ in range(31)]  # competence allows 30 a minute
    assert answers[-1].status_code == 429 and "Gerade zu viele Aufrufe" in answers[-1].text
    assert int(answers[-1].headers["retry-after"]) > 0


async def test_the_employer_is_told_plainly_when_competence_is_down(web: WebFactory) -> None:
    employer = await web(Settings(env="test"))
    page = await employer.http.get(f"/share/{BERGSTRASSE}.{'A' * 43}")
    assert page.status_code == 503 and "Vorübergehend nicht erreichbar" in page.text
    check = await employer.http.get("/verify?code=06431-7K3M-Q9PZ-2D4F")
    assert check.status_code == 503 and "kann gerade nicht geprüft werden" in check.text


async def test_a_printed_code_is_verified_and_an_unknown_one_is_not(
    web: WebFactory, signed_in: SignedIn, competence: Runtime
) -> None:
    person_id = await person_with_record(competence)
    await add_entries(competence, person_id, "work")
    client = await signed_in("case_manager", competence=competence)
    assert (await client.http.get(f"/people/{person_id}/record.pdf")).status_code == 200
    [(code,)] = await rows(competence, BERGSTRASSE, "SELECT code FROM documents")
    anyone = await web(competence=competence)

    form = await anyone.http.get("/verify")
    assert form.status_code == 200 and 'for="code"' in form.text and "main-nav" not in form.text
    valid = await anyone.http.get("/verify", params={"code": f" {code.lower()} "})
    assert valid.status_code == 200
    assert "Dieser Kompetenznachweis ist echt" in valid.text and "Kreis Bergstraße" in valid.text
    assert "A. R." in valid.text and "Dies ist die neueste Fassung." in valid.text
    assert "Amina" not in valid.text and "Rahimi" not in valid.text
    assert (await anyone.http.get(f"/verify/{code}")).status_code == 200

    await add_entries(competence, person_id, "course")
    assert "Es gibt eine neuere Fassung" in (await anyone.http.get(f"/verify?code={code}")).text
    for unknown in ("06431-0000-0000-0000", "nonsense", "<b>x</b>"):
        answer = await anyone.http.get("/verify", params={"code": unknown})
        assert answer.status_code == 404, unknown
        assert "Diesen Prüfcode gibt es nicht" in answer.text and "<b>x" not in answer.text
