"""Consents per purpose; an expired consent counts as withdrawn, and consumers are told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from wir_contracts.intake.v1 import ConsentChanged
from wir_kit.testing import bus
from wir_kit.testing.waiting import eventually

if TYPE_CHECKING:
    from conftest import Intake


async def test_an_expired_consent_counts_as_withdrawn_and_is_announced(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}/consents"
    expires = datetime.now(UTC) + timedelta(seconds=2)
    async with bus.tap(intake.settings, [ConsentChanged.binding_key()]) as tap:
        recorded = await intake.http.post(
            path,
            json={
                "purpose": "share_with_volunteers",
                "given": True,
                "legal_basis": "consent",
                "expires_at": expires.isoformat(),
            },
            headers=intake.staff(**intake.key()),
        )
        assert recorded.status_code == 201, recorded.text
        given = ConsentChanged.model_validate((await tap.next())[1])
        lapsed = ConsentChanged.model_validate((await tap.next(timeout=20))[1])

    assert given.consents == ("processing", "share_with_volunteers")
    assert lapsed.consents == ("processing",)
    assert lapsed.aggregate_version > given.aggregate_version

    async def expired() -> bool:
        current = (await intake.http.get(path, headers=intake.staff())).json()["current"]
        return {c["purpose"]: c["state"] for c in current} == {
            "processing": "given",
            "share_with_volunteers": "expired",
        }

    assert await eventually(expired)


async def test_the_latest_decision_per_purpose_counts_and_history_is_kept(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}/consents"
    for given in (True, False, True):
        response = await intake.http.post(
            path,
            json={"purpose": "contact_sms", "given": given, "legal_basis": "consent"},
            headers=intake.staff(**intake.key()),
        )
        assert response.status_code == 201
    shown = (await intake.http.get(path, headers=intake.staff())).json()
    assert [(c["purpose"], c["state"]) for c in shown["current"]] == [
        ("processing", "given"),
        ("contact_sms", "given"),
    ]
    assert [h["given"] for h in shown["history"] if h["purpose"] == "contact_sms"] == [True, False, True]
    assert {h["recorded_by"] for h in shown["history"]} == {"cm-1"}


async def test_a_backdated_withdrawal_is_ordered_by_when_the_person_decided(intake: Intake) -> None:
    person = await intake.register()
    path = f"/persons/{person['id']}/consents"
    earlier = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    withdrawn = await intake.http.post(
        path,
        json={"purpose": "processing", "given": False, "legal_basis": "consent", "at": earlier},
        headers=intake.staff(**intake.key()),
    )
    # Registration recorded "processing" as given today; the withdrawal three days ago is older.
    current = {c["purpose"]: c["state"] for c in withdrawn.json()["current"]}
    assert current == {"processing": "given"}
