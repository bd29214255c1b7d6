"""Finding people by name in any spelling, and paging through filtered lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from wir_kit.testing.districts import BENSHEIM, HEPPENHEIM

if TYPE_CHECKING:
    from conftest import Intake


async def _search(intake: Intake, name: str, **params: Any) -> list[dict[str, Any]]:
    response = await intake.http.get(
        "/persons/search", params={"name": name, **params}, headers=intake.staff()
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.fixture
async def people(intake: Intake) -> dict[str, str]:
    registered = {
        "muhammad": await intake.register(
            given_names="محمد", family_name="الحسن", transliteration="Muhammad Al-Hassan"
        ),
        "oleksandr": await intake.register(
            given_names="Олександр",
            family_name="Шевченко",
            transliteration=None,
            date_of_birth={"year": 1979},
        ),
        "amina": await intake.register(given_names="Amina", family_name="Rahimi", transliteration=None),
        "maria": await intake.register(given_names="Maria", family_name="Schneider", transliteration=None),
    }
    return {name: person["id"] for name, person in registered.items()}


async def test_mohammed_finds_muhammad(intake: Intake, people: dict[str, str]) -> None:
    found = await _search(intake, "Mohammed")
    assert [p["id"] for p in found] == [people["muhammad"]]
    assert found[0]["score"] > 0


async def test_a_typo_still_finds_the_person(intake: Intake, people: dict[str, str]) -> None:
    found = await _search(intake, "Amina Rahmi")
    assert found[0]["id"] == people["amina"]


async def test_a_cyrillic_name_is_found_by_its_latin_spelling(intake: Intake, people: dict[str, str]) -> None:
    found = await _search(intake, "Oleksandr Shevchenko")
    assert [p["id"] for p in found] == [people["oleksandr"]]
    assert [p["id"] for p in await _search(intake, "Олександр")] == [people["oleksandr"]]


async def test_a_birth_year_narrows_the_search(intake: Intake, people: dict[str, str]) -> None:
    assert await _search(intake, "Oleksandr", birth_year=1980) == []
    assert [p["id"] for p in await _search(intake, "Oleksandr", birth_year=1979)] == [people["oleksandr"]]


async def test_an_unrelated_name_finds_nobody(intake: Intake, people: dict[str, str]) -> None:
    assert await _search(intake, "Xavier Quentin") == []


async def test_a_search_without_a_word_is_refused_naming_the_parameter(intake: Intake) -> None:
    response = await intake.http.get("/persons/search", params={"name": "-"}, headers=intake.staff())
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "name"]


async def test_paging_walks_every_person_once_newest_first(intake: Intake) -> None:
    ids = [(await intake.register(given_names=f"Person {letter}"))["id"] for letter in "ABCDE"]
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await intake.http.get("/persons", params=params, headers=intake.staff())).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))


async def test_lists_filter_by_language_municipality_and_status(intake: Intake) -> None:
    dari = await intake.register(municipality=HEPPENHEIM)
    arabic = await intake.register(
        given_names="Yusuf",
        languages=[{"language": "ara", "level": "native"}],
        preferred_language="ara",
        municipality=BENSHEIM,
        residence_status="duldung",
    )

    async def listed(**params: str) -> list[str]:
        response = await intake.http.get("/persons", params=params, headers=intake.staff())
        assert response.status_code == 200, response.text
        return [p["id"] for p in response.json()["items"]]

    assert await listed(language="ara") == [arabic["id"]]
    assert await listed(municipality=HEPPENHEIM) == [dari["id"]]
    assert await listed(residence_status="duldung") == [arabic["id"]]
    assert await listed(case_manager="cm-1") == [arabic["id"], dari["id"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"language": "xyz"}, "language"),
        ({"municipality": "Bensheim"}, "municipality"),
        ({"limit": "1000"}, "limit"),
    ],
)
async def test_a_bad_list_parameter_is_refused_naming_it(
    intake: Intake, params: dict[str, str], field: str
) -> None:
    response = await intake.http.get("/persons", params=params, headers=intake.staff())
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", field]]
