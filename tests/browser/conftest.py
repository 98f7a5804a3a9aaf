"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against Django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an event loop running in the test thread while it is open, so it is
    closed after each module (async tests elsewhere need the thread free), and Django is told that
    the tests' own ORM calls, which stay synchronous, are safe there.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`.")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a page in a fresh browser context (its own cookies), based at the live server."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/sessions/")


# --- The live room needs websockets: a real ASGI server (pytest-django's live_server is WSGI only) ---


@pytest.fixture(scope="module")
def asgi_live_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """Base URL of one uvicorn process per test module on the test database (tests/asgi_servers.py).

    No REDIS_URL: the in-memory channel layer is enough, since every websocket lives in this process.
    Tests must use `@pytest.mark.django_db(transaction=True)` so the server sees what they create.
    """
    from django.db import connection

    from tests.asgi_servers import start_uvicorn

    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    server = start_uvicorn(
        settings_dict=settings_dict,
        log=tmp_path_factory.mktemp("asgi") / "uvicorn.log",
        SECRET_KEY="asgi-live-server",
    )
    try:
        server.wait_healthy()
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def asgi_page(browser, asgi_live_server):
    """asgi_page(**context_options) -> a page in a fresh browser context, based at the ASGI server.

    Each page records its console errors and uncaught exceptions in `page.problems` (a CSP
    violation shows up there), so tests can assert that there were none.
    """
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1100, "height": 900})
        context = browser.new_context(base_url=asgi_live_server, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def off_loop(function, /, *args, **kwargs):
    """Run service calls that broadcast to the channel layer (async_to_sync) outside the thread where
    Playwright's event loop runs."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def acknowledge_statement(page) -> None:
    """The antitrust statement read out at the start: the room waits for this person's click."""
    from playwright.sync_api import expect

    dialog = page.get_by_test_id("statement-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="I have read it and will follow it").click()
    expect(dialog).to_be_hidden()
