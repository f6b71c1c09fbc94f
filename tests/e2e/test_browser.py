"""A visitor in a real browser (the system's Chromium, through Playwright) on the
reference frontend, served by pytest-django's live server."""

import datetime
import re

import pytest

from careers_pages.hiring.models import Application
from careers_pages.models import CareersIndexPage
from tests.factories import PROJECT

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

# serialized_rollback: a transactional test empties the database afterwards; this
# restores what migrations made (Wagtail's default site and root page) for the next.
live_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)

POSTING = "/company/careers/back-end-engineer"
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
MESSAGE_LABEL = "What is most important to you in your next role?"


def textbox(page, name):
    return page.get_by_role("textbox", name=name, exact=True)


def fill_application(page, *, name="Ada Lovelace", email="ada@example.com"):
    # By their accessible names, as a screen reader announces them.
    expect(textbox(page, "Role")).to_have_value("Back-end Engineer")
    textbox(page, "Name").fill(name)
    if email is not None:
        textbox(page, "Email").fill(email)
    textbox(page, "GitHub profile").fill("https://github.com/ada")
    textbox(page, MESSAGE_LABEL).fill("Engines that weave algebraic patterns.")


def log_in(page, live_server, username, password):
    """Through the admin's own login form."""
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form [type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")


@live_database
def test_a_visitor_applies_from_the_index_to_the_success_page(
    live_server, page, imported_site, resume_pdf, private_files, django_user_model
):
    page.goto(f"{live_server.url}/company/careers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Build the API tools developers love")
    engineering = page.locator(".department", has=page.get_by_role("heading", name="Engineering"))
    engineering.get_by_role("link", name=re.compile("Back-end Engineer")).click()

    expect(page).to_have_url(f"{live_server.url}{POSTING}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Back-end Engineer")
    expect(page.locator(".badge")).to_have_text("Location: Remote")
    page.get_by_role("link", name="Back to all open positions").click()
    expect(page).to_have_url(f"{live_server.url}/company/careers")
    page.get_by_role("link", name=re.compile("Back-end Engineer")).click()
    expect(page).to_have_url(f"{live_server.url}{POSTING}")

    fill_application(page)
    page.get_by_label("Resume").set_input_files(resume_pdf)
    # With JavaScript the form goes to the API itself (the page's own action is
    # for browsers without it).
    api = f"{live_server.url}/api/careers/postings/back-end-engineer/applications/"
    with page.expect_response(lambda response: response.url == api) as sent:
        page.get_by_role("button", name="Submit Application").click()
    assert sent.value.status == 201 and sent.value.request.method == "POST"

    expect(page).to_have_url(f"{live_server.url}/company/careers/success")
    expect(page.get_by_role("heading", level=1)).to_have_text("Application has been submitted")
    expect(page.get_by_text("We'll reach out to you in 3-5 days")).to_be_visible()
    application = Application.objects.get()
    assert (application.name, application.email) == ("Ada Lovelace", "ada@example.com")
    assert application.posting.slug == "back-end-engineer"
    assert application.role == "Back-end Engineer"
    assert application.resume_filename == resume_pdf.name
    assert application.resume.open("rb").read() == resume_pdf.read_bytes()

    # The hiring team finds it in the admin's inbox.
    django_user_model.objects.create_superuser("hiring", "hiring@example.com", "a-long-passphrase")
    log_in(page, live_server, "hiring", "a-long-passphrase")
    page.goto(f"{live_server.url}/admin/applications/")
    expect(page.get_by_role("table").get_by_text("Ada Lovelace")).to_be_visible()


@live_database
def test_the_server_refuses_an_application_without_an_email_address(
    live_server, page, imported_site
):
    page.goto(f"{live_server.url}{POSTING}")
    fill_application(page, email=None)
    email = textbox(page, "Email")
    # Past the browser's own check, so that the API is what refuses.
    email.evaluate("input => input.removeAttribute('required')")
    page.get_by_role("button", name="Submit Application").click()

    error = page.locator(".field", has=email).locator(".field-error")
    expect(error).to_have_text("This field is required.")
    expect(error).to_be_visible()
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("This field is required.")
    expect(email).to_be_focused()
    expect(page.get_by_role("alert")).to_have_text("Please correct the field marked below.")
    expect(page).to_have_url(f"{live_server.url}{POSTING}")
    assert not Application.objects.exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".application").screenshot(path=SCREENSHOTS / "application-errors-desktop.png")

    # Corrected, it goes through.
    email.fill("ada@example.com")
    page.get_by_role("button", name="Submit Application").click()
    expect(page).to_have_url(f"{live_server.url}/company/careers/success")
    assert Application.objects.get().email == "ada@example.com"


