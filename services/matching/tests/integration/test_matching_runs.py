"""The district's assignment run against the real database and outbox: proposals with reasons,
the waiting list with its reasons, run requests, and two runs at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from uuid import UUID

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, HEPPENHEIM, MAIN_KINZIG
from wir_kit.testing.service import rows
from wir_matching.adapters import links
from wir_matching.db.run_requests import request_run
from wir_matching.settings import MatchingSettings

from .proposal_fixtures import (
    PUBLIC_URL,
    add_person,
    add_volunteer,
    events,
    match_rows,
    run_now,
    run_requested,
)

Auth = Callable[..., dict[str, str]]


async def test_run_proposes_the_volunteer_and_publishes_the_reasons(
    service: Runtime, client: httpx.AsyncClient, auth: Auth, proposal_settings: MatchingSettings
) -> None:
    need = await add_person(service, languages=("prs",), topics=("housing",))
    volunteer = await add_volunteer(service, municipality=BENSHEIM, languages=("prs",))

    answer = await client.post("/runs", headers=auth("coordinator"))

    assert answer.status_code == 200, answer.text
    [match_id] = [UUID(proposed) for proposed in answer.json()["proposed"]]
    assert answer.json()["waiting"] == 0
    [row] = await match_rows(service)
    assert (row["match_id"], row["need_id"], row["volunteer_id"]) == (match_id, need.need_id, volunteer)
    assert row["state"] == "proposed" and row["respond_by"] > row["proposed_at"]
    [event] = await events(service, "match_proposed")
    assert event["match_id"] == str(match_id) and event["aggregate_version"] == 1
    assert event["need_id"] == str(need.need_id) and event["topics"] == ["housing"]
    assert event["municipality"] == HEPPENHEIM and event["score"] > 0
    components = {reason["component"]: reason for reason in event["reasons"]}
    assert components["language"]["languages"] == ["prs"]
    assert components["distance"]["distance_km"] > 0
    assert components["topics"]["topics"] == ["housing"]
    assert event["answer_url"].startswith(PUBLIC_URL + "/answers/")
    token = event["answer_url"].rsplit("/", 1)[1]
    claim = links.read_answer(proposal_settings.answer_link_secret, token, now=row["proposed_at"])
    assert (claim.match_id, claim.volunteer_id, claim.district) == (match_id, volunteer, BERGSTRASSE)


async def test_a_person_without_consent_is_never_proposed_and_waits_for_consent(
    service: Runtime, client: httpx.AsyncClient, auth: Auth
) -> None:
    need = await add_person(service, consents=("processing",), waited_days=5)
    await add_volunteer(service)

    answer = await client.post("/runs", headers=auth("coordinator"))

    assert answer.json() == {"proposed": [], "waiting": 1}
    assert await match_rows(service) == []
    assert await events(service, "match_proposed") == []
    [waiting] = (await client.get("/waiting", headers=auth("coordinator"))).json()
    assert waiting["need_id"] == str(need.need_id) and waiting["person_id"] == str(need.person_id)
    assert waiting["reason"] == "no_consent" and waiting["days_waited"] == 5


async def test_the_waiting_list_says_why_and_shows_the_longest_wait_first(
    service: Runtime, client: httpx.AsyncClient, auth: Auth
) -> None:
    await add_volunteer(service, languages=("prs",), capacity=1)
    matched = await add_person(service, waited_days=2)
    other_language = await add_person(service, languages=("tir",), waited_days=40)
    second = await add_person(service, waited_days=1)

    await client.post("/runs", headers=auth("coordinator"))

    listed = (await client.get("/waiting", headers=auth("coordinator"))).json()
    assert [(w["need_id"], w["reason"], w["days_waited"]) for w in listed] == [
        (str(other_language.need_id), "no_shared_language", 40),
        (str(second.need_id), "others_matched_first", 1),
    ]
    [match] = await match_rows(service)
    assert match["need_id"] == matched.need_id  # the longer wait, at an equal fit, went first


async def test_a_person_whose_only_fitting_volunteer_is_full_waits_for_capacity(
    service: Runtime, client: httpx.AsyncClient, auth: Auth
) -> None:
    await add_volunteer(service, capacity=1)
    await add_person(service)
    await client.post("/runs", headers=auth("coordinator"))
    later = await add_person(service)

    answer = await client.post("/runs", headers=auth("coordinator"))

    assert answer.json() == {"proposed": [], "waiting": 1}
    [waiting] = (await client.get("/waiting", headers=auth("coordinator"))).json()
    assert (waiting["need_id"], waiting["reason"]) == (str(later.need_id), "no_capacity")


async def test_runs_and_the_waiting_list_are_for_coordinators(client: httpx.AsyncClient, auth: Auth) -> None:
    assert (await client.post("/runs", headers=auth("case_manager"))).status_code == 403
    assert (await client.get("/waiting", headers=auth("volunteer", sub="v"))).status_code == 403
    assert (await client.post("/runs")).status_code == 401


async def test_a_compliance_document_past_its_expiry_keeps_the_volunteer_out(
    service: Runtime, client: httpx.AsyncClient, auth: Auth
) -> None:
    await add_person(service)
    await add_volunteer(service, documents_valid_days=-1)

    answer = await client.post("/runs", headers=auth("coordinator"))

    assert answer.json()["proposed"] == []


async def test_another_districts_people_and_volunteers_are_not_in_the_run(
    service: Runtime, client: httpx.AsyncClient, auth: Auth
) -> None:
    await add_person(service)
    await add_volunteer(service, district=MAIN_KINZIG, municipality="06435010")

    answer = await client.post("/runs", headers=auth("coordinator"))

    assert answer.json() == {"proposed": [], "waiting": 1}
    assert await match_rows(service, MAIN_KINZIG) == []


async def test_a_due_run_request_is_served_once(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    await add_person(service)
    await add_volunteer(service)
    async with service.db.transaction(BERGSTRASSE) as tx:
        await request_run(tx, delay_s=0.0)

    assert await run_requested(service, proposal_settings) == 1
    assert await run_requested(service, proposal_settings) == 0  # the request was taken
    assert len(await match_rows(service, state="proposed")) == 1


async def test_a_request_not_yet_due_waits(service: Runtime, proposal_settings: MatchingSettings) -> None:
    await add_person(service)
    await add_volunteer(service)
    async with service.db.transaction(BERGSTRASSE) as tx:
        await request_run(tx, delay_s=3600.0)

    assert await run_requested(service, proposal_settings) == 0
    assert await match_rows(service) == []


async def test_two_runs_at_once_never_open_two_matches_for_one_need(
    service: Runtime, proposal_settings: MatchingSettings
) -> None:
    needs = [await add_person(service) for _ in range(4)]
    for _ in range(3):
        await add_volunteer(service, capacity=3)

    first, second = await asyncio.gather(
        run_now(service, proposal_settings), run_now(service, proposal_settings)
    )

    assert sorted(len(run) for run in (first, second)) == [0, 4]  # the second found nothing left
    open_ = await match_rows(service, state="proposed")
    assert sorted(m["need_id"] for m in open_) == sorted(n.need_id for n in needs)
    assert len(await events(service, "match_proposed")) == 4


async def test_the_unique_index_keeps_a_need_to_one_open_match(service: Runtime) -> None:
    need = await add_person(service)
    volunteer = await add_volunteer(service)
    insert = (
        "INSERT INTO matches (district, match_id, person_id, need_id, volunteer_id, state, score, "
        "respond_by) VALUES ('06431', gen_random_uuid(), $1, $2, $3, 'proposed', 1, "
        "now() + interval '7 days') "
        "ON CONFLICT DO NOTHING RETURNING match_id"
    )
    assert len(await rows(service, BERGSTRASSE, insert, need.person_id, need.need_id, volunteer)) == 1
    assert await rows(service, BERGSTRASSE, insert, need.person_id, need.need_id, volunteer) == []
