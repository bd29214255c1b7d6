"""The browser journey's coordinator: registers a volunteer through the form, records their two
compliance documents, runs matching until the person is proposed to them, and books an
interpreter for the person from the district's demo pool."""

from __future__ import annotations

import asyncio
import time
from datetime import date, timedelta

from playwright.async_api import Page, expect

from .browser import shown
from .journey import EVENTS_S, HEPPENHEIM, TOPICS, Trip, heading, sign_in

VOLUNTEER = "Jana Becker"
#: The demo pool's Arabic interpreter (Heppenheim, Monday to Friday 08:00-18:00).
INTERPRETER = "Rania Haddad"


def appointment_day(today: date | None = None) -> date:
    """A weekday a few days ahead: past the district's lead time (48 h), within the demo
    interpreters' working hours (Monday to Friday)."""
    day = (today or date.today()) + timedelta(days=3)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


async def register_volunteer(page: Page, trip: Trip) -> None:
    """German and Arabic, in the person's town, with the person's topics, on weekday evenings."""
    await page.goto(f"{trip.web}/matching/volunteers/new")
    await heading(page, "Ehrenamtliche/n registrieren")
    await page.locator("#f-display_name").fill(VOLUNTEER)
    await page.locator("#f-email").fill(trip.email("jana"))
    await page.locator("#f-channels-email").check()
    await page.locator("#f-share_contact").check()
    for row, (language, level) in enumerate((("deu", "native"), ("ara", "C1"))):
        await page.locator(f"#f-lang_{row}").select_option(language)
        await page.locator(f"#f-level_{row}").select_option(level)
    await page.locator("#f-municipality").select_option(HEPPENHEIM)
    await page.locator("#f-capacity").fill("3")
    for topic in TOPICS:
        await page.locator(f"#f-topics-{topic}").check()
    for day in range(5):
        await page.locator(f"#f-start_{day}").fill("17:00")
        await page.locator(f"#f-end_{day}").fill("19:00")
    await shown(page, "volunteer-form")
    await page.get_by_role("button", name="Registrieren", exact=True).click()
    await heading(page, VOLUNTEER)
    await expect(page.get_by_role("status")).to_contain_text("Registriert.")


async def record_documents(page: Page) -> None:
    valid = (date.today() + timedelta(days=365)).isoformat()
    documents = page.locator("#documents")
    for kind, name in (
        ("criminal_record_certificate", "Erweitertes Führungszeugnis"),
        ("confidentiality_declaration", "Verschwiegenheitserklärung"),
    ):
        await page.locator("#f-kind").select_option(kind)
        await page.locator("#f-expires_on").fill(valid)
        await page.get_by_role("button", name="Eintragen", exact=True).click()
        await expect(documents.get_by_role("row", name=name)).to_contain_text("gültig")
    await expect(page.locator("main")).to_contain_text("vermittelbar")
    await shown(page, "volunteer")


async def run_matching_until_proposed(page: Page, trip: Trip) -> None:
    """Run matching now, again while the person's need is still on its way to matching; a run
    matching started by itself meanwhile shows its proposal among the current ones."""
    person = f'a[href="/people/{trip.person_id}"]'
    deadline = time.monotonic() + EVENTS_S
    while True:
        await page.goto(f"{trip.web}/matching")
        await heading(page, "Ehrenamtliche und Vermittlung")
        if await page.locator("#proposals").locator(person).count():
            break
        await page.get_by_role("button", name="Vermittlung jetzt starten").click()
        await heading(page, "Ergebnis der Vermittlung")
        if await page.locator(person).count():
            await shown(page, "matching-run")
            break
        assert time.monotonic() < deadline, "no proposal for the person in time"
        await asyncio.sleep(1.0)
    await page.goto(f"{trip.web}/matching?state=proposed")
    proposal = page.get_by_role("row").filter(has=page.locator(person))
    await expect(proposal).to_contain_text(VOLUNTEER)
    await expect(proposal).to_contain_text("gemeinsame Sprache")
    await expect(proposal).to_contain_text("hilft bei:")
    await shown(page, "matching")


async def book_interpreter(page: Page, trip: Trip) -> None:
    """On site at the Jobcenter in Heppenheim, 10:00 to 11:00; the language is the person's."""
    day = appointment_day().isoformat()
    deadline = time.monotonic() + EVENTS_S
    while True:
        await page.goto(f"{trip.web}/interpreting/requests/new?person_id={trip.person_id}")
        await heading(page, "Dolmetscher/in buchen")
        await page.locator("#f-day").fill(day)
        await page.locator("#f-start").fill("10:00")
        await page.locator("#f-end").fill("11:00")
        await page.locator("#f-mode").select_option("on_site")
        await page.locator("#f-venue").select_option("jobcenter")
        await page.locator("#f-municipality").select_option(HEPPENHEIM)
        await shown(page, "interpreting-request-form")
        async with page.expect_navigation():
            await page.get_by_role("button", name="Buchen", exact=True).click()
        # The form again while interpreting has not heard of the person or the consent yet.
        if await page.get_by_role("heading", level=1).inner_text() == "Dolmetschanfrage":
            break
        assert time.monotonic() < deadline, await page.locator("main").inner_text()
        await asyncio.sleep(1.0)
    await expect(page.get_by_role("status")).to_contain_text(f"{INTERPRETER} wurde angefragt")
    await shown(page, "interpreting-request")


async def coordinator_matches_and_books(trip: Trip) -> None:
    page = await trip.browser_page()
    await sign_in(page, trip.web, "Koordination")
    await expect(page.get_by_role("navigation")).to_contain_text("Lotsen und Matching")
    await shown(page, "home-coordinator")
    await register_volunteer(page, trip)
    await record_documents(page)
    await run_matching_until_proposed(page, trip)
    await book_interpreter(page, trip)
