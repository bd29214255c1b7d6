"""The volunteer's own page over the real matching service: their proposals to accept or
decline, their profile, and nothing of anyone else's."""

from __future__ import annotations

import re

from wir_kit.runtime import Runtime

from ..conftest import SignedIn, WebClient
from .support import person_needing_a_mentor, register_volunteer

PROPOSAL = re.compile(r"/volunteer/proposals/([0-9a-f-]{36})/accept")


async def _proposed(signed_in: SignedIn, matching: Runtime) -> tuple[WebClient, WebClient]:
    """A coordinator's and the proposed volunteer's clients, after a run proposed them."""
    coordinator = await signed_in("coordinator", matching=matching)
    volunteer_id = await register_volunteer(coordinator)
    await person_needing_a_mentor(matching)
    await coordinator.submit("/matching/runs", {}, form_on="/matching")
    volunteer = await signed_in("volunteer", sub=volunteer_id, matching=matching)
    return coordinator, volunteer


async def test_the_volunteer_sees_and_accepts_their_proposal(signed_in: SignedIn, matching: Runtime) -> None:
    coordinator, volunteer = await _proposed(signed_in, matching)

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


async def test_a_declined_proposal_cannot_be_answered_again(signed_in: SignedIn, matching: Runtime) -> None:
    _, volunteer = await _proposed(signed_in, matching)
    [match_id] = PROPOSAL.findall((await volunteer.http.get("/volunteer")).text)

    declined = await volunteer.submit(
        f"/volunteer/proposals/{match_id}/decline", {"reason": "no_capacity"}, form_on="/volunteer"
    )
    assert declined.status_code == 303
    again = await volunteer.submit(f"/volunteer/proposals/{match_id}/accept", {}, form_on="/volunteer")
    assert again.status_code == 409 and "nicht mehr beantwortet" in again.text


async def test_another_volunteer_neither_sees_nor_answers_the_proposal(
    signed_in: SignedIn, matching: Runtime
) -> None:
    coordinator, volunteer = await _proposed(signed_in, matching)
    [match_id] = PROPOSAL.findall((await volunteer.http.get("/volunteer")).text)
    other_id = await register_volunteer(coordinator, display_name="Karl Roth")
    other = await signed_in("volunteer", sub=other_id, matching=matching)

    page = await other.http.get("/volunteer")
    assert page.status_code == 200 and "Karl Roth" in page.text and not PROPOSAL.search(page.text)
    answer = await other.submit(f"/volunteer/proposals/{match_id}/accept", {}, form_on="/volunteer")
    assert answer.status_code == 404


async def test_an_account_without_a_volunteer_profile_is_told_so(
    signed_in: SignedIn, matching: Runtime
) -> None:
    client = await signed_in("volunteer", matching=matching)
    page = await client.http.get("/volunteer")
    assert page.status_code == 200 and "kein Profil" in page.text
    await client.sign_in("coordinator")
    assert (await client.http.get("/volunteer")).status_code == 403


async def test_the_volunteers_answers_without_the_csrf_token_are_refused(
    signed_in: SignedIn, matching: Runtime
) -> None:
    _, volunteer = await _proposed(signed_in, matching)
    [match_id] = PROPOSAL.findall((await volunteer.http.get("/volunteer")).text)
    for step, data in (("accept", {}), ("decline", {"reason": "other"})):
        answer = await volunteer.http.post(f"/volunteer/proposals/{match_id}/{step}", data=data)
        assert answer.status_code == 403
    assert PROPOSAL.search((await volunteer.http.get("/volunteer")).text)
