"""The volunteer's own page over the real matching service: their proposals to accept or
decline, their profile, and nothing of anyone else's."""

from __future__ import annotations

import re

from wir_kit.runtime import Runtime
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_web.settings import WebSettings

from ..conftest import WebClient, WebFactory
from .test_web_matching import matching_runtime, person_needing_a_mentor, register_volunteer, sign_in_as

PROPOSAL = re.compile(r"/volunteer/proposals/([0-9a-f-]{36})/accept")


async def _proposed(
    web: WebFactory, web_settings: WebSettings, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> tuple[WebClient, WebClient, Runtime]:
    """A coordinator's and the proposed volunteer's clients, after a run proposed them."""
    matching = await matching_runtime(wir_settings, wir_runtime)
    coordinator = await web(matching=matching)
    await coordinator.sign_in("coordinator")
    volunteer_id = await register_volunteer(coordinator)
    await person_needing_a_mentor(matching)
    await coordinator.submit("/matching/runs", {}, form_on="/matching")
    volunteer = await web(matching=matching)
    sign_in_as(volunteer, matching, web_settings, "volunteer", volunteer_id)
    return coordinator, volunteer, matching


async def test_the_volunteer_sees_and_accepts_their_proposal(
    web: WebFactory, web_settings: WebSettings, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    coordinator, volunteer, _ = await _proposed(web, web_settings, wir_settings, wir_runtime)

    mine = await volunteer.http.get("/volunteer")

    assert mine.status_code == 200
    assert "Wohnen" in mine.text and "Heppenheim" in mine.text and "Dari" in mine.text
    assert "Jutta Weber" in mine.text  # their own profile
    [match_id] = PROPOSAL.findall(mine.text)
    accepted = await volunteer.submit(f"/volunteer/proposals/{match_id}/accept", {}, form_on="/volunteer")
    assert accepted.status_code == 303
    after = await volunteer.http.get(accepted.headers["location"])
    assert "angenommen" in after.text and not PROPOSAL.search(after.text)
    assert "angenommen" in (await coordinator.http.get("/matching?state=accepted")).text


async def test_a_declined_proposal_cannot_be_answered_again(
    web: WebFactory, web_settings: WebSettings, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    _, volunteer, _ = await _proposed(web, web_settings, wir_settings, wir_runtime)
    [match_id] = PROPOSAL.findall((await volunteer.http.get("/volunteer")).text)

    declined = await volunteer.submit(
        f"/volunteer/proposals/{match_id}/decline", {"reason": "no_capacity"}, form_on="/volunteer"
    )
    assert declined.status_code == 303
    again = await volunteer.submit(f"/volunteer/proposals/{match_id}/accept", {}, form_on="/volunteer")
    assert again.status_code == 409 and "nicht mehr beantwortet" in again.text


async def test_another_volunteer_neither_sees_nor_answers_the_proposal(
    web: WebFactory, web_settings: WebSettings, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    coordinator, volunteer, matching = await _proposed(web, web_settings, wir_settings, wir_runtime)
    [match_id] = PROPOSAL.findall((await volunteer.http.get("/volunteer")).text)
    other_id = await register_volunteer(coordinator, display_name="Karl Roth")
    other = await web(matching=matching)
    sign_in_as(other, matching, web_settings, "volunteer", other_id)

    page = await other.http.get("/volunteer")
    assert page.status_code == 200 and "Karl Roth" in page.text and not PROPOSAL.search(page.text)
    answer = await other.submit(f"/volunteer/proposals/{match_id}/accept", {}, form_on="/volunteer")
    assert answer.status_code == 404


async def test_an_account_without_a_volunteer_profile_is_told_so(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("volunteer")
    page = await client.http.get("/volunteer")
    assert page.status_code == 200 and "kein Profil" in page.text
    await client.sign_in("coordinator")
    assert (await client.http.get("/volunteer")).status_code == 403


async def test_the_volunteers_answers_without_the_csrf_token_are_refused(
    web: WebFactory, web_settings: WebSettings, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    _, volunteer, _ = await _proposed(web, web_settings, wir_settings, wir_runtime)
    [match_id] = PROPOSAL.findall((await volunteer.http.get("/volunteer")).text)
    for step, data in (("accept", {}), ("decline", {"reason": "other"})):
        answer = await volunteer.http.post(f"/volunteer/proposals/{match_id}/{step}", data=data)
        assert answer.status_code == 403
    assert PROPOSAL.search((await volunteer.http.get("/volunteer")).text)
