"""The whole way with the core's fixtures: a person arrives by intake's events, a volunteer by
the API; the handlers' run request is served by the job; the volunteer accepts by the signed link
from MatchProposed, and MatchAccepted tells the person how to reach them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.service import outbox
from wir_matching.jobs.runs import run_due
from wir_matching.settings import MatchingSettings

from .conftest import mentoring

PUBLIC_URL = "https://wir.example.org/matching"


@pytest.fixture(name="matching_settings")
def matching_settings_fixture() -> MatchingSettings:
    """Runs are due at once: the job serves the requests the handlers and commands made."""
    return MatchingSettings(public_url=PUBLIC_URL, run_debounce_s=0.0)


async def test_event_to_proposal_to_acceptance_by_link(
    matching: Runtime,
    http: httpx.AsyncClient,
    matching_settings: MatchingSettings,
    register_person: Callable[..., Awaitable[UUID]],
    record_needs: Callable[..., Awaitable[None]],
    create_volunteer: Callable[..., Awaitable[UUID]],
) -> None:
    person_id = await register_person()
    need = mentoring()
    await record_needs(person_id, [need], 2)
    volunteer_id = await create_volunteer()

    assert await run_due(matching.db, matching_settings) == 1

    [proposed] = await outbox(matching, "match_proposed")
    assert (proposed["person_id"], proposed["need_id"]) == (str(person_id), str(need.need_id))
    assert proposed["volunteer_id"] == str(volunteer_id)
    assert {reason["component"] for reason in proposed["reasons"]} >= {"language", "topics"}
    page = await http.get(proposed["answer_url"].removeprefix(PUBLIC_URL))
    assert page.status_code == 200 and "Behörden, Wohnen" in page.text
    accepted = await http.post(proposed["answer_url"].removeprefix(PUBLIC_URL) + "/accept")
    assert accepted.status_code == 200
    [event] = await outbox(matching, "match_accepted")
    contact: dict[str, Any] = event["mentor_contact"]
    assert (contact["display_name"], contact["mobile"], contact["channels"]) == (
        "Jutta",
        "+4915100000002",
        ["sms"],
    )