@live_database
def test_without_javascript_errors_show_beside_their_fields_then_the_success_page(
    live_server, browser, imported_site, resume_pdf
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}{POSTING}?source=jobfair&utm_campaign=spring")
    fill_application(page)
    # A URL the browser accepts and the server refuses (http and https only).
    textbox(page, "LinkedIn profile").fill("ftp://ada.example")
    page.get_by_label("Resume").set_input_files(resume_pdf)

    with page.expect_navigation():
        page.get_by_role("button", name="Submit Application").click()

    expect(page).to_have_url(f"{live_server.url}{POSTING}")
    linkedin = textbox(page, "LinkedIn profile")
    error = page.locator(".field", has=linkedin).locator(".field-error")
    expect(error).to_have_text("Enter a valid URL.")
    expect(error).to_be_visible()
    expect(linkedin).to_have_attribute("aria-invalid", "true")
    expect(linkedin).to_have_accessible_description("Enter a valid URL.")
    expect(linkedin).to_have_value("ftp://ada.example")
    expect(linkedin).to_be_focused()  # autofocus, where the script would move it
    expect(textbox(page, "Name")).to_have_value("Ada Lovelace")
    expect(textbox(page, MESSAGE_LABEL)).to_have_value("Engines that weave algebraic patterns.")
    expect(page.get_by_role("alert")).to_have_text("Please correct the field marked below.")
    assert not Application.objects.exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".application").screenshot(path=SCREENSHOTS / "no-javascript-errors.png")

    linkedin.fill("https://www.linkedin.com/in/ada")
    page.get_by_label("Resume").set_input_files(resume_pdf)  # files are never kept
    with page.expect_navigation():
        page.get_by_role("button", name="Submit Application").click()

    expect(page).to_have_url(f"{live_server.url}/company/careers/success")
    expect(page.get_by_role("heading", level=1)).to_have_text("Application has been submitted")
    page.screenshot(path=SCREENSHOTS / "no-javascript-success.png", full_page=True)
    application = Application.objects.get()
    assert application.linkedin == "https://www.linkedin.com/in/ada"
    assert application.resume.open("rb").read() == resume_pdf.read_bytes()
    assert (application.source, application.utm_campaign) == ("jobfair", "spring")
    assert application.referrer_origin == live_server.url
    context.close()


@live_database
def test_the_script_fills_the_sources_from_the_url_where_the_page_has_none(
    live_server, page, imported_site
):
    # As a page from a cache or a static host would come: hidden fields empty.
    def without_source_values(route):
        response = route.fetch()
        body = re.sub(
            r'(<input type="hidden" name="(?:source|utm_[a-z]+)" value=")[^"]*"',
            r'\1"',
            response.text(),
        )
        route.fulfill(response=response, body=body)

    page.route(re.compile(r".*/company/careers/back-end-engineer\?.*"), without_source_values)
    long_campaign = "x" * 201  # more than the API takes: left out, not sent to be refused
    page.goto(
        f"{live_server.url}{POSTING}?source=jobfair&utm_medium=email&utm_campaign={long_campaign}"
    )
    expect(page.locator('input[name="source"]')).to_have_value("jobfair")
    fill_application(page)
    page.get_by_role("button", name="Submit Application").click()

    expect(page).to_have_url(f"{live_server.url}/company/careers/success")
    application = Application.objects.get()
    assert (application.source, application.utm_source) == ("jobfair", "")
    assert (application.utm_medium, application.utm_campaign) == ("email", "")


def draftail(page, field):
    """The rich text editor (Draftail) of a field, by Wagtail's content path."""
    return page.locator(f"[data-contentpath={field}]").get_by_role("textbox")


