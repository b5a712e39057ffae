"""Headless Chromium for the tests: Playwright driving Debian's Chromium (nothing downloaded).

Playwright is given the system binary (``executable_path``), so no browser is
fetched at install or run time. Every page opened here is watched: console
errors and warnings (CSP violations included), uncaught exceptions, dialogs
(dismissed) and every request it makes; requests for anything but ``file:``
and ``data:`` URLs are aborted, so nothing leaves the machine.

Example::

    def test_opens(browser, tmp_path):
        seen = open_page(browser, Path("outputs/cooperation.html"))
        seen.page.wait_for_function("document.body.getAttribute('data-kg-drawn-nodes')")
        assert seen.errors == [] and seen.outside() == []
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: Chromium flags on top of Playwright's own.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--hide-scrollbars", "--mute-audio"]
VIEWPORT = {"width": 1400, "height": 900}


def chromium() -> str | None:
    """Path of the Chromium binary (``$CHROMIUM``, ``chromium``, ``chromium-browser``), or None."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def playwright_missing() -> str | None:
    """Why browser tests cannot run here (no Chromium, no Playwright), or None."""
    if chromium() is None:
        return "chromium is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


#: ``pytestmark = needs_browser`` skips a module only where no browser can run.
needs_browser = pytest.mark.skipif(playwright_missing() is not None, reason=playwright_missing() or "")


@dataclass
class Seen:
    """One watched page and what it did: console errors, dialogs, requests (URLs, in order)."""

    page: object
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests for anything but ``file:`` and ``data:`` URLs (all were aborted)."""
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:", "about:"))]


def watch(page) -> Seen:
    """Start recording what ``page`` does; abort every request that would leave the machine."""
    seen = Seen(page)
    page.on("console", lambda m: seen.errors.append(f"console.{m.type}: {m.text}")
            if m.type in ("error", "warning", "assert") else None)
    page.on("pageerror", lambda e: seen.errors.append(f"Uncaught: {e}"))

    def dialog(d):
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda r: seen.requests.append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
               else route.abort())
    return seen


def open_page(browser, path_or_url, wait: str | None = None, timeout: float = 30.0) -> Seen:
    """Open a file (or URL) in a fresh context, watched; optionally wait until JS ``wait`` is truthy.

    Parameters: ``browser`` the ``browser`` fixture; ``path_or_url`` a Path or
    URL string; ``wait`` a JavaScript expression; ``timeout`` seconds.
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    seen = watch(page)
    url = Path(path_or_url).resolve().as_uri() if isinstance(path_or_url, Path) else path_or_url
    page.goto(url, timeout=timeout * 1000)
    if wait:
        page.wait_for_function(wait, timeout=timeout * 1000)
    return seen


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium shared by one test module (skips where none can run)."""
    why = playwright_missing()
    if why:
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()
