"""The browser journey's steps for staff, each named for what the user does in the web app: a
case manager registers a person (through the look-alike warning), records a need and a consent,
keeps the Kompetenznachweis and shares it; a coordinator registers a volunteer, runs matching
and books an interpreter. Every page on the way is checked by axe and kept as a screenshot."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.async_api import Browser, Page, expect

from wir_kit.testing.districts import BERGSTRASSE
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.sandbox import Sandbox

from .browser import shown

HEPPENHEIM = "06431011"
#: What the person and the volunteer have in common: only this volunteer of the district's demo
#: pool speaks Arabic and helps with these topics, so the proposal goes to them.
TOPICS = ("housing", "authorities")
#: Longest wait for what reaches a service by events (a record opened, a person known).
EVENTS_S = 60.0
PERSON_PAGE = re.compile(r"/people/([0-9a-f-]{36})$")


@dataclass
class Trip:
    """What the journey carries from one user to the next."""

    platform: Sandbox
    sink: MailSink
    chromium: Browser
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    person_id: str = ""
    share_link: str = ""

    @property
    def web(self) -> str:
        return self.platform.url("web")

    def email(self, who: str) -> str:
        return f"{who}.{self.tag}@example.org"

    async def browser_page(self, locale: str = "de-DE") -> Page:
        """A page of a browser of its own: nobody's sign-in carries over."""
        context = await self.chromium.new_context(locale=locale)
        return await context.new_page()


def local(url: str, base: str) -> str:
    """`url`'s path and query at `base`: the sandbox's services listen on ports of their own."""
    parts = urlsplit(url)
    return base + parts.path + (f"?{parts.query}" if parts.query else "")


async def heading(page: Page, text: str) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_text(text)


async def sign_in(page: Page, base: str, role_label: str, district: str = BERGSTRASSE) -> None:
    await page.goto(f"{base}/signin")
    await page.get_by_label("Landkreis oder Stadt").select_option(district)
    await page.get_by_label("Rolle").select_option(label=role_label)
    await page.get_by_role("button", name="Anmelden").click()
    await heading(page, "Übersicht")


async def fill_person(page: Page, transliteration: str, email: str | None, consents: tuple[str, ...]) -> None:
    """The registration form for an Arabic speaker in Heppenheim born in 1991."""
    await page.locator("#given_names").fill("سارة")
    await page.locator("#family_name").fill("الخطيب")
    await page.locator("#transliteration").fill(transliteration)
    await page.locator("#dob_year").fill("1991")
    await page.locator("#country_of_origin").select_option("SY")
    await page.locator("#language_0").fill("arb")
    await page.locator("#level_0").select_option("native")
    await page.locator("#preferred_language").fill("arb")
    if email is not None:
        await page.locator("#email").fill(email)
        await page.locator("#channels-email").check()
    await page.locator("#municipality").select_option(HEPPENHEIM)
    await page.locator("#residence_status").select_option("aufenthaltsgestattung")
    for purpose in consents:
        await page.locator(f"#consents-{purpose}").check()


async def person_registered(page: Page) -> str:
    await expect(page).to_have_url(PERSON_PAGE)
    found = PERSON_PAGE.search(page.url)
    assert found is not None
    return found.group(1)


async def register_person(page: Page, trip: Trip) -> None:
    await page.get_by_role("navigation").get_by_role("link", name="Person registrieren").click()
    await heading(page, "Person registrieren")
    await shown(page, "registration-form")
    consents = ("processing", "contact_email", "share_with_volunteers", "share_with_employers")
    await fill_person(page, "Sara Al-Khatib", trip.email("sara"), consents)
    await page.get_by_role("button", name="Registrieren", exact=True).click()
    trip.person_id = await person_registered(page)
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Sara Al-Khatib")


async def register_look_alike(page: Page, trip: Trip) -> None:
    """Same name, another spelling of it in Latin letters: intake warns before it registers."""
    await page.goto(f"{trip.web}/people/new")
    await fill_person(page, "Sarah Al-Khateeb", None, ("processing",))
    await page.get_by_role("button", name="Registrieren", exact=True).click()
    warning = page.locator("section.warning")
    await expect(warning.get_by_role("heading", name="Diese Personen sehen ähnlich aus")).to_be_visible()
    await expect(warning.locator(f'a[href="/people/{trip.person_id}"]')).to_be_visible()
    await shown(page, "registration-look-alikes")
    await warning.get_by_role("button", name="Es ist eine neue Person: trotzdem registrieren").click()
    assert await person_registered(page) != trip.person_id


async def find_person(page: Page, trip: Trip) -> None:
    await page.get_by_role("navigation").get_by_role("link", name="Personen", exact=True).click()
    await heading(page, "Personen suchen")
    await page.get_by_label("Name", exact=True).fill("Al-Khatib")
    await page.get_by_role("button", name="Suchen", exact=True).click()
    await expect(page.get_by_role("status")).to_contain_text("Treffer")
    await shown(page, "people-search")
    await page.locator(f'a[href="/people/{trip.person_id}"]').click()
    await expect(page).to_have_url(f"{trip.web}/people/{trip.person_id}")


