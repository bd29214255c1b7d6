"""Bad input gets a 422 naming the field, never echoes the value, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import jwt
import pytest

from wir_kit.testing.districts import GELNHAUSEN, MAIN_KINZIG

if TYPE_CHECKING:
    from conftest import Intake

NEXT_YEAR = date.today().year + 1
TOMORROW = (date.today() + timedelta(days=1)).isoformat()

CASES: list[tuple[dict[str, Any], list[Any]]] = [
    ({"municipality": GELNHAUSEN}, ["body", "municipality"]),  # in Main-Kinzig-Kreis
    ({"municipality": "Heppenheim"}, ["body", "municipality"]),
    ({"languages": [{"language": "xyz", "level": "native"}]}, ["body", "languages", 0, "language"]),
    ({"preferred_language": "deu"}, ["body", "preferred_language"]),
    ({"country_of_origin": "XY"}, ["body", "country_of_origin"]),
    ({"nationalities": ["AF", "AF"]}, ["body", "nationalities"]),
    ({"contact": {"phone": "12345"}}, ["body", "contact", "phone"]),
    ({"contact": {"email": "amina-at-example"}}, ["body", "contact", "email"]),
    ({"contact": {"channels": ["email"]}}, ["body", "contact", "channels"]),
    ({"date_of_birth": {"year": NEXT_YEAR}}, ["body", "date_of_birth"]),
    ({"date_of_birth": {"year": 1990, "month": 2, "day": 30}}, ["body", "date_of_birth"]),
    ({"date_of_birth": {"year": 1990, "day": 3}}, ["body", "date_of_birth"]),
    ({"arrival_date": TOMORROW}, ["body", "arrival_date"]),
    ({"residence_status": "tourist"}, ["body", "residence_status"]),
    ({"given_names": "  "}, ["body", "given_names"]),
    ({"given_names": "Amina\u0000"}, ["body", "given_names"]),
    ({"district": MAIN_KINZIG}, ["body", "district"]),
    (
        {
            "consents": [
                {
                    "purpose": "processing",
                    "given": True,
                    "legal_basis": "consent",
                    "at": f"{TOMORROW}T10:00:00Z",
                }
            ]
        },
        ["body", "consents", 0, "at"],
    ),
]


@pytest.mark.parametrize(("change", "loc"), CASES)
async def test_an_invalid_field_is_named_and_nothing_is_written(
    intake: Intake, person_body: Callable[..., dict[str, Any]], change: dict[str, Any], loc: list[Any]
) -> None:
    body = person_body(**change)
    response = await intake.http.post(
        "/persons?confirmed_new=true", json=body, headers=intake.staff(**intake.key())
    )
    assert response.status_code == 422, response.text
    assert loc in [error["loc"] for error in response.json()["detail"]]
    for value in (GELNHAUSEN, "Heppenheim", "xyz", "12345", "amina-at-example", "tourist"):
        if value in str(change):
            assert value not in response.text
    listed = await intake.http.get("/persons", headers=intake.staff())
    assert listed.json()["items"] == []


async def test_a_body_over_the_size_limit_is_refused(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    body = person_body(gender="x" * 1_100_000)
    response = await intake.http.post("/persons", json=body, headers=intake.staff(**intake.key()))
    assert response.status_code == 413


async def test_a_token_for_an_unknown_district_is_refused(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    settings = intake.settings
    claims = {
        "sub": "cm",
        "district": "99999",
        "roles": ["case_manager"],
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "iat": 1_900_000_000 - 10,
        "exp": 4_000_000_000,
    }
    token = jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
    response = await intake.http.post(
        "/persons", json=person_body(), headers={"Authorization": f"Bearer {token}", **intake.key()}
    )
    assert response.status_code == 401


async def test_a_change_is_validated_with_the_whole_record(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}"
    cases = [
        ({"given_names": None}, ["body", "given_names"]),
        ({"municipality": GELNHAUSEN}, ["body", "municipality"]),
        ({"languages": [{"language": "ara", "level": "native"}]}, ["body", "preferred_language"]),
        ({"version": 7}, ["body", "version"]),
    ]
    for change, loc in cases:
        response = await intake.http.patch(path, json=change, headers=intake.staff())
        assert response.status_code == 422, response.text
        assert loc in [error["loc"] for error in response.json()["detail"]]
    unchanged = await intake.http.get(path, headers=intake.staff())
    assert unchanged.json()["version"] == 1
    assert unchanged.json()["municipality"] == person["municipality"]


@pytest.mark.parametrize(
    ("need", "loc"),
    [
        ({"kind": "housing", "topics": ["work"]}, ["body", "topics"]),
        ({"kind": "interpreting"}, ["body", "language"]),
        ({"kind": "health", "language": "deu"}, ["body", "language"]),
        ({"kind": "childcare"}, ["body", "kind"]),
        ({"kind": "housing", "urgency": "asap"}, ["body", "urgency"]),
    ],
)
async def test_an_invalid_need_is_named(intake: Intake, need: dict[str, Any], loc: list[Any]) -> None:
    person = await intake.register()
    response = await intake.http.post(
        f"/persons/{person['id']}/needs", json=need, headers=intake.staff(**intake.key())
    )
    assert response.status_code == 422
    assert loc in [error["loc"] for error in response.json()["detail"]]


async def test_a_closed_need_cannot_be_reopened(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}/needs"
    need = (
        await intake.http.post(path, json={"kind": "housing"}, headers=intake.staff(**intake.key()))
    ).json()
    withdrawn = await intake.http.patch(
        f"{path}/{need['id']}", json={"status": "withdrawn"}, headers=intake.staff()
    )
    reopened = await intake.http.patch(
        f"{path}/{need['id']}", json={"status": "open"}, headers=intake.staff()
    )
    assert (withdrawn.status_code, reopened.status_code) == (200, 409)


@pytest.mark.parametrize(
    ("decision", "loc"),
    [
        (
            {
                "purpose": "share_with_volunteers",
                "given": True,
                "legal_basis": "consent",
                "expires_at": "2020-01-01T00:00:00Z",
            },
            ["body", "expires_at"],
        ),
        (
            {
                "purpose": "share_with_volunteers",
                "given": True,
                "legal_basis": "consent",
                "expires_at": "2099-01-01T00:00:00",
            },
            ["body", "expires_at"],
        ),
        ({"purpose": "share_with_everyone", "given": True, "legal_basis": "consent"}, ["body", "purpose"]),
        ({"purpose": "processing", "given": True}, ["body", "legal_basis"]),
    ],
)
async def test_an_invalid_consent_is_named(intake: Intake, decision: dict[str, Any], loc: list[Any]) -> None:
    person = await intake.register()
    response = await intake.http.post(
        f"/persons/{person['id']}/consents", json=decision, headers=intake.staff(**intake.key())
    )
    assert response.status_code == 422
    assert loc in [error["loc"] for error in response.json()["detail"]]
