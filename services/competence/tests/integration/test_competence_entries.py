"""Case managers write entries of each kind; bad input is refused whole, with the field named."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, rows

KINDS = ["schooling", "training", "work", "language", "course"]


async def entries_written(competence: Runtime) -> int:
    [row] = await rows(competence, BERGSTRASSE, "SELECT count(*) FROM entry_versions")
    return int(row[0])


@pytest.mark.parametrize("kind", KINDS)
async def test_each_kind_of_entry_is_kept_with_who_entered_it(
    kind: str, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    added = await http.post(
        f"/records/{person_id}/entries", json=samples[kind], headers=headers(sub="cm-anna")
    )
    assert added.status_code == 201, added.text
    assert added.json()["record_version"] == 1

    record = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert record["version"] == 1
    [entry] = record["entries"]
    assert entry["entry_id"] == added.json()["entry_id"]
    assert entry["entered_by"] == "cm-anna"
    assert _present(samples[kind]).items() <= _present(entry["entry"]).items()


def _present(value: dict[str, Any]) -> dict[str, Any]:
    """The fields that were given: what was sent must come back, defaults may be added."""
    return {k: _present(v) if isinstance(v, dict) else v for k, v in value.items() if v is not None}


def _with(entry: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return entry | changes


BAD = [
    ("language", {"listening": "C3"}, ["body", "language", "listening"]),
    ("language", {"writing": "a1"}, ["body", "language", "writing"]),
    ("language", {"language": "xqz"}, ["body", "language", "language"]),
    ("work", {"occupation": "9999"}, ["body", "work", "occupation"]),
    ("work", {"country": "XX"}, ["body", "work", "country"]),
    ("work", {"ended_on": "2016-08-31"}, ["body", "work", "ended_on"]),
    ("course", {"started_on": "2026-10-01"}, ["body", "course", "ended_on"]),
    ("course", {"ended_on": None}, ["body", "course", "status"]),
    ("course", {"outcome": None}, ["body", "course", "outcome"]),
    ("course", {"evidence": {"kind": "certificate", "issuer": "BAMF"}}, ["body", "course", "evidence"]),
    ("course", {"evidence": {"kind": "rumour"}}, ["body", "course", "evidence", "kind"]),
    ("schooling", {"isced_level": 9}, ["body", "schooling", "isced_level"]),
    (
        "schooling",
        {"evidence": {"kind": "certificate", "issuer": "Ministry"}},
        ["body", "schooling", "evidence"],
    ),
    ("language", {"exam": None}, ["body", "language"]),
    ("training", {"recognition": "pending"}, ["body", "training", "recognition"]),
]


@pytest.mark.parametrize(("kind", "change", "loc"), BAD)
async def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    kind: str,
    change: dict[str, Any],
    loc: list[str],
    competence: Runtime,
    register: Any,
    http: httpx.AsyncClient,
    headers: Any,
    samples: dict[str, Any],
) -> None:
    person_id = await register()
    answer = await http.post(
        f"/records/{person_id}/entries", json=_with(samples[kind], **change), headers=headers()
    )
    assert answer.status_code == 422
    assert loc in [error["loc"] for error in answer.json()["detail"]]
    assert "input" not in answer.text  # the submitted values are not echoed
    assert await entries_written(competence) == 0
    record = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert record["version"] == 0


async def test_an_unknown_kind_is_refused(register: Any, http: httpx.AsyncClient, headers: Any) -> None:
    person_id = await register()
    answer = await http.post(f"/records/{person_id}/entries", json={"kind": "hobby"}, headers=headers())
    assert answer.status_code == 422


async def test_changing_an_entry_keeps_its_id_and_counts_a_new_version(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    added = (await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())).json()
    changed = await http.put(
        f"/records/{person_id}/entries/{added['entry_id']}",
        json=samples["work"] | {"years": 6},
        headers=headers(sub="cm-ben"),
    )
    assert changed.status_code == 200
    assert changed.json()["record_version"] == 2
    [entry] = (await http.get(f"/records/{person_id}", headers=headers())).json()["entries"]
    assert entry["entry_id"] == added["entry_id"]
    assert entry["entry"]["years"] == 6
    assert entry["changed_by"] == "cm-ben"
    assert entry["entered_by"] == "cm-1"


async def test_an_entry_keeps_its_kind(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    added = (await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())).json()
    answer = await http.put(
        f"/records/{person_id}/entries/{added['entry_id']}", json=samples["course"], headers=headers()
    )
    assert answer.status_code == 409
    record = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert record["version"] == 1


async def test_a_removed_entry_leaves_the_record_and_cannot_be_changed(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    added = (
        await http.post(f"/records/{person_id}/entries", json=samples["course"], headers=headers())
    ).json()
    url = f"/records/{person_id}/entries/{added['entry_id']}"
    assert (await http.delete(url, headers=headers())).status_code == 200
    assert (await http.get(f"/records/{person_id}", headers=headers())).json()["entries"] == []
    assert (await http.put(url, json=samples["course"], headers=headers())).status_code == 404
    assert (await http.delete(url, headers=headers())).status_code == 404


async def test_entries_of_an_unknown_record_or_entry_answer_404(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    answer = await http.post(f"/records/{uuid4()}/entries", json=samples["work"], headers=headers())
    assert answer.status_code == 404
    person_id = await register()
    answer = await http.put(
        f"/records/{person_id}/entries/{uuid4()}", json=samples["work"], headers=headers()
    )
    assert answer.status_code == 404


async def test_a_change_publishes_a_summary_without_names_or_free_text(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    for kind in KINDS:
        await http.post(f"/records/{person_id}/entries", json=samples[kind], headers=headers())
    summaries = await outbox(competence, "competence_record_updated")
    assert [s["aggregate_version"] for s in summaries] == [1, 2, 3, 4, 5]
    last = summaries[-1]
    assert last["person_id"] == str(person_id)
    assert last["highest_schooling_level"] == 3
    assert last["course_count"] == 1
    assert last["languages"] == [
        {
            "language": "deu",
            "native": False,
            "listening": "B1",
            "reading": "B1",
            "speaking": "A2",
            "writing": "A2",
        }
    ]
    assert "VHS" not in str(summaries) and "Elektrotechnik" not in str(summaries)


async def test_a_completed_course_and_a_language_certificate_are_announced_once(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    planned = samples["course"] | {"status": "planned", "outcome": None, "language_level": None}
    course = (await http.post(f"/records/{person_id}/entries", json=planned, headers=headers())).json()
    assert await outbox(competence, "course_completed") == []
    await http.put(
        f"/records/{person_id}/entries/{course['entry_id']}", json=samples["course"], headers=headers()
    )
    await http.put(
        f"/records/{person_id}/entries/{course['entry_id']}", json=samples["course"], headers=headers()
    )
    [completed] = await outbox(competence, "course_completed")
    assert completed["course_id"] == course["entry_id"]
    assert completed["kind"] == "integration_course"
    assert completed["completed_on"] == "2026-09-30"
    assert completed["outcome"] == "passed"
    assert completed["aggregate_version"] == 2

    await http.post(f"/records/{person_id}/entries", json=samples["language"], headers=headers())
    [certified] = await outbox(competence, "language_level_certified")
    assert (certified["language"], certified["level"], certified["exam"]) == ("deu", "B1", "dtz")
    assert certified["certified_on"] == "2026-10-02"


async def test_a_self_assessed_language_is_not_announced_as_certified(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    self_assessed = samples["language"] | {
        "evidence": "self_assessment",
        "exam": None,
        "certificate_level": None,
        "assessed_on": None,
    }
    answer = await http.post(f"/records/{person_id}/entries", json=self_assessed, headers=headers())
    assert answer.status_code == 201
    assert await outbox(competence, "language_level_certified") == []
    assert len(await outbox(competence, "competence_record_updated")) == 1


async def test_a_jobcenter_measure_is_announced_as_a_qualification_measure(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    measure = samples["course"] | {
        "course": "jobcenter_measure",
        "outcome": "attended",
        "language_level": None,
    }
    await http.post(f"/records/{person_id}/entries", json=measure, headers=headers())
    [completed] = await outbox(competence, "course_completed")
    assert completed["kind"] == "qualification_measure"