async def record_need_and_consent(page: Page) -> None:
    """A mentoring need with the volunteer's topics, and the consent interpreting asks for."""
    await page.locator("#need_kind").select_option("mentoring")
    for topic in TOPICS:
        await page.locator(f"#need_topics-{topic}").check()
    await page.get_by_role("button", name="Bedarf speichern").click()
    await expect(page.locator("#needs table")).to_contain_text("Lotsenbegleitung")
    await page.locator("#consent_purpose").select_option("share_with_interpreters")
    await page.get_by_role("button", name="Einwilligung speichern").click()
    await expect(page.locator("#consents table")).to_contain_text("Weitergabe an Sprachmittler")
    await shown(page, "person")


async def open_record(page: Page, trip: Trip) -> None:
    """Competence opens the record when it hears of the person: until then the page is not found."""
    await page.get_by_role("link", name="Kompetenznachweis", exact=True).click()
    await page.wait_for_url(f"{trip.web}/people/{trip.person_id}/record")
    deadline = time.monotonic() + EVENTS_S
    while await page.get_by_role("heading", level=1).inner_text() != "Kompetenznachweis":
        assert time.monotonic() < deadline, "the person's record was not opened in time"
        await asyncio.sleep(0.5)
        await page.goto(f"{trip.web}/people/{trip.person_id}/record")
    await shown(page, "record")


async def new_entry(page: Page, kind: str, title: str) -> None:
    await page.get_by_label("Art des neuen Eintrags").select_option(kind)
    await page.get_by_role("button", name="Eintrag hinzufügen").click()
    await heading(page, f"Neuer Eintrag: {title}")


async def add_language(page: Page) -> None:
    await new_entry(page, "language", "Sprachkenntnisse")
    await page.locator("#language").fill("deu")
    levels = {"listening": "A2", "reading": "A2", "spoken_interaction": "A1", "spoken_production": "A1"}
    for skill, level in levels.items():
        await page.locator(f"#{skill}").select_option(level)
    await page.locator("#evidence").select_option("self_assessment")
    await shown(page, "record-entry-language")
    await page.get_by_role("button", name="Speichern", exact=True).click()
    await heading(page, "Kompetenznachweis")
    await expect(page.locator("section", has=page.locator("#kind-language"))).to_contain_text("A2")


async def add_work(page: Page) -> None:
    """A baker's years in Syria, the occupation found by the search."""
    await new_entry(page, "work", "Berufserfahrung")
    await page.get_by_label("Berufsbezeichnung oder Code").fill("Bäcker")
    await page.get_by_role("button", name="Suchen", exact=True).click()
    await page.locator("#occupation-7512").check()
    await page.locator("#years").fill("4.5")
    await page.locator("#country").select_option("SY")
    await page.locator("#started_on").fill("2016-09-01")
    await page.locator("#ended_on").fill("2021-02-28")
    await shown(page, "record-entry-work")
    await page.get_by_role("button", name="Speichern", exact=True).click()
    await heading(page, "Kompetenznachweis")
    work = page.locator("section", has=page.locator("#kind-work"))
    await expect(work).to_contain_text("Bäcker, Konditoren und Süßwarenhersteller (7512)")


async def download_pdf(page: Page, trip: Trip) -> None:
    answer = await page.request.get(f"{trip.web}/people/{trip.person_id}/record.pdf")
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert (await answer.body()).startswith(b"%PDF")


async def share_with_employer(page: Page, trip: Trip) -> None:
    for kind in ("work", "language"):
        await page.locator(f"#section-{kind}").check()
    await page.get_by_label("Arbeitgeber (Name der Organisation)").fill("Bäckerei Sonnenschein GmbH")
    await page.get_by_label("E-Mail-Adresse des Arbeitgebers").fill(trip.email("personal"))
    await page.get_by_role("button", name="Freigabe erstellen").click()
    await expect(page.get_by_role("heading", name="Freigabe erstellt")).to_be_visible()
    trip.share_link = await page.get_by_label("Link für den Arbeitgeber").input_value()
    assert trip.share_link.startswith(f"{trip.web}/share/")
    await shown(page, "record-shared")


async def case_manager_keeps_the_persons_file(trip: Trip) -> None:
    page = await trip.browser_page()
    await page.goto(trip.web)
    await heading(page, "Anmelden")
    await shown(page, "sign-in")
    await sign_in(page, trip.web, "Fallmanagement")
    await expect(page.get_by_role("navigation")).to_contain_text("Person registrieren")
    await shown(page, "home-case-manager")
    await register_person(page, trip)
    await register_look_alike(page, trip)
    await find_person(page, trip)
    await record_need_and_consent(page)
    await open_record(page, trip)
    await add_language(page)
    await add_work(page)
    await download_pdf(page, trip)
    await share_with_employer(page, trip)
