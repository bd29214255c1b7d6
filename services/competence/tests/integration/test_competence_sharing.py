"""Sharing with an employer: only with the person's consent, only the chosen sections, revocable,
expiring, stopped at once by a withdrawn consent, every opening logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest

from wir_competence.jobs.share_recipients import forget_expired_recipients
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, MAIN_KINZIG
from wir_kit.testing.service import outbox


def share_body(**changes: Any) -> dict[str, Any]:
    return {
        "sections": ["work", "language"],
        "recipient_organisation": "Bäckerei Sonnenschein GmbH",
        "recipient_email": "personal@baeckerei-sonnenschein.example",
        "expires_at": (datetime.now(UTC) + timedelta(days=14)).isoformat(),
    } | changes


async def filled(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], **kw: Any
) -> UUID:
    person_id: UUID = await register(**kw)
    for kind in ("schooling", "work", "language", "course"):
        await http.post(f"/records/{person_id}/entries", json=samples[kind], headers=headers())
    return person_id


async def shares_stored(competence: Runtime) -> int:
    async with competence.db.transaction(BERGSTRASSE) as tx:
        return int(await tx.fetchval("SELECT count(*) FROM shares"))


def token_of(created: dict[str, Any]) -> str:
    return str(created["url"]).rsplit("/", 1)[-1]


async def test_a_share_is_refused_without_consent_to_share_with_employers(
    competence: Runtime,
    register: Any,
    http: httpx.AsyncClient,
    headers: Any,
    samples: dict[str, Any],
) -> None:
    person_id = await filled(register, http, headers, samples, consents=["processing"])
    answer = await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())
    assert answer.status_code == 409
    assert answer.json()["detail"] == "the person has not consented to share_with_employers"
    assert await shares_stored(competence) == 0
    assert await outbox(competence, "competence_record_shared") == []


async def test_the_employer_sees_only_the_chosen_sections_without_an_account(
    competence: Runtime,
    register: Any,
    http: httpx.AsyncClient,
    headers: Any,
    samples: dict[str, Any],
) -> None:
    person_id = await filled(register, http, headers, samples)
    answer = await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())
    assert answer.status_code == 201
    created = answer.json()
    token = token_of(created)

    shown = await http.get(f"/shares/{token}")
    assert shown.status_code == 200
    body = shown.json()
    assert body["district"] == "Kreis Bergstraße"
    assert set(body["sections"]) == {"work", "language"}
    [work] = body["sections"]["work"]
    assert work["occupation"] == "7512"
    assert work["occupation_title"]["de"] == "Bäcker, Konditoren und Süßwarenhersteller"
    assert "schooling" not in shown.text and "VHS" not in shown.text
    assert str(person_id) not in shown.text

    [announced] = await outbox(competence, "competence_record_shared")
    assert announced["share_id"] == created["share_id"]
    assert announced["recipient_organisation"] == "Bäckerei Sonnenschein GmbH"
    # The employer's message carries the very link the case manager was given, which opened above.
    assert announced["share_url"] == created["url"]
    async with competence.db.transaction(BERGSTRASSE) as tx:
        row = await tx.fetchrow("SELECT * FROM shares")
    assert row is not None
    assert token not in str(dict(row))  # only the token's hash is kept
    accesses = (
        await http.get(f"/records/{person_id}/shares/{created['share_id']}/accesses", headers=headers())
    ).json()
    assert [a["action"] for a in accesses] == ["share_opened"]


async def test_the_shared_pdf_prints_only_the_chosen_sections(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any], read_pdf: Any
) -> None:
    person_id = await filled(register, http, headers, samples)
    created = (
        await http.post(
            f"/records/{person_id}/shares", json=share_body(sections=["course"]), headers=headers()
        )
    ).json()
    answer = await http.get(f"/shares/{token_of(created)}/document.pdf")
    assert answer.status_code == 200
    pdf = read_pdf(answer.content)
    assert "Kurse und Maßnahmen" in pdf.text and "Integrationskurs" in pdf.text
    assert "Bäcker" not in pdf.text and "Abschlusszeugnis" not in pdf.text
    assert str(person_id) not in pdf.text
    listed = (await http.get(f"/records/{person_id}/shares", headers=headers())).json()
    assert listed[0]["opened"] == 1


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"expires_at": "2020-01-01T00:00:00Z"}, ["body", "expires_at"]),
        ({"expires_at": (datetime.now(UTC) + timedelta(days=400)).isoformat()}, ["body", "expires_at"]),
        ({"expires_at": "2030-01-01T00:00:00"}, ["body", "expires_at"]),
        ({"sections": []}, ["body", "sections"]),
        ({"sections": ["work", "work"]}, ["body", "sections"]),
        ({"sections": ["hobbies"]}, ["body", "sections", 0]),
        ({"recipient_email": "not-an-address"}, ["body", "recipient_email"]),
    ],
)
async def test_a_share_with_bad_input_is_refused_naming_the_field(
    changes: dict[str, Any],
    loc: list[Any],
    competence: Runtime,
    register: Any,
    http: httpx.AsyncClient,
    headers: Any,
) -> None:
    person_id = await register()
    answer = await http.post(f"/records/{person_id}/shares", json=share_body(**changes), headers=headers())
    assert answer.status_code == 422
    assert loc in [error["loc"] for error in answer.json()["detail"]]
    assert "baeckerei" not in answer.text
    assert await shares_stored(competence) == 0


async def test_a_revoked_share_stops_working_and_the_refusal_is_logged(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await filled(register, http, headers, samples)
    created = (await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())).json()
    assert (await http.get(f"/shares/{token_of(created)}")).status_code == 200

    revoke = await http.delete(f"/records/{person_id}/shares/{created['share_id']}", headers=headers())
    assert revoke.status_code == 204
    assert (await http.get(f"/shares/{token_of(created)}")).status_code == 404
    assert (await http.get(f"/shares/{token_of(created)}/document.pdf")).status_code == 404
    accesses = (
        await http.get(f"/records/{person_id}/shares/{created['share_id']}/accesses", headers=headers())
    ).json()
    assert [a["action"] for a in accesses] == [
        "share_opened",
        "share_refused_revoked",
        "share_refused_revoked",
    ]
    listed = (await http.get(f"/records/{person_id}/shares", headers=headers())).json()
    assert listed[0]["revoked_because"] == "revoked"
    again = await http.delete(f"/records/{person_id}/shares/{created['share_id']}", headers=headers())
    assert again.status_code == 204


async def test_an_expired_share_stops_working(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await filled(register, http, headers, samples)
    created = (await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())).json()
    async with competence.db.transaction(BERGSTRASSE) as tx:  # time passes: the expiry is now behind us
        await tx.execute("UPDATE shares SET expires_at = now() - interval '1 second'")
    answer = await http.get(f"/shares/{token_of(created)}")
    assert answer.status_code == 410  # the holder saw the expiry date: telling reveals nothing new
    assert answer.json() == {"detail": "this link has expired: ask the case manager for a new one"}
    assert (await http.get(f"/shares/{token_of(created)}/document.pdf")).status_code == 410
    accesses = (
        await http.get(f"/records/{person_id}/shares/{created['share_id']}/accesses", headers=headers())
    ).json()
    assert [a["action"] for a in accesses] == ["share_refused_expired", "share_refused_expired"]


async def test_withdrawn_consent_stops_existing_shares_at_once_and_for_good(
    competence: Runtime,
    register: Any,
    change_consents: Any,
    http: httpx.AsyncClient,
    headers: Any,
    samples: dict[str, Any],
) -> None:
    person_id = await filled(register, http, headers, samples)
    created = (await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())).json()
    token = token_of(created)
    assert (await http.get(f"/shares/{token}")).status_code == 200

    await change_consents(person_id, ["processing"], 2)
    assert (await http.get(f"/shares/{token}")).status_code == 404
    assert (
        await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())
    ).status_code == 409
    listed = (await http.get(f"/records/{person_id}/shares", headers=headers())).json()
    assert listed[0]["revoked_because"] == "consent_withdrawn"
    assert await recipients(competence) == {UUID(created["share_id"]): ""}

    await change_consents(person_id, ["processing", "share_with_employers"], 3)
    assert (await http.get(f"/shares/{token}")).status_code == 404  # a new consent needs a new share
    again = await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())
    assert again.status_code == 201


async def test_a_stale_consent_event_does_not_stop_shares(
    register: Any, change_consents: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await filled(register, http, headers, samples)
    await change_consents(person_id, ["processing", "share_with_employers"], 3)
    created = (await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())).json()
    await change_consents(person_id, ["processing"], 2)  # older than what the record holds
    assert (await http.get(f"/shares/{token_of(created)}")).status_code == 200


async def test_invalid_and_tampered_tokens_open_nothing(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await filled(register, http, headers, samples)
    created = (await http.post(f"/records/{person_id}/shares", json=share_body(), headers=headers())).json()
    token = token_of(created)
    district, secret = token.split(".", 1)
    tampered = [
        f"{district}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}",
        f"{MAIN_KINZIG}.{secret}",
        secret,
        f"{BERGSTRASSE}.short",
        "nonsense",
    ]
    for candidate in tampered:
        answer = await http.get(f"/shares/{candidate}")
        assert answer.status_code == 404
        assert answer.json() == {"detail": "not found"}


async def test_revoking_an_unknown_share_answers_404(
    register: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = await register()
    answer = await http.delete(f"/records/{person_id}/shares/{UUID(int=7)}", headers=headers())
    assert answer.status_code == 404


async def recipients(competence: Runtime) -> dict[UUID, str]:
    async with competence.db.transaction(BERGSTRASSE) as tx:
        rows = await tx.fetch("SELECT share_id, recipient_email FROM shares")
    return {row["share_id"]: row["recipient_email"] for row in rows}


async def test_the_employers_address_is_kept_only_while_the_share_works(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await filled(register, http, headers, samples)
    path = f"/records/{person_id}/shares"
    working, revoked, expired = [
        UUID((await http.post(path, json=share_body(), headers=headers())).json()["share_id"])
        for _ in range(3)
    ]
    await http.delete(f"{path}/{revoked}", headers=headers())
    async with competence.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE shares SET expires_at = now() - interval '1 minute' WHERE share_id = $1", expired
        )

    assert await forget_expired_recipients(competence) == 1

    assert await recipients(competence) == {
        working: "personal@baeckerei-sonnenschein.example",
        revoked: "",
        expired: "",
    }
    assert await forget_expired_recipients(competence) == 0  # each once
