"""A real browser for the journeys: Debian's Chromium driven by Playwright, the app served by
uvicorn on a free loopback port, axe checking every page, screenshots kept as test artifacts."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page, async_playwright

from tests.conftest import free_port
from tests.web.accounts import PASSWORD

CHROMIUM = os.environ.get("PPFLOW_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("PPFLOW_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"
ARGS = [
    "--no-sandbox",  # as root in CI
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
needs_chromium = pytest.mark.skipif(
    not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)
# What a browser sees does not depend on the database under the read model: a browser test runs
# against SQLite only (tests/conftest.py leaves out its PostgreSQL run), which keeps the suite's
# time within bounds; the pages' queries run on PostgreSQL in tests/web/test_pages.py and others.
one_database = pytest.mark.one_database


@asynccontextmanager
async def serve(app: object) -> AsyncIterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


class Journey:
    """One person's tab: every page it lands on is checked with axe and photographed."""

    def __init__(self, page: Page, base: str, name: str) -> None:
        self.page, self.base, self.name, self.step = page, base, name, 0
        self.axe = Axe()

    async def go(self, path: str) -> None:
        await self.page.goto(self.base + path)
        await self.check()

    async def check(self, label: str = "") -> None:
        """No axe violations (WCAG 2.1 A/AA) on the page as it is now; keep a screenshot."""
        self.step += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        slug = label or self.page.url.split("//", 1)[1].split("/", 1)[-1].split("?")[0]
        slug = slug.replace("/", "_")[:60] or "home"
        await self.page.screenshot(
            path=str(ARTIFACTS / f"{self.name}-{self.step:02}-{slug}.png"), full_page=True
        )
        result = await self.axe.run(
            self.page,
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}},
        )
        assert result.violations_count == 0, result.generate_report()

    async def sign_in(self, username: str) -> None:
        await self.go("/login")
        await self.page.get_by_label("User name").fill(username)
        await self.page.get_by_label("Password").fill(PASSWORD)
        await self.page.get_by_role("button", name="Sign in").click()
        await self.check()

    async def fits(self, width: int = 390) -> None:
        """The page as it is now, `width` px wide: no sideways scrolling of the whole page (wide
        tables scroll inside their own box), checked with axe and photographed like any page."""
        size = self.page.viewport_size or {"width": 1280, "height": 900}
        await self.page.set_viewport_size({"width": width, "height": 900})
        try:
            overflow = await self.page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px at {width}px"
            await self.check(f"{width}px")
        finally:
            await self.page.set_viewport_size(size)

    async def picture(self, part: str, name: str) -> None:
        """A picture of one part of the page (a CSS selector) as test-artifacts/screenshots/
        picture-NAME.png: the README's pictures are chosen from these."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        await self.page.locator(part).first.screenshot(path=str(ARTIFACTS / f"picture-{name}.png"))
