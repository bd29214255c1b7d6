"""A proposal's life through the API: accept, decline (and the next best), withdraw, end, expire;
who may do what, the 409s of steps the state does not allow, 404 across districts; the lists."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from uuid import UUID

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, MAIN_KINZIG
from wir_kit.testing.service import rows
from wir_matching.commands import proposals
from wir_matching.jobs.expiry import expire_due
from wir_matching.jobs.waiting import alert_waiting
from wir_matching.settings import MatchingSettings

from .proposal_fixtures import (
    SHARED,
    add_person,
    add_volunteer,
    events,
    make_overdue,
    match_rows,
    run_now,
    run_requested,
    run_requests,
)

Auth = Callable[..., dict[str, str]]


async def proposed(
    service: Runtime, settings: MatchingSettings, share_contact: dict[str, Any] | None = None
) -> tuple[UUID, UUID]:
    """One person proposed to one volunteer: (match id, volunteer id)."""
    await add_person(service)
    volunteer_id = await add_volunteer(service, share_contact=share_contact)
    [match_id] = await run_now(service, settings)
    return match_id, volunteer_id


def as_volunteer(auth: Auth, volunteer_id: UUID, **more: str) -> dict[str, str]:
    return auth("volunteer", sub=str(volunteer_id), **more)


async def test_the_volunteer_accepts_and_the_person_learns_the_shared_contact(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, volunteer_id = await proposed(service, proposal_settings)

    answer = await client.post(f"/proposals/{match_id}/accept", headers=as_volunteer(auth, volunteer_id))

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"match_id": str(match_id), "version": 2, "state": "accepted"}
    [accepted] = await events(service, "match_accepted")
    assert accepted["match_id"] == str(match_id) and accepted["aggregate_version"] == 2
    assert accepted["volunteer_id"] == str(volunteer_id)
    assert accepted["mentor_contact"] == {**SHARED, "email": None}
    [row] = await match_rows(service)
    assert row["state"] == "accepted" and row["answered_at"] is not None


async def test_a_volunteer_who_shares_no_contact_is_announced_without_one(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, _ = await proposed(service, proposal_settings, share_contact={})

    answer = await client.post(f"/proposals/{match_id}/accept", headers=auth("coordinator"))

    assert answer.status_code == 200
    [accepted] = await events(service, "match_accepted")
    assert accepted["mentor_contact"] is None


async def test_accepting_twice_answers_409(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, volunteer_id = await proposed(service, proposal_settings)
    headers = as_volunteer(auth, volunteer_id)
    await client.post(f"/proposals/{match_id}/accept", headers=headers)

    again = await client.post(f"/proposals/{match_id}/accept", headers=headers)

    assert again.status_code == 409
    assert "accepted already" in again.json()["detail"]
    assert len(await events(service, "match_accepted")) == 1


async def test_accepting_after_the_answer_time_answers_409(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, volunteer_id = await proposed(service, proposal_settings)
    await make_overdue(service, match_id)

    late = await client.post(f"/proposals/{match_id}/accept", headers=as_volunteer(auth, volunteer_id))

    assert late.status_code == 409
    assert "passed" in late.json()["detail"]
    assert (await match_rows(service))[0]["state"] == "proposed"  # the expiry job's to expire


async def test_accepting_when_the_volunteer_is_full_answers_409(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    volunteer_id = await add_volunteer(service, capacity=2)
    await add_person(service)
    await add_person(service)
    first, second = await run_now(service, proposal_settings)
    await rows(service, BERGSTRASSE, "UPDATE volunteers SET capacity = 1 RETURNING 1")
    headers = as_volunteer(auth, volunteer_id)
    assert (await client.post(f"/proposals/{first}/accept", headers=headers)).status_code == 200

    full = await client.post(f"/proposals/{second}/accept", headers=headers)

    assert full.status_code == 409
    assert "no free place" in full.json()["detail"]


async def test_two_accepts_at_once_never_overfill_the_volunteer(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    volunteer_id = await add_volunteer(service, capacity=2)
    await add_person(service)
    await add_person(service)
    first, second = await run_now(service, proposal_settings)
    await rows(service, BERGSTRASSE, "UPDATE volunteers SET capacity = 1 RETURNING 1")

    async def accept(match_id: UUID) -> str:
        try:
            async with service.db.transaction(BERGSTRASSE) as tx:
                await proposals.accept(tx, match_id, volunteer_id=volunteer_id)
        except proposals.ProposalConflict as conflict:
            return conflict.kind
        return "accepted"

    outcomes = await asyncio.gather(accept(first), accept(second))

    assert sorted(outcomes) == ["accepted", "full"]
    assert len(await match_rows(service, state="accepted")) == 1


async def test_declining_proposes_the_next_best_and_never_the_same_volunteer_again(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    need = await add_person(service)
    near = await add_volunteer(service)
    farther = await add_volunteer(service, municipality=BENSHEIM)
    [match_id] = await run_now(service, proposal_settings)
    assert (await match_rows(service))[0]["volunteer_id"] == near

    answer = await client.post(
        f"/proposals/{match_id}/decline", json={"reason": "no_capacity"}, headers=as_volunteer(auth, near)
    )

    assert answer.status_code == 200 and answer.json()["state"] == "declined"
    [declined] = await events(service, "match_declined")
    assert (declined["reason"], declined["aggregate_version"]) == ("no_capacity", 2)
    assert await run_requests(service) == 1
    assert await run_requested(service, proposal_settings) == 1
    [next_best] = await match_rows(service, state="proposed")
    assert (next_best["need_id"], next_best["volunteer_id"]) == (need.need_id, farther)


async def test_a_decline_without_a_known_reason_answers_422(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, volunteer_id = await proposed(service, proposal_settings)

    answer = await client.post(
        f"/proposals/{match_id}/decline", json={"reason": "bored"}, headers=as_volunteer(auth, volunteer_id)
    )

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "reason"]


async def test_another_districts_proposal_and_another_volunteers_answer_404(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, _ = await proposed(service, proposal_settings)
    other = await add_volunteer(service)

    foreign = await client.post(
        f"/proposals/{match_id}/accept", headers=auth("coordinator", district=MAIN_KINZIG)
    )
    not_theirs = await client.post(f"/proposals/{match_id}/accept", headers=as_volunteer(auth, other))
    odd_subject = await client.post(f"/proposals/{match_id}/accept", headers=auth("volunteer", sub="jutta"))

    assert [r.status_code for r in (foreign, not_theirs, odd_subject)] == [404, 404, 404]
    assert (await match_rows(service))[0]["state"] == "proposed"


async def test_a_coordinator_withdraws_once_and_volunteers_may_not(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, volunteer_id = await proposed(service, proposal_settings)

    refused = await client.post(f"/proposals/{match_id}/withdraw", headers=as_volunteer(auth, volunteer_id))
    withdrawn = await client.post(f"/proposals/{match_id}/withdraw", headers=auth("coordinator"))
    again = await client.post(f"/proposals/{match_id}/withdraw", headers=auth("coordinator"))
    accepted = await client.post(f"/proposals/{match_id}/accept", headers=as_volunteer(auth, volunteer_id))

    assert [r.status_code for r in (refused, withdrawn, again, accepted)] == [403, 200, 409, 409]
    assert accepted.json()["detail"] == "a withdrawn proposal cannot be answered"


async def test_a_pair_a_coordinator_took_back_is_not_proposed_again(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, volunteer_id = await proposed(service, proposal_settings)
    await client.post(f"/proposals/{match_id}/withdraw", headers=auth("coordinator"))
    assert await run_requests(service) == 1

    assert await run_requested(service, proposal_settings) == 0
    assert await run_requests(service) == 0  # the run was made, and proposed nobody
    [row] = await match_rows(service)
    assert (row["volunteer_id"], row["state"]) == (volunteer_id, "withdrawn")
    [event] = await events(service, "match_withdrawn")
    assert (event["reason"], event["aggregate_version"]) == ("by_coordinator", 2)
    assert (await match_rows(service))[0]["withdraw_reason"] == "by_coordinator"


async def test_a_running_mentorship_ends_with_its_reason(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, volunteer_id = await proposed(service, proposal_settings)
    headers = as_volunteer(auth, volunteer_id)
    ending = {"reason": "completed", "ended_on": "2026-01-31"}
    too_early = await client.post(f"/matches/{match_id}/end", json=ending, headers=headers)
    await client.post(f"/proposals/{match_id}/accept", headers=headers)

    ended = await client.post(f"/matches/{match_id}/end", json=ending, headers=headers)

    assert (too_early.status_code, ended.status_code) == (409, 200)
    [event] = await events(service, "mentorship_ended")
    assert (event["reason"], event["ended_on"], event["aggregate_version"]) == ("completed", "2026-01-31", 3)
    assert (await match_rows(service))[0]["state"] == "ended"


async def test_a_mentorship_cannot_end_in_the_future(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    match_id, _ = await proposed(service, proposal_settings)

    answer = await client.post(
        f"/matches/{match_id}/end",
        json={"reason": "completed", "ended_on": "2999-01-01"},
        headers=auth("coordinator"),
    )

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "ended_on"]


async def test_unanswered_proposals_expire_and_go_to_the_next_best(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    match_id, first = await proposed(service, proposal_settings)
    second = await add_volunteer(service, municipality=BENSHEIM)
    await make_overdue(service, match_id)

    assert await expire_due(service.db, proposal_settings) == 1
    assert await expire_due(service.db, proposal_settings) == 0

    [expired] = await events(service, "match_expired")
    assert (expired["match_id"], expired["aggregate_version"]) == (str(match_id), 2)
    assert await run_requested(service, proposal_settings) == 1
    states = {(m["volunteer_id"], m["state"]) for m in await match_rows(service)}
    assert states == {(first, "expired"), (second, "proposed")}


async def test_the_lists_show_coordinators_everything_and_volunteers_their_own(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    need = await add_person(service)
    await add_person(service, languages=("ukr",))
    mine = await add_volunteer(service)
    other = await add_volunteer(service, languages=("ukr",))
    await run_now(service, proposal_settings)

    everything = await client.get("/proposals", params={"state": "proposed"}, headers=auth("coordinator"))
    of_person = await client.get("/proposals", params={"person_id": str(need.person_id)}, headers=auth())
    case_manager_all = await client.get("/proposals", headers=auth())
    own = await client.get("/volunteers/me/proposals", headers=as_volunteer(auth, mine))
    bad_state = await client.get("/proposals", params={"state": "lost"}, headers=auth("coordinator"))

    assert {p["volunteer_id"] for p in everything.json()} == {str(mine), str(other)}
    [listed] = of_person.json()
    assert listed["need_id"] == str(need.need_id) and listed["reasons"][0]["points"] > 0
    assert listed["summary_de"].startswith("spricht Dari; am selben Ort; Behörden und Wohnen")
    assert (case_manager_all.status_code, bad_state.status_code) == (403, 422)
    [seen] = own.json()
    assert set(seen) == {
        "match_id", "state", "topics", "municipality", "shared_languages", "proposed_at", "respond_by",
        "answered_at",
    }  # fmt: skip
    assert seen["shared_languages"] == ["prs"] and seen["topics"] == ["authorities", "housing"]


async def test_long_waits_are_announced_once_a_week(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    await add_volunteer(service)
    need = await add_person(service, languages=("tir",), waited_days=30)
    await add_person(service, languages=("tir",), waited_days=3)
    await run_now(service, proposal_settings)

    assert await alert_waiting(service.db, proposal_settings) == 1
    assert await alert_waiting(service.db, proposal_settings) == 0

    [alert] = await events(service, "person_waiting_for_mentor")
    assert (alert["need_id"], alert["reason"], alert["waiting_days"]) == (
        str(need.need_id),
        "no_shared_language",
        30,
    )
    await rows(
        service, BERGSTRASSE, "UPDATE waiting_alerts SET alerted_at = now() - interval '8 days' RETURNING 1"
    )
    assert await alert_waiting(service.db, proposal_settings) == 1
