"""End to end in a real browser: every service and the web app as processes of `wir run`,
Chromium driven by Playwright, each page checked by axe-core and kept as a screenshot."""

from __future__ import annotations

from playwright.async_api import Page, expect

from wir_kit.testing.districts import BERGSTRASSE
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.sandbox import sandbox

from .browser import browser, shown

EVERY_SERVICE = ["intake", "competence", "matching", "interpreting", "notifications", "web"]


async def sign_in(page: Page, base: str, role_label: str, district: str = BERGSTRASSE) -> None:
    await page.goto(f"{base}/signin")
    await page.get_by_label("Landkreis oder Stadt").select_option(district)
    await page.get_by_label("Rolle").select_option(label=role_label)
    await page.get_by_role("button", name="Anmelden").click()


async def test_every_role_signs_in_and_finds_its_start_page(sink: MailSink) -> None:
    async with sandbox(EVERY_SERVICE, sink.environ()) as platform, browser() as chromium:
        context = await chromium.new_context(locale="de-DE")
        page = await context.new_page()
        base = platform.url("web")
        await page.goto(base)
        await expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
        await shown(page, "sign-in")
        await sign_in(page, base, "Fallmanagement")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht")
        await expect(page.get_by_role("navigation")).to_contain_text("Person registrieren")
        await shown(page, "home-case-manager")
