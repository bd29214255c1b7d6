"""The coordinators' matching pages over the real matching service: registering a volunteer
through the form, their documents, a matching run with its reasons, the district's and the
role's limits, and every form refused without its CSRF token.

The helpers here (a matching runtime, people with a mentoring need arriving by intake's events,
a session for a given subject) are shared with the volunteer's page tests."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from itsdangerous import TimestampSigner

from wir_contracts.intake.v1 import LanguageLevel, Need, NeedsRecorded, PersonRegistered, SpokenLevel
from wir_contracts.needs import MentoringTopic, NeedKind
from wir_kit.auth import issue_dev_token
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU, HEPPENHEIM
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.service import publish_and_wait
from wir_matching.main import build
from wir_matching.settings import MatchingSettings
from wir_web.clock import today
from wir_web.settings import WebSettings

from ..conftest import WebClient, WebFactory

VOLUNTEER_ID = re.compile(r"/matching/volunteers/([0-9a-f-]{36})")


async def matching_runtime(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    """Matching without its periodic jobs (the tests run the assignment through the page)."""
    spec = dataclasses.replace(build(MatchingSettings(run_debounce_s=3600.0)), background=())
    return await wir_runtime(spec, wir_settings(service="matching"))


async def person_needing_a_mentor(matching: Runtime, district: str = BERGSTRASSE) -> UUID:
    """A person who speaks Dari, with one open mentoring need, as intake's events bring them."""
    person_id = uuid4()
    registered = PersonRegistered(
        district=district,
        person_id=person_id,
        aggregate_version=1,
        municipality=HEPPENHEIM,
        languages=("prs", "deu"),
        preferred_language="prs",
        language_levels=(LanguageLevel(language="prs", level=SpokenLevel.NATIVE),),
        consents=("processing", "share_with_volunteers"),
    )
    await publish_and_wait(matching, "person_registered", registered)
    need = Need(need_id=uuid4(), kind=NeedKind.MENTORING, topics=(MentoringTopic.HOUSING,))
    needs = NeedsRecorded(district=district, person_id=person_id, aggregate_version=2, needs=(need,))
    await publish_and_wait(matching, "needs_recorded", needs)
    return person_id


def volunteer_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "form_key": str(uuid4()),
        "display_name": "Jutta Weber",
        "email": "jutta.weber@example.org",
        "channels": ["email"],
        "preferred_language": "deu",
        "lang_0": "deu",
        "level_0": "native",
        "lang_1": "prs",
        "level_1": "B2",
        "municipality": HEPPENHEIM,
        "travel_km": "15",
        "topics": ["housing", "authorities"],
        "capacity": "2",
        "start_0": "17:00",
        "end_0": "19:00",
    }
    form.update(changes)
    return form


async def register_volunteer(client: WebClient, *, documents: bool = True, **changes: Any) -> str:
    """A volunteer registered through the form (with both documents recorded); their id."""
    answer = await client.submit(
        "/matching/volunteers", volunteer_form(**changes), form_on="/matching/volunteers/new"
    )
    assert answer.status_code == 303, answer.text
    found = VOLUNTEER_ID.search(answer.headers["location"])
    assert found
    volunteer_id = found.group(1)
    if documents:
        valid = (today() + timedelta(days=365)).isoformat()
        for kind in ("criminal_record_certificate", "confidentiality_declaration"):
            recorded = await client.submit(
                f"/matching/volunteers/{volunteer_id}/documents",
                {"kind": kind, "expires_on": valid},
                form_on=f"/matching/volunteers/{volunteer_id}",
            )
            assert recorded.status_code == 303, recorded.text
    return volunteer_id


def sign_in_as(
    client: WebClient,
    runtime: Runtime,
    web_settings: WebSettings,
    role: str,
    sub: str,
    district: str = BERGSTRASSE,
) -> None:
    """A session as the identity provider would start it for this subject (the development
    sign-in names no particular volunteer or interpreter)."""
    token = issue_dev_token(runtime.settings, sub=sub, district=district, roles=[role])
    data = base64.b64encode(json.dumps({"token": token}).encode())
    client.http.cookies.set("wir_session", TimestampSigner(web_settings.session_secret).sign(data).decode())


