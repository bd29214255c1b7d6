"""Input found by fuzzing that answered 500: each is a 422 naming the field (or header) now."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Intake

BEYOND_UTC = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]


@pytest.mark.parametrize(("path", "name"), [("/persons", "case_manager"), ("/audit", "actor")])
async def test_nul_in_a_filter_answers_422_naming_it(intake: Intake, path: str, name: str) -> None:
    headers = intake.staff()
    if path == "/audit":
        headers = {**headers, **_coordinator(intake)}
    response = await intake.http.get(path, params={name: "cm\x00"}, headers=headers)

    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", name]


@pytest.mark.parametrize("tag", ['"²"'.encode("latin-1"), '"١٢"'.encode(), b'"99999999999999999999"'])
async def test_an_if_match_of_other_digits_answers_422(intake: Intake, tag: bytes) -> None:
    person = await intake.register()
    headers: dict[str, str | bytes] = {**intake.staff(), "If-Match": tag}

    response = await intake.http.patch(
        f"/persons/{person['id']}", json={"case_manager": "cm-2"}, headers=headers
    )

    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["header", "If-Match"]


@pytest.mark.parametrize("field", ["at", "expires_at"])
@pytest.mark.parametrize("moment", BEYOND_UTC)
async def test_a_consent_time_beyond_utc_answers_422_naming_it(
    intake: Intake, field: str, moment: str
) -> None:
    person = await intake.register()
    body = {"purpose": "share_with_volunteers", "given": True, "legal_basis": "consent", field: moment}

    response = await intake.http.post(
        f"/persons/{person['id']}/consents", json=body, headers=intake.staff(**intake.key())
    )

    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", field]


def _coordinator(intake: Intake) -> dict[str, str]:
    from wir_kit.testing.service import bearer

    return bearer(intake.runtime, "coordinator")


async def test_a_body_that_is_not_utf8_answers_422_naming_the_body(intake: Intake) -> None:
    person = await intake.register()

    response = await intake.http.patch(
        f"/persons/{person['id']}",
        content=b'{"case_manager": "\xff"}',
        headers={**intake.staff(), "Content-Type": "application/json"},
    )

    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body"]
