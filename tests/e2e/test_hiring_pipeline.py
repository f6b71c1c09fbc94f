"""The hiring pipeline in a real browser: a visitor applies through the
reference frontend to a posting with a choice, a yes/no and a required text
question; a hiring team member finds the application in the admin's inbox,
moves it to Interview, adds a note, and reads it all on the candidate page."""

import re

import pytest
from django.contrib.auth.models import Group

from careers_pages.hiring.models import Application
from careers_pages.models import CareersIndexPage
from tests.e2e.test_browser import MESSAGE_LABEL, SCREENSHOTS, live_database, log_in, textbox
from tests.factories import add_question_posting

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

POSTING = "/company/careers/platform-engineer"


@live_database
@pytest.mark.usefixtures("one_request_at_a_time")  # the admin's requests come side by side
def test_an_application_goes_from_the_form_to_interview_with_a_note(
    live_server, page, imported_site, resume_pdf, private_files, django_user_model
):
    add_question_posting(CareersIndexPage.objects.get(), title="Platform Engineer")
    problems = []  # script errors, refused resources (a Content-Security-Policy's too)
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    # The visitor applies.
    page.goto(f"{live_server.url}{POSTING}")
    textbox(page, "Name").fill("Ada Lovelace")
    textbox(page, "Email").fill("ada@example.com")
    textbox(page, MESSAGE_LABEL).fill("Engines that weave algebraic patterns.")
    page.get_by_label("Notice period").select_option("1 month")
    page.get_by_label("Would you relocate?").select_option(label="Yes")
    textbox(page, "Why us?").fill("You build the tools I use every day.")
    page.get_by_label("Resume").set_input_files(resume_pdf)
    page.get_by_role("button", name="Submit Application").click()
    expect(page).to_have_url(f"{live_server.url}/company/careers/success")
    application = Application.objects.get()
    assert application.answers == {
        "notice": "1 month",
        "relocate": True,
        "why_us": "You build the tools I use every day.",
    }

    # A member of the hiring team finds it in the inbox.
    recruiter = django_user_model.objects.create_user(
        "rita", password="a-long-passphrase", first_name="Rita", last_name="Recruiter"
    )
    recruiter.groups.add(Group.objects.get(name="Hiring team"))
    # The admin scrolls inside its own frame: a tall window shows all of a page.
    page.set_viewport_size({"width": 1280, "height": 1800})
    log_in(page, live_server, "rita", "a-long-passphrase")
    page.get_by_role("button", name="Hiring").click()
    page.get_by_role("link", name="Applications").click()
    expect(page).to_have_url(f"{live_server.url}/admin/applications/")
    stages = page.get_by_role("navigation", name="Applications by stage")
    expect(stages.get_by_role("link", name=re.compile(r"^New\s+1$"))).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Ada Lovelace"))
    expect(row).to_contain_text("Platform Engineer")
    expect(row).to_contain_text("New")
    # The resume is framed from its protected URL, inline, as a PDF.
    with page.expect_response(lambda response: "inline=1" in response.url) as framed:
        row.get_by_role("link", name="Ada Lovelace").click()
    assert framed.value.status == 200
    assert framed.value.headers["content-type"] == "application/pdf"
    assert framed.value.headers["content-disposition"].startswith("inline;")

    # The candidate page: who, for what, where in the pipeline.
    expect(page.locator(".candidate__name")).to_have_text("Ada Lovelace")
    expect(page.locator(".candidate__role")).to_have_text("Platform Engineer")
    expect(page.locator(".candidate__stage")).to_have_text("New")

    page.get_by_label("Move to stage").select_option(label="Interview")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Moved to Interview.")).to_be_visible()
    expect(page.locator(".candidate__stage")).to_have_text("Interview")

    page.get_by_role("textbox", name=re.compile(r"^Note\b")).fill(
        "Strong answers; invite to a call."
    )
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()

    notes = page.locator(".candidate__notes")
    expect(notes).to_contain_text("Strong answers; invite to a call.")
    expect(notes).to_contain_text("Rita Recruiter")
    answers = page.locator(".candidate__answers")
    for question, answer in [
        ("Notice period", "1 month"),
        ("Would you relocate?", "Yes"),
        ("Why us?", "You build the tools I use every day."),
    ]:
        expect(answers.locator("dt", has_text=question)).to_be_visible()
        expect(answers.locator(f"dt:has-text('{question}') + dd")).to_have_text(answer)
    expect(page.locator("iframe.candidate__resume-frame")).to_be_visible()
    expect(page.locator(".candidate__history")).to_contain_text(
        "Stage changed from New to Interview"
    )
    expect(page.get_by_text(str(application.uuid))).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "hiring-candidate-page.png", full_page=True)

    # Back in the listing, it counts under Interview.
    page.goto(f"{live_server.url}/admin/applications/")
    expect(stages.get_by_role("link", name=re.compile(r"^Interview\s+1$"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Ada Lovelace"))).to_contain_text("Interview")
    page.screenshot(path=SCREENSHOTS / "hiring-listing.png", full_page=True)
    assert Application.objects.get().stage.name == "Interview"
    assert problems == []


@live_database
@pytest.mark.usefixtures("one_request_at_a_time")
def test_the_bulk_action_moves_the_ticked_applications(
    live_server, page, imported_site, django_user_model
):
    posting = add_question_posting(CareersIndexPage.objects.get(), title="Platform Engineer")
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        Application.objects.create(
            posting=posting, role=posting.role, name=name, email="a@example.com", message="Hi."
        )
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-passphrase")
    log_in(page, live_server, "boss", "a-long-passphrase")
    page.goto(f"{live_server.url}/admin/applications/")

    for name in ("Ada Lovelace", "Grace Hopper"):
        page.get_by_role("row", name=re.compile(name)).get_by_role("checkbox").check()
    footer = page.get_by_role("region", name="Bulk actions")
    expect(footer).to_contain_text("2 applications selected")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Finished, the footer's slide-in transition: as a person sees it a moment later.
    page.screenshot(path=SCREENSHOTS / "hiring-listing-bulk-action.png", animations="disabled")
    footer.get_by_role("link", name="Move the selected applications to a stage").click()
    expect(page.get_by_text("Move 2 applications:")).to_be_visible()
    page.get_by_label("Move to stage").select_option(label="Rejected")
    page.get_by_role("button", name="Move", exact=True).click()

    expect(page.get_by_text("2 applications moved to Rejected.")).to_be_visible()
    stages = page.get_by_role("navigation", name="Applications by stage")
    expect(stages.get_by_role("link", name=re.compile(r"^Rejected\s+2$"))).to_be_visible()
    assert dict(Application.objects.values_list("name", "stage__name")) == {
        "Ada Lovelace": "Rejected",
        "Grace Hopper": "Rejected",
        "Alan Turing": "New",
    }
