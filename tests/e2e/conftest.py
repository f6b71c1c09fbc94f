"""The reference frontend's tests: pages through Django's test client, and
Playwright's sync API driving the system's Chromium against the live server."""

import os
import threading
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def frontend_mounted(settings):
    """The frontend's route exists only where the setting turned it on at start-up."""
    if not settings.CAREERS_FRONTEND_ENABLED:
        pytest.skip("the reference frontend is off (CAREERS_FRONTEND_ENABLED=false)")


@pytest.fixture
def browser(monkeypatch):
    """Chromium from the system's package; Playwright's own browsers are not used."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium`")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API keeps an event loop running in the test's thread, where
    # Django would then refuse the test's own (synchronous) queries. Only for
    # browser tests, so the rest of the suite keeps Django's check.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While that loop runs, Django keeps this thread's database connections
        # apart from its usual ones (asgiref's Local); close them while they are
        # still reachable, or one stays open and PostgreSQL cannot drop the test
        # database at the end.
        connections.close_all()


@pytest.fixture
def page(browser):
    """A fresh browser profile (no cookies) with a desktop window."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


#: The windows the pages are looked at in, by device.
DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(DEVICES))
def device(request):
    """A test that asks for it runs once on a desktop and once on a phone."""
    return request.param


@pytest.fixture
def viewport(device):
    """The size of ``device``'s window, {width, height}."""
    return DEVICES[device]


@pytest.fixture
def device_page(browser, device, viewport):
    """A fresh browser profile on ``device``'s screen (a phone's: mobile, by touch)."""
    phone = device == "phone"
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    yield context.new_page()
    context.close()


@pytest.fixture
def one_request_at_a_time(live_server):
    """The live server, answering one request at a time.

    The test database is SQLite in memory, shared between threads through SQLite's
    shared cache, where a write refuses at once ("database table is locked") another
    connection's use of the same table instead of waiting for it; and each of the
    server's request threads has a connection of its own (the session's live server
    starts before the test database exists, so it hands none to its threads). The
    Wagtail admin sends requests side by side (autosave, the live preview panel),
    so tests driving it take turns here. Static files stream after the lock is let go.
    """
    httpd = live_server.thread.httpd
    application = httpd.get_app()
    lock = threading.Lock()

    def in_turn(environ, start_response):
        with lock:
            return application(environ, start_response)

    httpd.set_app(in_turn)
    yield live_server
    httpd.set_app(application)


@pytest.fixture
def resume_pdf(tmp_path) -> Path:
    """A small, valid one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path = tmp_path / "ada-lovelace-cv.pdf"
    path.write_bytes(body)
    return path
