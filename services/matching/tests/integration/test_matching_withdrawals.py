"""Withdrawals: consent withdrawn (through intake's event and core's handler), a volunteer's
matches, some needs only; each announced with MatchWithdrawn. Erasure deletes without events."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from wir_contracts.intake.v1 import ConsentChanged
from wir_contracts.matching.v1 import WithdrawReason
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import publish_and_wait, rows
from wir_matching.commands.withdrawals import (
    erase_person_matches,
    withdraw_person_matches,
    withdraw_volunteer_matches,
)
from wir_matching.settings import MatchingSettings

from .proposal_fixtures import (
    add_person,
    add_volunteer,
    events,
    match_rows,
    run_now,
)

Auth = Callable[..., dict[str, str]]


async def test_withdrawn_consent_withdraws_the_pending_proposal(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    need = await add_person(service)
    await add_volunteer(service)
    [match_id] = await run_now(service, proposal_settings)

    withdrawal = ConsentChanged(
        district=BERGSTRASSE, person_id=need.person_id, aggregate_version=2, consents=("processing",)
    )
    await publish_and_wait(service, "consent_changed", withdrawal)

    [event] = await events(service, "match_withdrawn")
    assert (event["match_id"], event["reason"], event["aggregate_version"]) == (
        str(match_id),
        "consent_withdrawn",
        2,
    )
    [row] = await match_rows(service)
    assert (row["state"], row["withdraw_reason"]) == ("withdrawn", "consent_withdrawn")
    assert await run_now(service, proposal_settings) == []  # and no new proposal without consent


async def test_a_persons_proposals_and_mentorships_are_withdrawn_but_not_what_is_over(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    need = await add_person(service)
    second = await add_person(service, person_id=need.person_id)
    third = await add_person(service, person_id=need.person_id)
    volunteer = await add_volunteer(service, capacity=3)
    await run_now(service, proposal_settings)
    by_need = {m["need_id"]: m["match_id"] for m in await match_rows(service)}
    await client.post(f"/proposals/{by_need[second.need_id]}/accept", headers=auth("coordinator"))
    decline = {"reason": "other"}
    await client.post(
        f"/proposals/{by_need[third.need_id]}/decline", json=decline, headers=auth("coordinator")
    )

    async with service.db.transaction(BERGSTRASSE) as tx:
        count = await withdraw_person_matches(
            tx, person_id=need.person_id, reason=WithdrawReason.CONSENT_WITHDRAWN
        )

    assert count == 2
    states = {m["need_id"]: m["state"] for m in await match_rows(service)}
    assert states == {need.need_id: "withdrawn", second.need_id: "withdrawn", third.need_id: "declined"}
    assert {e["volunteer_id"] for e in await events(service, "match_withdrawn")} == {str(volunteer)}


async def test_only_the_named_needs_are_withdrawn(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    need = await add_person(service)
    other = await add_person(service, person_id=need.person_id)
    await add_volunteer(service, capacity=2)
    await run_now(service, proposal_settings)

    async with service.db.transaction(BERGSTRASSE) as tx:
        count = await withdraw_person_matches(
            tx, person_id=need.person_id, reason=WithdrawReason.NEED_CLOSED, need_ids=[need.need_id]
        )

    assert count == 1
    states = {m["need_id"]: m["state"] for m in await match_rows(service)}
    assert states == {need.need_id: "withdrawn", other.need_id: "proposed"}
    [event] = await events(service, "match_withdrawn")
    assert event["reason"] == "need_closed"


async def test_a_volunteers_open_matches_are_withdrawn(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    await add_person(service)
    await add_person(service)
    volunteer = await add_volunteer(service, capacity=2)
    bystander = await add_volunteer(service, languages=("ukr",))
    await add_person(service, languages=("ukr",))
    await run_now(service, proposal_settings)

    async with service.db.transaction(BERGSTRASSE) as tx:
        count = await withdraw_volunteer_matches(
            tx, volunteer_id=volunteer, reason=WithdrawReason.VOLUNTEER_SUSPENDED
        )

    assert count == 2
    assert {m["state"] for m in await match_rows(service, volunteer_id=volunteer)} == {"withdrawn"}
    assert {m["state"] for m in await match_rows(service, volunteer_id=bystander)} == {"proposed"}
    assert {e["reason"] for e in await events(service, "match_withdrawn")} == {"volunteer_suspended"}


async def test_erasure_deletes_the_persons_matches_and_waiting_place_without_events(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    need = await add_person(service)
    waiting = await add_person(service, person_id=need.person_id, topics=("health",))
    kept = await add_person(service)
    await add_volunteer(service, capacity=2)
    await run_now(service, proposal_settings)
    assert len(await rows(service, BERGSTRASSE, "SELECT need_id FROM waiting")) == 1

    async with service.db.transaction(BERGSTRASSE) as tx:
        await erase_person_matches(tx, person_id=need.person_id)

    assert [m["need_id"] for m in await match_rows(service)] == [kept.need_id]
    assert (
        await rows(service, BERGSTRASSE, "SELECT need_id FROM waiting WHERE need_id = $1", waiting.need_id)
        == []
    )
    assert await events(service, "match_withdrawn") == []
