"""The signed answer link: a volunteer without an account opens a German page that shows only
the topics, the municipality's name and the shared languages, and accepts or declines with its
forms; tampered, foreign and expired links are refused in plain words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_matching.adapters import links
from wir_matching.settings import MatchingSettings

from .proposal_fixtures import (
    PUBLIC_URL,
    add_person,
    add_volunteer,
    events,
    make_overdue,
    match_rows,
    run_now,
)

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def proposed_link(service: Runtime, settings: MatchingSettings) -> tuple[str, UUID]:
    """A proposal's answer link, as MatchProposed carried it (the path part): (path, person id)."""
    need = await add_person(service, languages=("prs",), topics=("housing", "authorities"))
    await add_volunteer(service)
    await run_now(service, settings)
    [event] = await events(service, "match_proposed")
    assert event["answer_url"].startswith(PUBLIC_URL)
    return event["answer_url"].removeprefix(PUBLIC_URL), need.person_id


async def test_the_page_shows_what_the_volunteer_needs_and_nothing_more(
    service: Runtime, client: httpx.AsyncClient, proposal_settings: MatchingSettings
) -> None:
    path, person_id = await proposed_link(service, proposal_settings)

    page = await client.get(path)

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"
    text = page.text
    assert "Behörden, Wohnen" in text and "Heppenheim" in text and "Dari" in text
    assert "Bitte antworten Sie bis zum" in text
    assert str(person_id) not in text
    assert 'action="' in text and '/accept"' in text and 'name="reason" value="no_capacity"' in text


async def test_accepting_by_link_needs_no_account(
    service: Runtime, client: httpx.AsyncClient, proposal_settings: MatchingSettings
) -> None:
    path, _ = await proposed_link(service, proposal_settings)

    answer = await client.post(path + "/accept")

    assert answer.status_code == 200 and "Vielen Dank" in answer.text
    [accepted] = await events(service, "match_accepted")
    assert accepted["aggregate_version"] == 2
    assert (await match_rows(service))[0]["state"] == "accepted"
    again = await client.post(path + "/accept")
    assert again.status_code == 409 and "bereits angenommen" in again.text
    shown = await client.get(path)
    assert shown.status_code == 200 and "<form" not in shown.text


async def test_declining_by_link_takes_the_reason_from_the_form(
    service: Runtime, client: httpx.AsyncClient, proposal_settings: MatchingSettings
) -> None:
    path, _ = await proposed_link(service, proposal_settings)

    missing = await client.post(path + "/decline", content="", headers=FORM)
    unknown = await client.post(path + "/decline", content="reason=%3Cscript%3E", headers=FORM)
    answer = await client.post(path + "/decline", content="reason=unavailable", headers=FORM)

    assert (missing.status_code, unknown.status_code, answer.status_code) == (422, 422, 200)
    assert "<script>" not in unknown.text
    [declined] = await events(service, "match_declined")
    assert declined["reason"] == "unavailable"


async def test_a_tampered_link_opens_nothing(
    service: Runtime, client: httpx.AsyncClient, proposal_settings: MatchingSettings
) -> None:
    path, _ = await proposed_link(service, proposal_settings)
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")

    page = await client.get(tampered)
    accept = await client.post(tampered + "/accept")
    garbage = await client.get("/answers/not-a-token")

    assert [r.status_code for r in (page, accept, garbage)] == [404, 404, 404]
    assert "Link nicht gefunden" in page.text
    assert await events(service, "match_accepted") == []


async def test_a_link_past_its_time_answers_410(
    service: Runtime, client: httpx.AsyncClient, proposal_settings: MatchingSettings
) -> None:
    await proposed_link(service, proposal_settings)
    [row] = await match_rows(service)
    expired = links.sign_answer(
        proposal_settings.answer_link_secret,
        district=BERGSTRASSE,
        match_id=row["match_id"],
        volunteer_id=row["volunteer_id"],
        expires_at=datetime.now(UTC) - timedelta(hours=1),
    )

    page = await client.get(f"/answers/{expired}")
    accept = await client.post(f"/answers/{expired}/accept")

    assert (page.status_code, accept.status_code) == (410, 410)
    assert "abgelaufen" in page.text
    assert (await match_rows(service))[0]["state"] == "proposed"


async def test_a_proposal_past_its_answer_time_is_refused_by_a_still_valid_link(
    service: Runtime, client: httpx.AsyncClient, proposal_settings: MatchingSettings
) -> None:
    path, _ = await proposed_link(service, proposal_settings)
    [row] = await match_rows(service)
    await make_overdue(service, row["match_id"])

    assert (await client.get(path)).status_code == 410
    assert (await client.post(path + "/accept")).status_code == 410


async def test_a_link_for_someone_elses_proposal_opens_nothing(
    service: Runtime, client: httpx.AsyncClient, proposal_settings: MatchingSettings
) -> None:
    await proposed_link(service, proposal_settings)
    [row] = await match_rows(service)
    forged = links.sign_answer(
        proposal_settings.answer_link_secret,
        district=BERGSTRASSE,
        match_id=row["match_id"],
        volunteer_id=uuid4(),
        expires_at=datetime.now(UTC) + timedelta(days=1),
    )
    other_secret = links.sign_answer(
        "another-secret-of-sufficient-length",
        district=BERGSTRASSE,
        match_id=row["match_id"],
        volunteer_id=row["volunteer_id"],
        expires_at=datetime.now(UTC) + timedelta(days=1),
    )

    assert (await client.get(f"/answers/{forged}")).status_code == 404
    assert (await client.post(f"/answers/{forged}/accept")).status_code == 404
    assert (await client.get(f"/answers/{other_secret}")).status_code == 404
