"""End to end in a real browser: every service and the web app as processes of `wir run`,
Chromium driven by Playwright, each page checked by axe-core and kept as a screenshot.

One journey on one platform: a case manager registers an Arabic-speaking person (past the
look-alike warning), records a mentoring need and a consent, keeps her Kompetenznachweis and
shares it; a coordinator registers a volunteer, runs matching until she is proposed, and books
an interpreter; the volunteer accepts through the link in their e-mail; the employer opens the
share without an account and checks a code; the person reads her inbox in Arabic, right to left,
signed in by a one-time code sent to her e-mail.
"""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
from playwright.async_api import Page, expect

from wir_kit.testing.waiting import eventually
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.sandbox import sandbox

from .browser import browser, shown
from .journey import Trip, case_manager_keeps_the_persons_file, heading, local
from .journey_coordinator import coordinator_matches_and_books

EVERY_SERVICE = ["intake", "competence", "matching", "interpreting", "notifications", "web"]
#: Longest wait for an e-mail the platform sends.
MAIL_S = 60.0


def plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def links_in(sink: MailSink, address: str, pattern: str) -> list[str]:
    return [found for received in sink.to(address) for found in re.findall(pattern, plain(received.message))]


async def volunteer_accepts_through_their_link(trip: Trip) -> None:
    """The proposal's e-mail links matching's own answer page: no account, no web app."""
    address = trip.email("jana")
    await trip.sink.wait_for(address, timeout_s=MAIL_S)

    async def answer_link() -> list[str]:
        return links_in(trip.sink, address, r"https?://\S+/answers/[A-Za-z0-9_.-]+")

    [link] = await eventually(answer_link, timeout=MAIL_S)
    page = await trip.browser_page()
    await page.goto(local(link, trip.platform.url("matching")))
    await heading(page, "Anfrage für eine Begleitung")
    await expect(page.locator("main")).to_contain_text("Wohnen")
    await shown(page, "answer")
    await page.get_by_role("button", name="Ja, ich übernehme das").click()
    await heading(page, "Vielen Dank!")
    await shown(page, "answer-accepted")


async def employer_opens_the_share(trip: Trip) -> None:
    """The link, also sent to the employer by e-mail, opens the web app's page in German."""
    to_employer = (await trip.sink.wait_for(trip.email("personal"), timeout_s=MAIL_S)).message
    # Competence's own path (`/shares/…`), on the web app's address: the web app serves it too.
    token = trip.share_link.rsplit("/", 1)[-1]
    assert f"{trip.web}/shares/{token}" in plain(to_employer)
    page = await trip.browser_page()
    await page.goto(trip.share_link)
    await heading(page, "Kompetenznachweis")
    await expect(page.locator("html")).to_have_attribute("lang", "de")
    holder = page.locator("section", has=page.locator("#holder-title"))
    await expect(holder).to_contain_text("Sara Al-Khatib")
    await expect(holder).to_contain_text("سارة الخطيب")
    await expect(page.locator("main")).to_contain_text("Bäcker, Konditoren und Süßwarenhersteller")
    await shown(page, "share")
    await page.get_by_role("link", name="Prüfcode prüfen").click()
    await heading(page, "Kompetenznachweis prüfen")
    await page.get_by_label("Prüfcode", exact=True).fill("06431-AAAA-BBBB-CCCC")
    await page.get_by_role("button", name="Prüfen", exact=True).click()
    await expect(page.get_by_role("alert")).to_contain_text("Diesen Prüfcode gibt es nicht.")
    await shown(page, "verify-unknown")


def code_after(sink: MailSink, address: str, seen: int) -> str | None:
    """The one-time code in a message that came after the first `seen` (a line of six digits)."""
    for received in sink.to(address)[seen:]:
        found = re.search(r"^\s*([0-9]{6})\s*$", plain(received.message), re.MULTILINE)
        if found:
            return found.group(1)
    return None


async def person_opens_their_inbox(trip: Trip) -> tuple[Page, str]:
    """From the welcome e-mail's message link to the web app's inbox: (the page, the welcome's subject)."""
    welcome = (await trip.sink.wait_for(trip.email("sara"), timeout_s=MAIL_S)).message
    [link] = re.findall(r"https?://\S+/messages/[A-Za-z0-9_.-]+", plain(welcome))
    page = await trip.browser_page(locale="ar")
    await page.goto(local(link, trip.platform.url("notifications")))
    await expect(page.locator("article")).to_have_attribute("dir", "rtl")
    await shown(page, "message")
    inbox = await page.locator('a[href*="/inbox?m="]').get_attribute("href")
    assert inbox is not None, "the message page links no inbox"
    await page.goto(local(inbox, trip.web))
    return page, str(welcome["Subject"])


async def person_reads_their_inbox_in_arabic(trip: Trip) -> None:
    page, subject = await person_opens_their_inbox(trip)
    address = trip.email("sara")
    html = page.locator("html")
    await expect(html).to_have_attribute("lang", "ar")
    await expect(html).to_have_attribute("dir", "rtl")
    await expect(page.locator("nav.main-nav")).to_have_count(0)
    await shown(page, "inbox-start")
    seen = len(trip.sink.to(address))
    await page.locator('form[action="/inbox/code"]').get_by_role("button").click()
    await expect(page.locator("#code")).to_be_visible()
    await shown(page, "inbox-code")

    async def code() -> str | None:
        return code_after(trip.sink, address, seen)

    sent = await eventually(code, timeout=MAIL_S)
    assert sent is not None, "no one-time code arrived"
    await page.locator("#code").fill(sent)
    await page.locator('form[action="/inbox/session"]').get_by_role("button").click()
    await expect(page).to_have_url(f"{trip.web}/inbox")
    await expect(html).to_have_attribute("dir", "rtl")
    await expect(page.locator("article.inbox-message").first).to_have_attribute("dir", "rtl")
    await expect(page.locator("main")).to_contain_text(subject)
    await shown(page, "inbox")


# About 95 s alone (25 pages, each checked by axe); more on a machine busy with other work.
@pytest.mark.timeout(360)
async def test_a_person_is_registered_matched_shared_and_reads_her_inbox(sink: MailSink) -> None:
    async with sandbox(EVERY_SERVICE, sink.environ()) as platform, browser() as chromium:
        trip = Trip(platform, sink, chromium)
        await case_manager_keeps_the_persons_file(trip)
        await coordinator_matches_and_books(trip)
        await volunteer_accepts_through_their_link(trip)
        await employer_opens_the_share(trip)
        await person_reads_their_inbox_in_arabic(trip)
