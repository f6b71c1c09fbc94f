"""The posting's facts in a real browser at desktop and phone widths: every fact
visible, the icons drawn in the text's colour, nothing wider than the screen."""

import datetime

import pytest
from django.utils import timezone

from careers_pages.models import JobPostingPage
from tests.factories import PROJECT, publish_in_two_places

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

live_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)
POSTING = "/company/careers/back-end-engineer"
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"


@live_database
def test_a_hybrid_posting_in_two_places_shows_its_facts(
    live_server, imported_site, device, viewport, device_page
):
    closing = timezone.localdate() + datetime.timedelta(days=60)
    publish_in_two_places(
        JobPostingPage.objects.get(slug="back-end-engineer"),
        employment_type="FULL_TIME",
        location="Bengaluru, India or Berlin, Germany (Hybrid)",
        valid_through=closing,
    )

    problems = []
    device_page.on(
        "console", lambda message: message.type == "error" and problems.append(message.text)
    )
    device_page.goto(f"{live_server.url}{POSTING}")

    facts = device_page.locator(".posting-facts")
    for words in ("Engineering", "Bengaluru, Karnataka, IN", "Berlin, Berlin, DE", "Hybrid"):
        expect(facts).to_contain_text(words)
    expect(facts).to_contain_text("Full-time")
    expect(device_page.locator(".fact-pay").get_by_role("listitem")).to_have_text(
        ["Bengaluru: ₹2,400,000–₹3,600,000 a year", "Berlin: €65,000–€85,000 a year"]
    )
    expect(device_page.locator(".closing-date")).to_have_text(
        f"Applications close {closing.day} {closing:%B %Y}"
    )
    expect(device_page.get_by_role("link", name="Back to all open positions")).to_be_visible()
    # Inline icons take the colour of the text they sit in (the accent here).
    colours = device_page.evaluate(
        """() => [...document.querySelectorAll('.posting-facts dt .icon')].map(
            icon => [getComputedStyle(icon).stroke, getComputedStyle(icon).color])"""
    )
    assert len(colours) == 5  # department, locations, workplace, employment, pay
    assert all(stroke == colour for stroke, colour in colours), colours
    assert device_page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    device_page.screenshot(path=SCREENSHOTS / f"posting-facts-{device}.png", full_page=False)
    device_page.goto(f"{live_server.url}/company/careers")
    device_page.screenshot(path=SCREENSHOTS / f"index-icons-{device}.png", full_page=True)
    device_page.context.close()
    assert problems == []


@live_database
def test_wagtails_own_template_shows_the_same_facts(live_server, browser, imported_site, settings):
    """With the reference frontend off (the production default), Wagtail's plain
    template of the posting, through the same partials."""
    from tests.content.test_page_visibility import project_urlconf

    settings.CAREERS_FRONTEND_ENABLED = False
    settings.CAREERS_FRONTEND_BASE_URL = ""
    settings.ROOT_URLCONF = project_urlconf(False)
    publish_in_two_places(
        JobPostingPage.objects.get(slug="back-end-engineer"),
        employment_type="PART_TIME",
        valid_through=timezone.localdate() + datetime.timedelta(days=60),
    )

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{POSTING}")
    facts = page.locator(".posting-facts")
    for words in ("Engineering", "Berlin, Berlin, DE", "Hybrid", "Part-time"):
        expect(facts).to_contain_text(words)
    expect(page.locator(".closing-date")).to_contain_text("Applications close")
    expect(page.get_by_role("link", name="Back to all open positions")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "posting-facts-wagtail-template.png")
    context.close()
