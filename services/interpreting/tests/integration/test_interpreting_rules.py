"""The district's rules: the defaults until a coordinator sets them, then theirs alone."""

from __future__ import annotations

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import HANAU

from .conftest import Headers

RULES = {
    "lead_time_hours": 24,
    "answer_hours": 12,
    "flat_cents": 2500,
    "hourly_cents": 3000,
    "per_km_cents": 30,
    "short_notice_hours": 48,
    "short_notice_cancel_cents": 1500,
}


async def test_a_district_works_by_the_defaults_until_it_sets_its_own(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    shown = (await http.get("/district-rules", headers=headers())).json()
    assert shown == {
        "version": 0,
        "lead_time_hours": 48,
        "answer_hours": 24,
        "flat_cents": 2000,
        "hourly_cents": 0,
        "per_km_cents": 0,
        "short_notice_hours": 24,
        "short_notice_cancel_cents": 0,
    }


async def test_set_rules_are_the_districts_own(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    first = await http.put("/district-rules", json=RULES, headers=headers())
    second = await http.put("/district-rules", json={**RULES, "flat_cents": 0}, headers=headers())

    assert first.status_code == 200, first.text
    assert first.json() == {**RULES, "version": 1}
    assert second.json() == {**RULES, "flat_cents": 0, "version": 2}
    assert (await http.get("/district-rules", headers=headers())).json() == second.json()
    assert (await http.get("/district-rules", headers=headers(district=HANAU))).json()["version"] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lead_time_hours", -1),
        ("lead_time_hours", 721),
        ("answer_hours", 0),
        ("flat_cents", 100_001),
        ("hourly_cents", -5),
        ("per_km_cents", 1_001),
        ("short_notice_hours", 337),
        ("short_notice_cancel_cents", "a lot"),
        ("answer_hours", 1.5),
    ],
)
async def test_a_rule_out_of_bounds_answers_422_naming_it(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, field: str, value: object
) -> None:
    answer = await http.put("/district-rules", json={**RULES, field: value}, headers=headers())
    assert answer.status_code == 422
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", field]]
    assert (await http.get("/district-rules", headers=headers())).json()["version"] == 0


async def test_a_missing_rule_answers_422(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    partial = {key: value for key, value in RULES.items() if key != "answer_hours"}
    answer = await http.put("/district-rules", json=partial, headers=headers())
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "answer_hours"]


async def test_only_coordinators_see_and_set_the_rules(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    for role in ("case_manager", "interpreter"):
        assert (await http.get("/district-rules", headers=headers(role))).status_code == 403
        assert (await http.put("/district-rules", json=RULES, headers=headers(role))).status_code == 403
