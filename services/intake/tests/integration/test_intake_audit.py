"""The audit log records who read or changed a record, and which fields, never the values."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING

import pytest

from wir_kit.testing.service import bearer

if TYPE_CHECKING:
    from conftest import Intake


async def test_reads_and_changes_are_recorded_with_fields_not_values(intake: Intake) -> None:
    person = await intake.register(gender="weiblich")
    path = f"/persons/{person['id']}"
    await intake.http.get(path, headers=intake.staff(sub="cm-2"))
    changed = await intake.http.patch(
        path, json={"gender": "female", "given_names": "Amina"}, headers=intake.staff()
    )
    assert changed.status_code == 200
    await intake.http.get(f"{path}/timeline", headers=intake.staff(sub="cm-2"))

    response = await intake.http.get(
        f"/audit?person_id={person['id']}", headers=bearer(intake.runtime, "coordinator")
    )
    assert response.status_code == 200
    entries = response.json()["items"]
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("timeline.read", "cm-2"),
        ("person.update", "cm-1"),
        ("person.read", "cm-2"),
        ("person.create", "cm-1"),
    ]
    assert entries[1]["fields"] == ["gender"]  # given_names did not change
    assert "given_names" in entries[2]["fields"]
    for value in ("weiblich", "female", "Amina", "Rahimi", "+4915123456789"):
        assert value not in response.text


async def test_lists_record_a_read_of_each_person_shown(intake: Intake) -> None:
    first = await intake.register()
    second = await intake.register(given_names="Nadia")
    await intake.http.get("/persons", headers=intake.staff(sub="cm-9"))
    response = await intake.http.get("/audit?actor=cm-9", headers=bearer(intake.runtime, "coordinator"))
    entries = response.json()["items"]
    assert {e["person_id"] for e in entries} == {first["id"], second["id"]}
    assert {e["action"] for e in entries} == {"person.list"}


async def test_the_audit_log_pages_newest_first(intake: Intake) -> None:
    person = await intake.register()
    for _ in range(3):
        await intake.http.get(f"/persons/{person['id']}", headers=intake.staff())
    coordinator = bearer(intake.runtime, "coordinator")
    first = (await intake.http.get("/audit?limit=3", headers=coordinator)).json()
    rest = (
        await intake.http.get(f"/audit?limit=3&cursor={first['next_cursor']}", headers=coordinator)
    ).json()
    assert [e["action"] for e in first["items"] + rest["items"]] == ["person.read"] * 3 + ["person.create"]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize("sequence", ["²", "9" * 30, "-"])
async def test_a_forged_cursor_is_refused_naming_it(intake: Intake, sequence: str) -> None:
    raw = json.dumps(["2026-11-20T12:00:00+00:00", sequence]).encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    response = await intake.http.get(
        "/audit", params={"cursor": cursor}, headers=bearer(intake.runtime, "coordinator")
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", "cursor"]]
