"""Every change is kept: the record reads as it was at any past moment, and the history says who."""

from __future__ import annotations

from typing import Any

import httpx


async def test_the_record_reads_as_it_was_at_a_past_moment(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    first = (await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())).json()
    url = f"/records/{person_id}/entries/{first['entry_id']}"
    changed = (await http.put(url, json=samples["work"] | {"years": 7}, headers=headers(sub="cm-ben"))).json()
    await http.post(f"/records/{person_id}/entries", json=samples["course"], headers=headers())
    removed = (await http.delete(url, headers=headers())).json()

    def at(moment: str) -> dict[str, str]:
        return {"at": moment}

    then = (
        await http.get(f"/records/{person_id}", params=at(first["recorded_at"]), headers=headers())
    ).json()
    assert then["version"] == 1
    assert [e["entry"]["years"] for e in then["entries"]] == [4.5]

    later = (
        await http.get(f"/records/{person_id}", params=at(changed["recorded_at"]), headers=headers())
    ).json()
    assert later["version"] == 2
    assert [(e["entry"]["years"], e["changed_by"]) for e in later["entries"]] == [(7, "cm-ben")]

    now = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert now["version"] == removed["record_version"] == 4
    assert [e["entry"]["kind"] for e in now["entries"]] == ["course"]


async def test_before_the_first_entry_the_record_was_empty(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())
    answer = await http.get(f"/records/{person_id}", params={"at": "2020-01-01T00:00:00Z"}, headers=headers())
    assert answer.json()["version"] == 0
    assert answer.json()["entries"] == []


async def test_a_moment_without_a_time_zone_is_refused(
    register: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = await register()
    answer = await http.get(f"/records/{person_id}", params={"at": "2026-01-01T10:00:00"}, headers=headers())
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "at"]


async def test_the_history_lists_every_change_with_who_and_when(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    added = (
        await http.post(f"/records/{person_id}/entries", json=samples["schooling"], headers=headers())
    ).json()
    url = f"/records/{person_id}/entries/{added['entry_id']}"
    await http.put(url, json=samples["schooling"] | {"years": 10}, headers=headers(sub="cm-ben"))
    await http.delete(url, headers=headers("coordinator", sub="co-1"))

    history = (await http.get(f"/records/{person_id}/history", headers=headers())).json()
    assert [(h["record_version"], h["removed"], h["changed_by"]) for h in history] == [
        (3, True, "co-1"),
        (2, False, "cm-ben"),
        (1, False, "cm-1"),
    ]
    assert {h["entry_id"] for h in history} == {added["entry_id"]}
    assert {h["kind"] for h in history} == {"schooling"}
