"""Browser tests: the app served from a thread, driven by Debian's Chromium through Playwright.

Every test gets a fresh app (fresh SQLite database), a live server for it and a fresh browser
context. A test fails if the page logged a console error (CSP violations included), threw an
uncaught exception, or the server answered 5xx or raised.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Response,
    ViewportSize,
    sync_playwright,
)
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ALLOW_NO_BROWSER = "COMMENTGUARD_ALLOW_NO_BROWSER"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


# --- what went wrong ------------------------------------------------------------------------


class Problems:
    """Console errors, page errors and server failures seen during one test."""

    def __init__(self) -> None:
        self.reports: list[str] = []
        self._expected: list[re.Pattern[str]] = []
        self._lock = threading.Lock()  # the server's threads report here too

    def add(self, kind: str, message: str) -> None:
        with self._lock:
            self.reports.append(f"{kind}: {message}")

    def expect_console_error(self, pattern: str) -> None:
        """Let console errors matching ``pattern`` (a regex) pass in this test only."""
        self._expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        with self._lock:
            return [
                report
                for report in self.reports
                if not (
                    report.startswith("console error: ")
                    and any(p.search(report) for p in self._expected)
                )
            ]


@pytest.fixture
def problems() -> Problems:
    return Problems()


# --- the live server ------------------------------------------------------------------------


class _ServerExceptions(logging.Handler):
    """Exceptions logged by the server's threads: the app's 500 handler logs them, then answers."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(logging.ERROR)
        self.problems = problems

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and threading.current_thread() is not threading.main_thread():
            details = "".join(traceback.format_exception(*record.exc_info))
            self.problems.add("server exception", f"{record.getMessage()}\n{details}")


class _TrackedHandler(WSGIRequestHandler):
    """Remembers its connection, so the server can end idle keep-alive connections on shutdown."""

    def setup(self) -> None:
        super().setup()
        self.server.open_connections.add(self.connection)  # type: ignore[attr-defined]

    def finish(self) -> None:
        self.server.open_connections.discard(self.connection)  # type: ignore[attr-defined]
        super().finish()


@pytest.fixture
def live_server(app: Flask, problems: Problems) -> Iterator[str]:
    """The ``app`` served over HTTP from a thread; yields its base URL (no trailing slash)."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_TrackedHandler)
    server.open_connections = set()  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    exceptions = _ServerExceptions(problems)
    logging.getLogger().addHandler(exceptions)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        # Chromium keeps connections alive; a handler thread waits on each. Ending them lets
        # server_close() join every handler thread, so no request outlives this test's app.
        for connection in list(server.open_connections):  # type: ignore[attr-defined]
            with contextlib.suppress(OSError):  # the browser closed it first
                connection.shutdown(socket.SHUT_RDWR)
        server.server_close()
        thread.join(timeout=10)
        logging.getLogger().removeHandler(exceptions)
    assert not thread.is_alive(), "the live server's thread did not stop"


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by the session.

    Missing Chromium fails every browser test, unless COMMENTGUARD_ALLOW_NO_BROWSER=1 says a
    machine without it may skip them (CI must not set it). The variable is read here, in a
    session fixture, because the function-scoped ``_isolated_environment`` removes it.
    """
    if not CHROMIUM.exists():
        if os.environ.get(ALLOW_NO_BROWSER) == "1":
            pytest.skip(f"{CHROMIUM} is missing and {ALLOW_NO_BROWSER}=1 allows skipping")
        pytest.fail(
            f"{CHROMIUM} is missing: `make install-test` installs Debian's chromium "
            f"(set {ALLOW_NO_BROWSER}=1 to skip the browser tests on this machine)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _watch(page: Page, problems: Problems) -> None:
    def on_console(message: ConsoleMessage) -> None:
        where = message.location
        # Chromium fetches /favicon.ico by itself for pages that link no icon (/healthz).
        if message.type == "error" and not str(where.get("url", "")).endswith("/favicon.ico"):
            problems.add(
                "console error",
                f"{message.text} ({where.get('url')}:{where.get('lineNumber')}) on {page.url}",
            )

    def on_response(response: Response) -> None:
        if response.status >= 500:
            problems.add(
                "server error", f"{response.status} for {response.request.method} {response.url}"
            )

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.add("page error", f"{error} on {page.url}"))
    page.on("response", on_response)


@pytest.fixture
def page(browser: Browser, live_server: str, problems: Problems) -> Iterator[Page]:
    """A page in a new browser context (1280x900) that fails the test on any console error."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("page", lambda opened: _watch(opened, problems))
    page = context.new_page()
    yield page
    context.close()
    unexpected = problems.unexpected()
    if unexpected:
        pytest.fail(
            f"{len(unexpected)} problem(s) in the browser or the server:\n"
            + "\n".join(f"- {report}" for report in unexpected),
            pytrace=False,
        )


# --- helpers --------------------------------------------------------------------------------


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as test-artifacts/screenshots/<name>.png, for people to look at."""
    if not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"not a file name: {name!r}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def login(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login form; the caller checks where the browser landed."""
    page.goto(f"{base_url}/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    # Success redirects and failure re-renders: either way the form's POST navigates.
    with page.expect_navigation():
        page.locator("#login-form button[type=submit]").click()
