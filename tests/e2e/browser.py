"""A real Chromium for the end-to-end tests, driven by Playwright: Debian's browser binary
(Playwright's own download is not reachable from CI), an axe-core check of every page shown,
and a screenshot of it under var/screenshots (git-ignored; the README shows them)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page, async_playwright

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
#: What axe reports at these levels fails the page (BITV 2.0 / WCAG 2.1 AA).
BLOCKING = frozenset({"serious", "critical"})
#: The WCAG 2.1 A and AA rules axe knows, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def chromium() -> str:
    """The system Chromium: WIR_CHROMIUM, else `chromium` on PATH (`make system-tools`)."""
    found = os.environ.get("WIR_CHROMIUM") or shutil.which("chromium")
    if found is None:
        message = "no Chromium: `make system-tools` installs Debian's (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@asynccontextmanager
async def browser() -> AsyncIterator[Browser]:
    executable = chromium()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            await launched.close()


async def blocking_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, as `rule: selector` lines."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = await Axe().run(page, options=options)
    return [
        f"{violation['id']}: {', '.join(str(node['target']) for node in violation['nodes'])}"
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING
    ]


async def shown(page: Page, name: str) -> None:
    """The page passes axe's check, and its screenshot is kept as `name`.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert await blocking_violations(page) == [], f"accessibility of {name} ({page.url.split('?')[0]})"
