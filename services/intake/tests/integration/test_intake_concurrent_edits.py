"""Two case managers editing one record: with If-Match, the second change is refused, not lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wir_kit.testing.districts import MAIN_KINZIG

if TYPE_CHECKING:
    from conftest import Intake


async def test_a_change_based_on_an_old_read_is_refused_and_writes_nothing(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}"
    read = await intake.http.get(path, headers=intake.staff())
    assert read.headers["ETag"] == '"1"'

    first = await intake.http.patch(
        path, json={"case_manager": "cm-2"}, headers=intake.staff(**{"If-Match": read.headers["ETag"]})
    )
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] == '"2"'

    second = await intake.http.patch(
        path, json={"case_manager": "cm-3"}, headers=intake.staff(**{"If-Match": read.headers["ETag"]})
    )
    assert second.status_code == 412
    assert second.headers["ETag"] == '"2"'
    assert "version 2" in second.json()["detail"]
    now = (await intake.http.get(path, headers=intake.staff())).json()
    assert (now["case_manager"], now["version"]) == ("cm-2", 2)


async def test_a_weak_etag_is_accepted_and_without_if_match_the_last_change_wins(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}"

    weak = await intake.http.patch(
        path, json={"case_manager": "cm-2"}, headers=intake.staff(**{"If-Match": 'W/"1"'})
    )
    assert weak.status_code == 200, weak.text
    unconditional = await intake.http.patch(path, json={"case_manager": "cm-3"}, headers=intake.staff())
    assert unconditional.status_code == 200
    assert unconditional.json()["version"] == 3


async def test_an_if_match_that_is_no_etag_of_this_api_is_named(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}"

    response = await intake.http.patch(
        path, json={"case_manager": "cm-2"}, headers=intake.staff(**{"If-Match": "*"})
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["header", "If-Match"]
    assert (await intake.http.get(path, headers=intake.staff())).json()["version"] == 1


async def test_a_stale_if_match_for_another_districts_record_is_still_not_found(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}"

    response = await intake.http.patch(
        path, json={"case_manager": "cm-2"}, headers=intake.staff(district=MAIN_KINZIG, **{"If-Match": '"7"'})
    )

    assert response.status_code == 404
