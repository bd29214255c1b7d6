"""A person's page over the real intake (and notifications) services: profile, needs and consents
shown and changed through the page's forms, sections of services that are down, messages sent,
another district's person, and the erasure with its confirmation step and status."""

from __future__ import annotations

import re
from datetime import time

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, MAIN_KINZIG
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.waiting import eventually
from wir_notifications.main import build as notifications_build
from wir_notifications.settings import NotificationSettings

from ..conftest import SignedIn, WebClient
from .support import KEY, register


def section(page: str, name: str) -> str:
    """The HTML of one section of the person's page."""
    return page.split(f'<section id="{name}"')[1].split("</section>")[0]


async def need_key(client: WebClient, person_id: str) -> str:
    page = (await client.http.get(f"/people/{person_id}")).text
    return str(KEY.findall(section(page, "needs"))[0])


async def test_the_person_page_shows_profile_needs_and_consents(signed_in: SignedIn, intake: Runtime) -> None:
    amina = await register(
        intake, languages=[{"language": "prs", "level": "native"}, {"language": "eng", "level": "basic"}]
    )
    client = await signed_in("case_manager", intake=intake)
    page = (await client.http.get(f"/people/{amina['id']}")).text
    assert page.count("<h1") == 1
    profile = section(page, "profile")
    for shown in (
        "Amina",
        "Rahimi",
        "Dari – Muttersprache",
        "Englisch – Grundkenntnisse",
        "Afghanistan",
        "Heppenheim",
        "Aufenthaltsgestattung",
    ):
        assert shown in profile, shown
    consents = section(page, "consents")
    assert "Verarbeitung der Daten überhaupt</th>" in consents and "erteilt" in consents
    assert "Noch keine Bedarfe erfasst." in section(page, "needs")
    assert f'href="/people/{amina["id"]}/record"' in page
    assert f'href="/interpreting/requests/new?person_id={amina["id"]}"' in page


async def test_adding_a_need_shows_it_among_the_needs(signed_in: SignedIn, intake: Runtime) -> None:
    amina = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    path = f"/people/{amina['id']}"
    need = {
        "kind": "mentoring",
        "topics": ["housing", "authorities"],
        "mentor_gender": "female",
        "urgency": "high",
        "notes": "Sucht eine Wohnung",
        "idempotency_key": await need_key(client, amina["id"]),
    }
    first = await client.submit(f"{path}/needs", need, form_on=path)
    again = await client.submit(f"{path}/needs", need, form_on=path)  # a double click
    assert first.status_code == again.status_code == 303
    needs = section((await client.http.get(path)).text, "needs").split("<form")[0]
    assert needs.count("<tr>") == 2  # the head and one need
    for shown in (
        "Lotsenbegleitung",
        "Wohnen",
        "Behörden",
        "weiblich",
        "hoch",
        "offen",
        "Sucht eine Wohnung",
    ):
        assert shown in needs, shown


async def test_an_interpreting_need_without_its_language_is_named_beside_the_field(
    signed_in: SignedIn, intake: Runtime
) -> None:
    amina = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    path = f"/people/{amina['id']}"
    need = {
        "kind": "interpreting",
        "notes": "Termin beim Jobcenter",
        "idempotency_key": await need_key(client, amina["id"]),
    }
    answer = await client.submit(f"{path}/needs", need, form_on=path)
    assert answer.status_code == 422
    needs = section(answer.text, "needs")
    assert 'id="need_language-error"' in needs
    assert re.search(
        r'id="need_language"[^>]*aria-describedby="need_language-hint need_language-error"', needs
    )
    assert "Termin beim Jobcenter</textarea>" in needs
    assert "Noch keine Bedarfe erfasst." in needs


async def test_withdrawing_a_consent_shows_it_withdrawn(signed_in: SignedIn, intake: Runtime) -> None:
    amina = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    path = f"/people/{amina['id']}"
    consents = section((await client.http.get(path)).text, "consents")
    withdraw = consents.split('value="share_with_volunteers"')[0].rsplit("<form", 1)[1]
    key = KEY.findall(withdraw)[0]
    answer = await client.submit(
        f"{path}/consents/withdraw",
        {"purpose": "share_with_volunteers", "legal_basis": "consent", "idempotency_key": key},
        form_on=path,
    )
    assert answer.status_code == 303
    after = section((await client.http.get(path)).text, "consents")
    row = after.split("Weitergabe an Integrationslotsen</th>")[1].split("</tr>")[0]
    assert "widerrufen" in row and "Widerrufen" not in row  # no button to withdraw it again
    assert "Alle bisherigen Entscheidungen" in after


