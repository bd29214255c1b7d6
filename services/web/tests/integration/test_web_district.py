"""The coordinators' district settings over the real notifications service: the defaults shown,
points of contact, Integreat link, quiet hours and coordinators saved and shown again, a bad
link or time refused beside its field with nothing saved, the district always the token's, and
the page refused to case managers and to a form without its CSRF token."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any

import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import MAIN_KINZIG
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_notifications.main import build
from wir_notifications.settings import NotificationSettings

from ..conftest import SignedIn

LINK = "https://integreat.app/kreis-bergstrasse/{language}/willkommen"


@pytest.fixture
async def notifications(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    """Notifications with its defaults (21:00–08:00 Europe/Berlin) and without its periodic jobs:
    these tests only read and write the settings."""
    spec = dataclasses.replace(build(NotificationSettings()), background=())
    return await wir_runtime(spec, wir_settings("notifications"))


def settings_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "contact_0_name": "Fachdienst Migration",
        "contact_0_role": "Erstberatung",
        "contact_0_phone": "+49 6252 15-5555",
        "contact_0_email": "migration@kreis-bergstrasse.de",
        "contact_0_address": "Gräffstraße 5, 64646 Heppenheim",
        "contact_1_name": "",
        "contact_2_name": "Sprachcafé Bensheim",
        "integreat_url": LINK,
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:30",
        "time_zone": "Europe/Berlin",
        "coordinator_0_name": "Petra Schulz",
        "coordinator_0_email": "p.schulz@kreis-bergstrasse.de",
        "coordinator_0_language": "deu",
        "coordinator_1_name": "",
        "coordinator_1_email": "",
        "coordinator_1_language": "deu",
    }
    form.update(changes)
    return form


def value_of(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*id="f-{name}"[^>]*>', page)
    found = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    return html.unescape(found.group(1)) if found else None


async def test_the_coordinator_sees_the_defaults_of_the_district(
    signed_in: SignedIn, notifications: Runtime
) -> None:
    client = await signed_in("coordinator", notifications=notifications)

    page = await client.http.get("/district")

    assert page.status_code == 200
    assert "Kreis Bergstraße" in page.text and "Standardwerte" in page.text
    assert "21:00 bis 08:00 Uhr (Europe/Berlin)" in page.text
    assert value_of(page.text, "quiet_hours_start") == "21:00"
    assert value_of(page.text, "contact_0_name") == ""
    assert 'id="f-contact_2_name"' in page.text and 'id="f-contact_3_name"' not in page.text
    assert 'for="f-coordinator_0_email"' in page.text and 'for="f-integreat_url"' in page.text
    assert "{language}" in page.text  # the placeholder is explained


async def test_saved_settings_are_shown_after_the_redirect_and_on_the_next_visit(
    signed_in: SignedIn, notifications: Runtime
) -> None:
    client = await signed_in("coordinator", notifications=notifications)

    answer = await client.submit("/district", settings_form())

    assert answer.status_code == 303 and answer.headers["location"] == "/district?saved=1"
    shown = await client.http.get(answer.headers["location"])
    assert shown.status_code == 200
    assert 'class="success" role="status"' in shown.text
    assert "eigene Einstellungen" in shown.text
    again = await client.http.get("/district")
    assert "Die Einstellungen sind gespeichert" not in again.text
    for page in (shown.text, again.text):
        assert value_of(page, "contact_0_name") == "Fachdienst Migration"
        assert value_of(page, "contact_0_phone") == "+49 6252 15-5555"
        # The empty row between them is not kept: the second contact moves up.
        assert value_of(page, "contact_1_name") == "Sprachcafé Bensheim"
        assert value_of(page, "contact_2_name") == ""
        assert 'id="f-contact_4_name"' in page and 'id="f-contact_5_name"' not in page
        assert value_of(page, "integreat_url") == LINK
        assert value_of(page, "quiet_hours_start") == "22:00"
        assert value_of(page, "quiet_hours_end") == "07:30"
        assert value_of(page, "coordinator_0_email") == "p.schulz@kreis-bergstrasse.de"
        assert "22:00 bis 07:30 Uhr" in page


async def test_a_bad_link_and_a_bad_time_are_shown_beside_their_fields_and_nothing_is_saved(
    signed_in: SignedIn, notifications: Runtime
) -> None:
    client = await signed_in("coordinator", notifications=notifications)
    bad_link = "http://integreat.app/kreis-bergstrasse/{language}"

    answer = await client.submit("/district", settings_form(integreat_url=bad_link, quiet_hours_end="25:00"))

    assert answer.status_code == 422
    for name in ("integreat_url", "quiet_hours_end"):
        assert f'id="f-{name}-error"' in answer.text, name
        assert re.search(
            rf'id="f-{name}"[^>]*aria-describedby="[^"]*f-{name}-error"[^>]*aria-invalid="true"', answer.text
        )
        assert f'href="#f-{name}"' in answer.text  # the summary leads to the field
    assert "beginnt mit https://" in answer.text.lower() or "mit https:// beginnt" in answer.text
    assert value_of(answer.text, "integreat_url") == bad_link
    assert value_of(answer.text, "quiet_hours_end") == "25:00"
    assert value_of(answer.text, "contact_0_name") == "Fachdienst Migration"
    assert value_of(answer.text, "coordinator_0_name") == "Petra Schulz"
    assert "Standardwerte" in answer.text  # what applies is still the defaults
    unchanged = await client.http.get("/district")
    assert "Standardwerte" in unchanged.text and value_of(unchanged.text, "integreat_url") == ""


async def test_a_contact_without_a_name_and_a_coordinator_twice_are_refused_beside_their_rows(
    signed_in: SignedIn, notifications: Runtime
) -> None:
    client = await signed_in("coordinator", notifications=notifications)
    twice = {"coordinator_1_name": "P. Schulz", "coordinator_1_email": "P.Schulz@kreis-bergstrasse.de"}

    no_name = await client.submit("/district", settings_form(contact_2_name="", contact_2_phone="06252 150"))
    duplicate = await client.submit("/district", settings_form(**twice))

    assert no_name.status_code == 422
    assert (
        'id="f-contact_2_name-error"' in no_name.text
        and value_of(no_name.text, "contact_2_phone") == "06252 150"
    )
    assert duplicate.status_code == 422
    assert 'id="f-coordinators-error"' in duplicate.text and "nur einmal" in duplicate.text
    assert "Standardwerte" in (await client.http.get("/district")).text


async def test_a_case_manager_is_refused_the_page_and_the_form(
    signed_in: SignedIn, notifications: Runtime
) -> None:
    client = await signed_in("case_manager", notifications=notifications)

    assert (await client.http.get("/district")).status_code == 403
    # With a valid token of the case manager's own session (the language form on the start page).
    refused = await client.submit("/district", settings_form(), form_on="/")
    assert refused.status_code == 403
    coordinator = await signed_in("coordinator", notifications=notifications)
    assert "Standardwerte" in (await coordinator.http.get("/district")).text


async def test_a_form_without_its_csrf_token_is_refused_and_saves_nothing(
    signed_in: SignedIn, notifications: Runtime
) -> None:
    client = await signed_in("coordinator", notifications=notifications)

    missing = await client.http.post("/district", data=settings_form())
    wrong = await client.http.post("/district", data={"csrf_token": "forged", **settings_form()})

    assert missing.status_code == 403 and wrong.status_code == 403
    assert "Standardwerte" in (await client.http.get("/district")).text


async def test_another_districts_coordinator_sees_their_own_defaults(
    signed_in: SignedIn, notifications: Runtime
) -> None:
    bergstrasse = await signed_in("coordinator", notifications=notifications)
    assert (await bergstrasse.submit("/district", settings_form())).status_code == 303

    main_kinzig = await signed_in("coordinator", district=MAIN_KINZIG, notifications=notifications)
    page = await main_kinzig.http.get("/district")

    assert page.status_code == 200
    assert "Main-Kinzig-Kreis" in page.text and "Standardwerte" in page.text
    assert "Fachdienst Migration" not in page.text and "p.schulz@" not in page.text
    assert value_of(page.text, "integreat_url") == ""
