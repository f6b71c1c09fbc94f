"""An editor's draft may be incomplete; Publish names what is missing.

Through the admin's own views (Django's test client): a new posting opens
without errors, Save draft keeps an incomplete one, and Publish (or Submit for
moderation) is refused with a sentence naming each section."""

import html
import re

import pytest
from django.urls import reverse

from careers_pages import publish_checks
from careers_pages.models import CareersIndexPage, JobPostingPage
from tests.factories import editor_form, editor_items

pytestmark = pytest.mark.django_db

RESPONSIBILITIES = "Responsibilities needs at least one item."
QUALIFICATIONS = "Qualifications needs at least one item."
# What the banner says: each problem once, as "<field label>: <message beside the field>".
RESPONSIBILITIES_LISTED = "Responsibilities: Add at least one item to publish."
QUALIFICATIONS_LISTED = "Qualifications: Add at least one item to publish."


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("careers_pages", "jobpostingpage", index.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def banner(response) -> str:
    """The text of the messages above the form (Wagtail's error banner)."""
    page = response.content.decode()
    assert '<div class="messages"' in page, "no messages"
    messages = page.split('<div class="messages"', 1)[1].split("<form", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", messages)).split())


def empty_lists(**fields):
    return editor_form(responsibilities=editor_items(), qualifications=editor_items(), **fields)


def test_a_new_posting_opens_without_a_minimum_items_error(admin_client, imported_site):
    response = admin_client.get(add_url(CareersIndexPage.objects.get()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The minimum number of items is" not in page
    # The editor's script shows StreamField's own min_num error at once, on an
    # untouched form: no posting list declares one.
    definitions = html.unescape(page)
    assert definitions.count('"minNum": null') >= 2  # responsibilities and qualifications
    assert '"minNum": 1' not in definitions


def test_save_draft_keeps_an_incomplete_posting_without_errors(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    response = admin_client.post(add_url(index), empty_lists(), follow=True)
    assert response.status_code == 200
    page = JobPostingPage.objects.get(slug="qa-engineer")
    assert not page.live and page.has_unpublished_changes
    text = response.content.decode()
    assert "Add at least one item to publish" not in text
    assert "The minimum number of items is" not in text

    # Saved again as a draft from the edit view: still no error.
    response = admin_client.post(edit_url(page), empty_lists())
    assert response.status_code == 302, response.context["form"].errors


def test_publish_is_refused_naming_each_empty_section(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    response = admin_client.post(add_url(index), {**empty_lists(), "action-publish": "publish"})

    assert response.status_code == 200
    assert not JobPostingPage.objects.filter(slug="qa-engineer").exists()
    messages = banner(response)
    assert "The page could not be created due to validation errors" in messages
    assert RESPONSIBILITIES_LISTED in messages and QUALIFICATIONS_LISTED in messages
    assert messages.count("Add at least one item to publish.") == 2  # each once
    assert "Not published: each of the above is needed first." in messages
    form = response.context["form"]
    assert form.errors["responsibilities"] == ["Add at least one item to publish."]
    assert form.errors["qualifications"] == ["Add at least one item to publish."]


def test_publishing_a_saved_draft_is_refused_the_same_way(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    draft = editor_form(responsibilities=editor_items(), qualifications=editor_items("<p>Care</p>"))
    assert admin_client.post(add_url(index), draft).status_code == 302
    page = JobPostingPage.objects.get(slug="qa-engineer")

    data = editor_form(responsibilities=editor_items(), qualifications=editor_items("<p>Care</p>"))
    response = admin_client.post(edit_url(page), {**data, "action-publish": "publish"})

    assert response.status_code == 200
    messages = banner(response)
    assert RESPONSIBILITIES_LISTED in messages and QUALIFICATIONS_LISTED not in messages
    page.refresh_from_db()
    assert not page.live

    data = editor_form(qualifications=editor_items("<p>Care</p>"))
    response = admin_client.post(edit_url(page), {**data, "action-publish": "publish"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


def test_another_check_runs_on_publish_only(admin_client, imported_site, monkeypatch):
    """The place other publish-only rules go: a check registered in publish_checks."""

    def no_interns(model, values):
        if values.get("employment_type") == "INTERN":
            yield publish_checks.PublishProblem(
                "Internships open in spring.", "employment_type", "Not before spring."
            )

    monkeypatch.setattr(publish_checks, "PUBLISH_CHECKS", [*publish_checks.PUBLISH_CHECKS])
    publish_checks.publish_check(no_interns)
    index = CareersIndexPage.objects.get()
    data = editor_form(employment_type="INTERN")

    refused = admin_client.post(add_url(index), {**data, "action-publish": "publish"})
    assert refused.status_code == 200
    assert "Employment type: Not before spring." in banner(refused)
    assert refused.context["form"].errors["employment_type"] == ["Not before spring."]

    assert admin_client.post(add_url(index), data).status_code == 302  # the draft is kept


def test_the_checks_name_sections_by_their_label():
    problems = publish_checks.publish_problems(
        JobPostingPage, {"responsibilities": [], "qualifications": [object()]}
    )
    assert [(p.message, p.field) for p in problems] == [(RESPONSIBILITIES, "responsibilities")]
