"""An editor in a real browser (the system's Chromium) in the Wagtail admin: an
incomplete draft is saved without errors, Publish names what is missing, and a
shared preview link is copied with one click."""

import pytest
from django.urls import reverse

from careers_pages.models import CareersIndexPage, JobPostingPage
from careers_pages.previews.models import PagePreview
from tests.factories import PROJECT

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

live_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
MIN_NUM = "The minimum number of items is"


@pytest.fixture
def editor(live_server, browser, django_user_model, settings):
    """A signed-in editor's browser tab, allowed to read the clipboard."""
    # Without Wagtail's autosave, which saves at moments of its own choosing.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-passphrase")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/login/")
    tab.locator("#id_username").fill("editor")
    tab.locator("#id_password").fill("a-long-passphrase")
    tab.locator("form [type=submit]").click()
    expect(tab).to_have_url(f"{live_server.url}/admin/")
    yield tab
    context.close()


@live_database
@pytest.mark.usefixtures("one_request_at_a_time")
def test_a_draft_saves_and_a_refused_publish_names_the_sections(live_server, editor, imported_site):
    index = CareersIndexPage.objects.get()
    editor.goto(f"{live_server.url}/admin/pages/add/careers_pages/jobpostingpage/{index.pk}/")
    expect(editor.get_by_role("textbox", name="Title")).to_be_visible()
    stream = editor.locator("[data-contentpath=responsibilities]")
    expect(stream.get_by_role("button", name="Insert a block").first).to_be_visible()
    expect(editor.get_by_text(MIN_NUM)).to_have_count(0)  # an untouched posting

    editor.get_by_role("textbox", name="Title").fill("Data Engineer")
    editor.get_by_role("tab", name="Promote").click()
    editor.locator("#id_slug").fill("data-engineer")
    editor.get_by_role("tab", name="Content").click()
    actions = editor.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="Save draft").click()
    expect(editor.get_by_text("Page 'Data Engineer' created.")).to_be_visible()
    expect(editor.get_by_text(MIN_NUM)).to_have_count(0)
    expect(editor.get_by_text("Add at least one item to publish")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=SCREENSHOTS / "editor-draft-saved.png")
    assert not JobPostingPage.objects.get(slug="data-engineer").live

    actions = editor.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish").click()
    messages = editor.locator(".messages")
    expect(messages).to_contain_text("The page could not be saved due to validation errors")
    expect(messages).to_contain_text("Responsibilities: Add at least one item to publish.")
    expect(messages).to_contain_text("Qualifications: Add at least one item to publish.")
    expect(editor.get_by_text(MIN_NUM)).to_have_count(0)
    editor.evaluate("window.scrollTo(0, 0)")
    editor.screenshot(path=SCREENSHOTS / "editor-publish-refused.png")
    field = editor.locator("[data-contentpath=responsibilities]")
    field.scroll_into_view_if_needed()
    editor.screenshot(path=SCREENSHOTS / "editor-publish-refused-field.png")
    assert not JobPostingPage.objects.get(slug="data-engineer").live


@live_database
@pytest.mark.usefixtures("one_request_at_a_time")
def test_the_share_preview_link_is_copied_with_one_click(live_server, editor, imported_site):
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    editor.goto(f"{live_server.url}{reverse('careers_share_preview', args=[page.pk])}")
    editor.get_by_role("button", name="Create link").click()
    expect(editor.get_by_text("The preview link is ready")).to_be_visible()
    link = editor.get_by_role("textbox", name="Preview link")
    url = link.input_value()
    assert "preview_token=" in url and PagePreview.objects.filter(kind="shared").count() == 1

    copy = editor.get_by_role("button", name="Copy", exact=True)
    copy.click()
    expect(editor.get_by_text("Copied", exact=True)).to_be_visible()
    assert editor.evaluate("navigator.clipboard.readText()") == url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=SCREENSHOTS / "share-preview-copied.png")
