"""Who may see a record: staff of its district only; everyone else is refused or told it is missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import rows


def routes(person_id: Any, samples: dict[str, Any]) -> list[tuple[str, str, Any]]:
    share = {
        "sections": ["work"],
        "recipient_organisation": "Bäckerei",
        "recipient_email": "jobs@baeckerei.example",
        "expires_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
    }
    return [
        ("GET", f"/records/{person_id}", None),
        ("GET", f"/records/{person_id}/history", None),
        ("POST", f"/records/{person_id}/entries", samples["work"]),
        ("PUT", f"/records/{person_id}/entries/{uuid4()}", samples["work"]),
        ("DELETE", f"/records/{person_id}/entries/{uuid4()}", None),
        ("GET", f"/records/{person_id}/document.pdf", None),
        ("POST", f"/records/{person_id}/shares", share),
        ("GET", f"/records/{person_id}/shares", None),
        ("DELETE", f"/records/{person_id}/shares/{uuid4()}", None),
    ]


@pytest.mark.parametrize("role", ["volunteer", "interpreter", "state_analyst", "operator"])
async def test_roles_other_than_case_manager_and_coordinator_are_forbidden(
    role: str, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    for method, url, body in routes(person_id, samples):
        answer = await http.request(method, url, json=body, headers=headers(role))
        assert answer.status_code == 403, (method, url)
    answer = await http.get("/occupations", params={"q": "Bäcker"}, headers=headers(role))
    assert answer.status_code == 403


async def test_another_districts_record_answers_like_a_missing_one(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())
    for method, url, body in routes(person_id, samples):
        theirs = await http.request(method, url, json=body, headers=headers("coordinator", district=HANAU))
        missing = await http.request(
            method, url.replace(str(person_id), str(uuid4())), json=body, headers=headers()
        )
        assert theirs.status_code == missing.status_code == 404, (method, url)
        assert theirs.json() == missing.json()
    still = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert still["version"] == 1


async def test_without_a_token_nothing_is_answered(register: Any, http: httpx.AsyncClient) -> None:
    person_id = await register()
    assert (await http.get(f"/records/{person_id}")).status_code == 401


async def test_a_coordinator_may_read_and_write(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    coordinator = headers("coordinator", sub="co-2")
    assert (
        await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=coordinator)
    ).status_code == 201
    assert (await http.get(f"/records/{person_id}", headers=coordinator)).status_code == 200


async def test_staff_find_occupations_by_title_or_code(http: httpx.AsyncClient, headers: Any) -> None:
    found = (await http.get("/occupations", params={"q": "Bäcker"}, headers=headers())).json()
    assert {
        "code": "7512",
        "title_de": "Bäcker, Konditoren und Süßwarenhersteller",
        "title_en": "Bakers, pastry-cooks and confectionery makers",
    } in found
    assert [
        o["code"] for o in (await http.get("/occupations", params={"q": "2512"}, headers=headers())).json()
    ] == ["2512"]


async def test_reads_and_prints_are_logged_with_who(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = await register()
    await http.get(f"/records/{person_id}", headers=headers(sub="cm-reader"))
    await http.get(f"/records/{person_id}/document.pdf", headers=headers(sub="cm-printer"))
    assert (
        await http.get(f"/records/{person_id}/history", headers=headers(sub="cm-historian"))
    ).status_code == 200
    assert (
        await http.get(f"/records/{person_id}/shares", headers=headers(sub="cm-sharer"))
    ).status_code == 200
    logged = await rows(
        competence,
        BERGSTRASSE,
        "SELECT actor, action FROM access_log WHERE person_id = $1 ORDER BY id",
        person_id,
    )
    assert [(r["actor"], r["action"]) for r in logged] == [
        ("cm-reader", "record_read"),
        ("cm-printer", "document_issued"),
        ("cm-historian", "history_read"),
        ("cm-sharer", "shares_listed"),
    ]