async def test_giving_a_consent_with_an_expiry_shows_until_when(signed_in: SignedIn, intake: Runtime) -> None:
    amina = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    path = f"/people/{amina['id']}"
    give = {"purpose": "share_with_employers", "legal_basis": "consent", "expires_on": "2099-06-30"}
    past = await client.submit(f"{path}/consents", {**give, "expires_on": "2001-01-01"}, form_on=path)
    assert past.status_code == 422
    assert 'id="consent_expires_on-error"' in past.text
    assert "Das Ablaufdatum liegt in der Vergangenheit." in past.text
    assert (await client.submit(f"{path}/consents", give, form_on=path)).status_code == 303
    row = section((await client.http.get(path)).text, "consents").split("Weitergabe an Arbeitgeber</th>")[1]
    assert "30.06.2099" in row.split("</tr>")[0]


async def test_another_districts_person_is_not_found(signed_in: SignedIn, intake: Runtime) -> None:
    elsewhere = await register(intake, district=MAIN_KINZIG)
    client = await signed_in("case_manager", district=BERGSTRASSE, intake=intake)
    path = f"/people/{elsewhere['id']}"
    for page in ("", "/erase", "/erasure"):
        answer = await client.http.get(path + page)
        assert answer.status_code == 404, page
        assert "Rahimi" not in answer.text
    need = await client.submit(f"{path}/needs", {"kind": "housing"}, form_on="/people")
    assert need.status_code == 404
    assert (await client.submit(f"{path}/erase", {}, form_on="/people")).status_code == 404
    assert (await client.http.get("/people/not-a-person")).status_code == 404


async def test_the_sections_of_services_that_are_down_say_so_and_the_rest_is_shown(
    signed_in: SignedIn, intake: Runtime
) -> None:
    amina = await register(intake)
    # notifications, matching, interpreting are not started
    client = await signed_in("case_manager", intake=intake)
    page = await client.http.get(f"/people/{amina['id']}")
    assert page.status_code == 200
    for name, service in (
        ("messages", "Benachrichtigungen"),
        ("matches", "Lotsen-Matching"),
        ("appointments", "Sprachmittlung"),
    ):
        assert f"der Dienst „{service}“ antwortet nicht" in section(page.text, name), name
    assert "Rahimi" in section(page.text, "profile")


async def test_the_welcome_message_and_its_delivery_are_listed(
    signed_in: SignedIn, intake: Runtime, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    # No quiet hours: the welcome goes out whenever the test runs.
    config = NotificationSettings(quiet_hours_start=time(0, 0), quiet_hours_end=time(0, 0), worker_poll_s=0.5)
    notifications = await wir_runtime(notifications_build(config), wir_settings("notifications"))
    client = await signed_in("case_manager", intake=intake, notifications=notifications)
    amina = await register(intake)

    async def welcome_delivered() -> str | None:
        """The welcome's row once its delivery has ended (it is listed while still on its way)."""
        messages = section((await client.http.get(f"/people/{amina['id']}")).text, "messages")
        if "Willkommen</th>" not in messages:
            return None
        row = messages.split("Willkommen</th>")[1].split("</tr>")[0]
        return row if "gesendet" in row or "fehlgeschlagen" in row else None

    row = await eventually(welcome_delivered, timeout=30)
    assert row is not None, "the welcome never appeared among the messages with its delivery's end"
    assert "Persisch" in row  # Dari's messages are written in Persian


async def test_erasure_is_confirmed_first_then_its_status_is_shown_per_service(
    signed_in: SignedIn, intake: Runtime
) -> None:
    amina = await register(intake)
    client = await signed_in("case_manager", intake=intake)
    path = f"/people/{amina['id']}"
    assert f'href="{path}/erase"' in (await client.http.get(path)).text
    asked = await client.http.get(f"{path}/erase")
    assert asked.status_code == 200 and "Person löschen?" in asked.text and "Rahimi" in asked.text
    assert (await client.http.get(path)).status_code == 200  # asking erased nothing
    answer = await client.submit(f"{path}/erase", {}, form_on=f"{path}/erase")
    assert answer.status_code == 303 and answer.headers["location"] == f"{path}/erasure"
    status = await client.http.get(f"{path}/erasure")
    assert status.status_code == 200
    assert "läuft" in status.text and "sofort gelöscht" in status.text
    for service in ("Kompetenzen", "Lotsen-Matching", "Sprachmittlung", "Benachrichtigungen"):
        assert re.search(rf"{service}</th>\s*<td>noch ausstehend", status.text), service
    assert "Rahimi" not in status.text
    gone = await client.http.get(path)
    assert gone.status_code == 303 and gone.headers["location"] == f"{path}/erasure"