async def test_the_coordinator_registers_a_volunteer_and_sees_them_listed(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("coordinator")
    form = await client.http.get("/matching/volunteers/new")
    assert form.status_code == 200 and 'for="f-travel_km"' in form.text

    volunteer_id = await register_volunteer(client)

    shown = await client.http.get(f"/matching/volunteers/{volunteer_id}")
    assert shown.status_code == 200
    assert "Jutta Weber" in shown.text and "Heppenheim" in shown.text and "vermittelbar" in shown.text
    assert "Erweitertes Führungszeugnis" in shown.text and "gültig" in shown.text
    listed = await client.http.get("/matching")
    assert listed.status_code == 200
    assert f'href="/matching/volunteers/{volunteer_id}">Jutta Weber</a>' in listed.text


async def test_a_bad_input_is_shown_beside_its_field_with_what_was_typed(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("coordinator")

    answer = await client.submit(
        "/matching/volunteers",
        volunteer_form(travel_km="101", level_1="", end_0="16:00"),
        form_on="/matching/volunteers/new",
    )

    assert answer.status_code == 422
    assert re.search(
        r'id="f-travel_km"[^>]*value="101"[^>]*aria-describedby="[^"]*f-travel_km-error"', answer.text
    )
    assert 'id="f-travel_km-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert 'id="f-level_1-error"' in answer.text  # Dari without a level, not native
    assert 'id="f-end_0-error"' in answer.text  # the Monday window ends before it starts
    assert 'value="Jutta Weber"' in answer.text
    assert VOLUNTEER_ID.search((await client.http.get("/matching")).text) is None


async def test_a_document_that_has_expired_is_refused_beside_its_field(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("coordinator")
    volunteer_id = await register_volunteer(client, documents=False)
    page = f"/matching/volunteers/{volunteer_id}"
    assert "Dokumente fehlen" in (await client.http.get(page)).text

    expired = (today() - timedelta(days=3)).isoformat()
    answer = await client.submit(
        f"{page}/documents", {"kind": "confidentiality_declaration", "expires_on": expired}, form_on=page
    )

    assert answer.status_code == 422 and 'id="f-expires_on-error"' in answer.text
    unknown = await client.submit(
        f"{page}/documents", {"kind": "passport", "expires_on": expired}, form_on=page
    )
    assert unknown.status_code == 422 and 'id="f-kind-error"' in unknown.text


async def test_a_double_submit_registers_the_volunteer_once(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("coordinator")
    form = volunteer_form()
    first = await client.submit("/matching/volunteers", form, form_on="/matching/volunteers/new")
    again = await client.submit("/matching/volunteers", form, form_on="/matching/volunteers/new")
    assert first.headers["location"] == again.headers["location"]
    assert len(set(VOLUNTEER_ID.findall((await client.http.get("/matching")).text))) == 1


async def test_running_matching_shows_the_proposal_with_its_reasons(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    matching = await matching_runtime(wir_settings, wir_runtime)
    client = await web(matching=matching)
    await client.sign_in("coordinator")
    volunteer_id = await register_volunteer(client)
    person_id = await person_needing_a_mentor(matching)
    waiting = await client.http.get("/matching")
    assert "Niemand wartet." in waiting.text or str(person_id)[:8] in waiting.text

    run = await client.submit("/matching/runs", {}, form_on="/matching")

    assert run.status_code == 200
    assert "1 neue Vorschläge" in run.text
    assert f'href="/matching/volunteers/{volunteer_id}">Jutta Weber</a>' in run.text
    assert f'href="/people/{person_id}"' in run.text
    assert "gemeinsame Sprache: Dari" in run.text and "hilft bei: Wohnen" in run.text
    overview = await client.http.get("/matching?state=proposed")
    assert "vorgeschlagen" in overview.text and "gemeinsame Sprache: Dari" in overview.text


async def test_a_withdrawn_proposal_cannot_be_withdrawn_again(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    matching = await matching_runtime(wir_settings, wir_runtime)
    client = await web(matching=matching)
    await client.sign_in("coordinator")
    await register_volunteer(client)
    await person_needing_a_mentor(matching)
    await client.submit("/matching/runs", {}, form_on="/matching")
    [match_id] = re.findall(
        r"/matching/proposals/([0-9a-f-]{36})/withdraw", (await client.http.get("/matching")).text
    )

    first = await client.submit(f"/matching/proposals/{match_id}/withdraw", {}, form_on="/matching")
    assert first.status_code == 303
    assert "zurückgezogen" in (await client.http.get("/matching")).text
    again = await client.submit(f"/matching/proposals/{match_id}/withdraw", {}, form_on="/matching")
    assert again.status_code == 409 and "nicht zurückgezogen werden" in again.text


async def test_a_deactivated_volunteer_shows_as_such(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("coordinator")
    volunteer_id = await register_volunteer(client)
    page = f"/matching/volunteers/{volunteer_id}"
    answer = await client.submit(f"{page}/deactivate", {}, form_on=page)
    assert answer.status_code == 303
    shown = await client.http.get(page)
    assert "deaktiviert" in shown.text and f"{page}/deactivate" not in shown.text


async def test_another_districts_volunteer_is_not_found(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("coordinator")
    volunteer_id = await register_volunteer(client)
    await client.sign_in("coordinator", district=HANAU)
    assert (await client.http.get(f"/matching/volunteers/{volunteer_id}")).status_code == 404
    assert (await client.http.get("/matching/volunteers/not-an-id")).status_code == 404
    assert "Jutta Weber" not in (await client.http.get("/matching")).text


async def test_a_case_manager_is_refused_the_matching_pages(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("case_manager")
    for path in ("/matching", "/matching/volunteers/new", f"/matching/volunteers/{uuid4()}"):
        assert (await client.http.get(path)).status_code == 403
    refused = await client.submit("/matching/runs", {}, form_on="/")
    assert refused.status_code == 403


async def test_every_matching_form_without_its_csrf_token_is_refused(
    web: WebFactory, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    client = await web(matching=await matching_runtime(wir_settings, wir_runtime))
    await client.sign_in("coordinator")
    volunteer_id = await register_volunteer(client, documents=False)
    some_id = uuid4()
    for path, data in (
        ("/matching/volunteers", volunteer_form()),
        ("/matching/runs", {}),
        (f"/matching/volunteers/{volunteer_id}/documents", {"kind": "confidentiality_declaration"}),
        (f"/matching/volunteers/{volunteer_id}/deactivate", {}),
        (f"/matching/proposals/{some_id}/withdraw", {}),
    ):
        assert (await client.http.post(path, data=data)).status_code == 403, path
    shown = await client.http.get(f"/matching/volunteers/{volunteer_id}")
    assert "deaktiviert" not in shown.text and "Verschwiegenheitserklärung" in shown.text
    assert len(set(VOLUNTEER_ID.findall((await client.http.get("/matching")).text))) == 1
