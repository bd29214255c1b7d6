"""Every invalid value of a volunteer's profile or document answers 422 naming the field (and
never quoting the value); nothing is stored or announced."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import GELNHAUSEN
from wir_kit.testing.service import outbox

from .conftest import CreateVolunteer, Headers, profile, service_today

INVALID: list[tuple[str, dict[str, Any], tuple[str | int, ...]]] = [
    ("language code", {"languages": [{"language": "xx", "native": True}]}, ("languages", 0, "language")),
    ("language without level", {"languages": [{"language": "fas"}]}, ("languages", 0)),
    ("level not CEFR", {"languages": [{"language": "fas", "level": "D1"}]}, ("languages", 0, "level")),
    ("no language", {"languages": []}, ("languages",)),
    ("language twice", {"languages": [{"language": "fas", "level": "B2"}] * 2}, ()),
    ("municipality elsewhere", {"municipality": GELNHAUSEN}, ("municipality",)),
    ("municipality malformed", {"municipality": "6431011"}, ("municipality",)),
    ("travel negative", {"travel_km": -1}, ("travel_km",)),
    ("travel too far", {"travel_km": 101}, ("travel_km",)),
    ("topic unknown", {"topics": ["astrology"]}, ("topics", 0)),
    ("no topic", {"topics": []}, ("topics",)),
    ("capacity above ten", {"capacity": 11}, ("capacity",)),
    ("capacity negative", {"capacity": -1}, ("capacity",)),
    (
        "weekday seven",
        {"weekly": [{"weekday": 7, "start": "17:00", "end": "19:00"}]},
        ("weekly", 0, "weekday"),
    ),
    ("end before start", {"weekly": [{"weekday": 1, "start": "19:00", "end": "17:00"}]}, ("weekly", 0)),
    ("empty window", {"weekly": [{"weekday": 1, "start": "17:00", "end": "17:00"}]}, ("weekly", 0)),
    (
        "time with offset",
        {"weekly": [{"weekday": 1, "start": "17:00+01:00", "end": "19:00"}]},
        ("weekly", 0, "start"),
    ),
    (
        "time with seconds",
        {"weekly": [{"weekday": 1, "start": "17:00:30", "end": "17:00:45"}]},
        ("weekly", 0, "start"),
    ),
    (
        "time malformed",
        {"weekly": [{"weekday": 1, "start": "25:00", "end": "26:00"}]},
        ("weekly", 0, "start"),
    ),
    (
        "absence reversed",
        {"absences": [{"first_day": "2027-01-02", "last_day": "2026-12-24"}]},
        ("absences", 0),
    ),
    ("gender unknown", {"gender": "unknown"}, ("gender",)),
    ("training in the future", {"lotse_trained_on": "2999-01-01"}, ("lotse_trained_on",)),
    (
        "email channel without address",
        {"contact": {"display_name": "J", "channels": ["email"]}},
        ("contact",),
    ),
    (
        "contact without name",
        {"contact": {"display_name": "", "channels": ["inbox"]}},
        ("contact", "display_name"),
    ),
    ("preferred language", {"preferred_language": "german"}, ("preferred_language",)),
    (
        "share_contact malformed",
        {"share_contact": {"display_name": "J", "channels": ["fax"]}},
        ("share_contact",),
    ),
    ("unknown field", {"hobby": "chess"}, ("hobby",)),
]


@pytest.mark.parametrize(
    ("change", "loc"), [(c, loc) for _, c, loc in INVALID], ids=[n for n, _, _ in INVALID]
)
async def test_an_invalid_profile_answers_422_naming_the_field(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers, change: dict[str, Any], loc: tuple[Any, ...]
) -> None:
    answer = await http.post("/volunteers", json=profile(**change), headers=headers())
    assert answer.status_code == 422, answer.text
    locations = [tuple(error["loc"]) for error in answer.json()["detail"]]
    assert any(location[: len(loc) + 1] == ("body", *loc) for location in locations), locations
    for value in change.values():
        if isinstance(value, str) and len(value) > 3:
            assert value not in answer.text
    assert await outbox(matching, "volunteer_registered") == []


async def test_an_invalid_update_changes_nothing(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer()
    answer = await http.put(f"/volunteers/{volunteer_id}", json=profile(capacity=11), headers=headers())
    assert answer.status_code == 422
    assert (await http.get(f"/volunteers/{volunteer_id}", headers=headers())).json()["version"] == 1
    assert await outbox(matching, "volunteer_updated") == []


async def test_a_document_must_be_valid_today_and_of_a_known_kind(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers, create_volunteer: CreateVolunteer
) -> None:
    volunteer_id = await create_volunteer(documents=False)
    url = f"/volunteers/{volunteer_id}/documents"
    yesterday = (await service_today(matching)).toordinal() - 1
    from datetime import date

    expired = {"expires_on": date.fromordinal(yesterday).isoformat()}
    answer = await http.put(f"{url}/criminal_record_certificate", json=expired, headers=headers())
    assert answer.status_code == 422
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "expires_on"]]

    unknown = await http.put(f"{url}/library_card", json={"expires_on": "2099-12-31"}, headers=headers())
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["path", "kind"]

    malformed = await http.put(
        f"{url}/criminal_record_certificate", json={"expires_on": "soon"}, headers=headers()
    )
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"] == ["body", "expires_on"]
    assert (await http.get(f"/volunteers/{volunteer_id}", headers=headers())).json()["documents"] == []