@live_database
@pytest.mark.usefixtures("one_request_at_a_time")  # the admin's requests come side by side
def test_editor_previews_a_draft_in_the_frontend(
    live_server, page, imported_site, django_user_model, settings
):
    """An editor writes a new posting in the Wagtail admin, sees the draft in the
    reference frontend through the preview, then publishes it."""
    # Without Wagtail's autosave, whose first save turns the add view into an
    # edit view at a moment of its choosing, and races the Publish button.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    index = CareersIndexPage.objects.get()
    django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-passphrase")
    log_in(page, live_server, "editor", "a-long-passphrase")

    page.goto(f"{live_server.url}/admin/pages/add/careers_pages/jobpostingpage/{index.pk}/")
    page.get_by_role("textbox", name="Title").fill("Platform Engineer")
    draftail(page, "overview").click()
    page.keyboard.type("Keep the Hoppscotch cloud fast and calm.")
    draftail(page, "summary").click()
    page.keyboard.type("You will own our uptime.")
    for field, text in [
        ("responsibilities", "Run the clusters"),
        ("qualifications", "On-call calm"),
    ]:
        stream = page.locator(f"[data-contentpath={field}]")
        stream.get_by_role("button", name="Insert a block").first.click()
        # With one block type Wagtail adds it at once; with more, it asks which.
        item = stream.get_by_role("textbox")
        choice = page.get_by_role("option", name="Item", exact=True)
        expect(item.or_(choice).first).to_be_visible()
        if choice.is_visible():
            choice.click()
        expect(item).to_have_count(1)
        item.click()
        expect(item).to_be_focused()
        page.keyboard.type(text)
        expect(item).to_have_text(text)

    # The live preview panel shows the draft as the frontend renders it.
    page.get_by_role("button", name="Toggle preview").click()
    panel = page.frame_locator("#w-preview-iframe")
    expect(panel.locator(".preview-banner")).to_contain_text("Preview of a draft: not published")
    expect(panel.get_by_text("Keep the Hoppscotch cloud fast and calm.")).to_be_visible()
    expect(panel.get_by_role("listitem").filter(has_text="Run the clusters")).to_be_visible()

    # "Preview in new tab" opens the frontend's own page for the draft.
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Preview in new tab").click()
    preview = new_tab.value
    expect(preview).to_have_url(
        re.compile(
            re.escape(f"{live_server.url}/company/careers/platform-engineer")
            + r"\?preview_token=[\w:.-]+$"
        )
    )
    expect(preview.get_by_role("heading", level=1)).to_have_text("Platform Engineer")
    expect(preview.get_by_role("status")).to_have_text(
        "Preview of a draft: not published, and only visible through this link."
    )
    expect(preview.get_by_text("Keep the Hoppscotch cloud fast and calm.")).to_be_visible()
    preview.close()

    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Page 'Platform Engineer' created and published.")).to_be_visible()

    page.goto(f"{live_server.url}/company/careers")
    page.get_by_role("link", name=re.compile("Platform Engineer")).click()
    expect(page).to_have_url(f"{live_server.url}/company/careers/platform-engineer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform Engineer")
    expect(page.get_by_text("Keep the Hoppscotch cloud fast and calm.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="On-call calm")).to_be_visible()
    expect(page.locator(".preview-banner")).to_have_count(0)


@live_database
def test_screenshots_of_the_careers_pages(
    live_server, imported_site, hiring_organization, device, viewport, device_page
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []  # script errors, refused resources (a Content-Security-Policy's too)
    device_page.on(
        "console", lambda message: message.type == "error" and problems.append(message.text)
    )
    device_page.on("pageerror", lambda error: problems.append(str(error)))
    for name, path in [("posting", POSTING), ("index", "/company/careers")]:
        device_page.goto(f"{live_server.url}{path}")
        expect(device_page.get_by_role("heading", level=1)).to_be_visible()
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert device_page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        device_page.screenshot(path=SCREENSHOTS / f"{name}-{device}.png", full_page=True)
    device_page.context.close()
    assert problems == []


@live_database
@pytest.mark.usefixtures("one_request_at_a_time")  # the admin's requests come side by side
def test_the_self_identification_report_in_the_admin(
    live_server, page, imported_site, django_user_model
):
    from django.contrib.auth.models import Group, Permission

    from careers_pages.hiring.models import PrivateAnswer
    from tests.factories import add_question_posting, question

    posting = add_question_posting(
        CareersIndexPage.objects.get(),
        questions=[
            question("choice", "gender", "Gender", options=["Woman", "Man", "Other"], private=True)
        ],
    )
    month = datetime.date(2026, 11, 1)
    for answer, count in (("Woman", 7), ("Man", 9), ("Other", 2)):
        PrivateAnswer.objects.bulk_create(
            PrivateAnswer(posting=posting, question="gender", answer=answer, month=month)
            for _ in range(count)
        )
    user = django_user_model.objects.create_user("analyst", password="a-long-passphrase")
    user.groups.add(Group.objects.get(name="Hiring team"))
    user.user_permissions.add(Permission.objects.get(codename="view_private_answer_report"))
    log_in(page, live_server, "analyst", "a-long-passphrase")

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Self-identification").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Self-identification")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(4)  # the heading and three answers
    expect(table.get_by_role("row", name=re.compile("Other"))).to_contain_text("fewer than 5")
    expect(table.get_by_role("row", name=re.compile("Man"))).to_contain_text("9")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "self-identification-report.png", full_page=True)


@live_database
def test_a_hybrid_posting_shows_its_places_and_every_pay_range(
    live_server, imported_site, hiring_organization, device, viewport, device_page
):
    """The demo's Product Designer: hybrid, in Bengaluru and Berlin, a pay range
    for each and a compensation note, all of them on the page, on a phone too."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    device_page.goto(f"{live_server.url}/company/careers/product-designer")
    expect(device_page.get_by_role("heading", level=1)).to_have_text("Product Designer")
    facts = device_page.locator(".posting-facts")
    expect(facts).to_contain_text("Hybrid")
    expect(facts).to_contain_text("Full-time")
    expect(facts.get_by_role("listitem").filter(has_text="Berlin, DE")).to_be_visible()
    expect(
        facts.get_by_role("listitem").filter(has_text="Bengaluru, Karnataka, IN")
    ).to_be_visible()
    pay = device_page.locator(".fact-pay")
    expect(pay.get_by_role("listitem")).to_have_text(
        ["Bengaluru: ₹2,400,000–₹3,600,000 a year", "Berlin: €65,000–€85,000 a year"]
    )
    expect(pay).to_contain_text("Plus stock options and a yearly learning budget")
    assert device_page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    device_page.screenshot(path=SCREENSHOTS / f"hybrid-pay-{device}.png", full_page=True)


@live_database
def test_an_editor_is_told_which_place_needs_a_pay_range(
    one_request_at_a_time, page, imported_site, django_user_model, settings
):
    """In the real admin: a posting moved to Berlin without a pay range saves
    as a draft, and its Publish is refused with the place named."""
    from careers_pages.models import JobPostingPage

    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    live_server = one_request_at_a_time
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-passphrase")
    log_in(page, live_server, "editor", "a-long-passphrase")
    page.goto(f"{live_server.url}/admin/pages/{posting.pk}/edit/")
    # Without a hiring organization's name, the edit view says what is missing.
    expect(page.get_by_text("Search engines get no job markup (JSON-LD)")).to_be_visible()
    page.get_by_role("tab", name="Details").click()
    page.get_by_role("button", name="Add location").click()
    page.get_by_role("textbox", name="City").fill("Berlin")
    page.get_by_role("textbox", name="Country").fill("DE")

    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish").click()
    message = "Berlin, Germany requires a pay range (CAREERS_PAY_TRANSPARENCY_JURISDICTIONS)."
    expect(page.get_by_text(message)).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".messages").screenshot(path=SCREENSHOTS / "admin-publish-refused.png")
    page.get_by_role("tab", name="Details").click()
    page.get_by_role("button", name="Add pay range").click()
    ranges = page.locator("#panel-child-details-pay_ranges-section")
    ranges.screenshot(path=SCREENSHOTS / "admin-pay-ranges.png")
    page.get_by_role("button", name="Delete").last.click()  # the empty range again
    assert not JobPostingPage.objects.get(pk=posting.pk).posting_locations.exists()

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(message)).to_have_count(0)
    assert JobPostingPage.objects.get(pk=posting.pk).has_unpublished_changes
