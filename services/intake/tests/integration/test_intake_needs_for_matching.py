"""What matching learns of a person's needs: urgency on the contracts' scale, the mentor's gender the
person asked for (mentoring only), and the day the need has waited since."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from wir_contracts.intake.v1 import NeedsRecorded
from wir_kit.testing import bus

if TYPE_CHECKING:
    from conftest import Intake

BERLIN = ZoneInfo("Europe/Berlin")


def _day_recorded(need: dict[str, Any]) -> date:
    return datetime.fromisoformat(need["created_at"]).astimezone(BERLIN).date()


async def test_needs_recorded_carries_urgency_gender_and_the_day_since_it_waits(intake: Intake) -> None:
    person = await intake.register()
    needs = f"/persons/{person['id']}/needs"
    async with bus.tap(intake.settings, [NeedsRecorded.binding_key()]) as tap:
        mentoring = await intake.http.post(
            needs,
            json={
                "kind": "mentoring",
                "topics": ["authorities"],
                "urgency": "high",
                "mentor_gender": "female",
            },
            headers=intake.staff(**intake.key()),
        )
        housing = await intake.http.post(
            needs, json={"kind": "housing"}, headers=intake.staff(**intake.key())
        )
        assert (mentoring.status_code, housing.status_code) == (201, 201), mentoring.text
        [_, recorded] = [NeedsRecorded.model_validate((await tap.next())[1]) for _ in range(2)]

    assert recorded.event_version == "1.1"
    first, second = recorded.needs
    assert (first.urgency, first.mentor_gender) == ("soon", "female")
    assert (second.urgency, second.mentor_gender) == ("routine", None)  # "normal" by default
    assert first.open_since == _day_recorded(mentoring.json())
    assert mentoring.json()["open_since"] == first.open_since.isoformat()
    assert mentoring.json()["mentor_gender"] == "female"
    listed = (await intake.http.get(needs, headers=intake.staff())).json()["items"]
    assert [n["open_since"] for n in listed] == [mentoring.json()["open_since"], housing.json()["open_since"]]


async def test_a_changed_need_keeps_the_day_it_waits_since(intake: Intake) -> None:
    person = await intake.register()
    needs = f"/persons/{person['id']}/needs"
    async with bus.tap(intake.settings, [NeedsRecorded.binding_key()]) as tap:
        created = await intake.http.post(
            needs, json={"kind": "mentoring", "urgency": "low"}, headers=intake.staff(**intake.key())
        )
        assert created.status_code == 201, created.text
        path = f"{needs}/{created.json()['id']}"
        changed = await intake.http.patch(
            path,
            json={"urgency": "urgent", "mentor_gender": "male", "status": "in_progress"},
            headers=intake.staff(),
        )
        assert changed.status_code == 200, changed.text
        cleared = await intake.http.patch(path, json={"mentor_gender": None}, headers=intake.staff())
        assert cleared.status_code == 200, cleared.text
        recorded = [NeedsRecorded.model_validate((await tap.next())[1]).needs[0] for _ in range(3)]

    assert [(n.urgency, n.mentor_gender) for n in recorded] == [
        ("routine", None),
        ("urgent", "male"),
        ("urgent", None),
    ]
    assert {n.open_since for n in recorded} == {_day_recorded(created.json())}
    assert cleared.json()["open_since"] == created.json()["open_since"]


@pytest.mark.parametrize(
    "need",
    [
        {"kind": "housing", "mentor_gender": "female"},
        {"kind": "interpreting", "language": "prs", "mentor_gender": "male"},
        {"kind": "mentoring", "mentor_gender": "woman"},
        {"kind": "mentoring", "mentor_gender": ["female"]},
    ],
)
async def test_a_mentors_gender_that_does_not_fit_is_named(intake: Intake, need: dict[str, Any]) -> None:
    person = await intake.register()
    response = await intake.http.post(
        f"/persons/{person['id']}/needs", json=need, headers=intake.staff(**intake.key())
    )
    assert response.status_code == 422, response.text
    assert ["body", "mentor_gender"] in [error["loc"] for error in response.json()["detail"]]
    listed = await intake.http.get(f"/persons/{person['id']}/needs", headers=intake.staff())
    assert listed.json()["items"] == []


async def test_a_gender_added_to_a_need_other_than_mentoring_is_refused(intake: Intake) -> None:
    person = await intake.register()
    needs = f"/persons/{person['id']}/needs"
    housing = await intake.http.post(needs, json={"kind": "housing"}, headers=intake.staff(**intake.key()))
    path = f"{needs}/{housing.json()['id']}"
    response = await intake.http.patch(path, json={"mentor_gender": "female"}, headers=intake.staff())
    assert response.status_code == 422, response.text
    assert ["body", "mentor_gender"] in [error["loc"] for error in response.json()["detail"]]
    [stored] = (await intake.http.get(needs, headers=intake.staff())).json()["items"]
    assert stored["mentor_gender"] is None and stored["updated_at"] == housing.json()["updated_at"]
