"""Editing careers pages through the Wagtail admin's own views."""

import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from careers_pages.models import CareersIndexPage, Department, JobPostingPage
from tests.factories import editor_form, editor_items

pytestmark = pytest.mark.django_db


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("careers_pages", "jobpostingpage", index.pk))


def test_editor_creates_and_publishes_a_posting(admin_client, imported_site, tmp_path):
    index = CareersIndexPage.objects.get()
    response = admin_client.post(add_url(index), {**editor_form(), "action-publish": "publish"})
    assert response.status_code == 302, response.context["form"].errors

    page = JobPostingPage.objects.get(slug="qa-engineer")
    assert page.live
    assert page.url == "/company/careers/qa-engineer"
    assert page.get_parent().specific == index
    assert page.responsibilities[0].value.source.endswith("Write <code>pytest</code> suites</p>")
    assert page.department.slug == "engineering"
    assert JobPostingPage.objects.live().filter(slug="qa-engineer").exists()

    # The new posting exports like any imported one.
    call_command("export_careers", str(tmp_path), verbosity=0)
    text = (tmp_path / "postings" / "qa-engineer.md").read_text()
    assert "We **test** with [care](https://hoppscotch.io)." in text
    assert "- Write `pytest` suites\n- Triage\n" in text


def test_publishing_without_responsibilities_or_qualifications_is_refused(
    admin_client, imported_site
):
    index = CareersIndexPage.objects.get()
    data = editor_form(responsibilities=editor_items(), qualifications=editor_items())
    response = admin_client.post(add_url(index), {**data, "action-publish": "publish"})

    assert response.status_code == 200
    assert not JobPostingPage.objects.filter(slug="qa-engineer").exists()
    form = response.context["form"]
    assert set(form.errors) >= {"responsibilities", "qualifications"}
    assert "The page could not be created due to validation errors" in response.content.decode()


def test_a_draft_without_list_items_can_be_saved(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    data = editor_form(responsibilities=editor_items(), qualifications=editor_items())
    response = admin_client.post(add_url(index), data)
    assert response.status_code == 302
    page = JobPostingPage.objects.get(slug="qa-engineer")
    assert not page.live


def test_pay_range_is_checked(admin_client, imported_site):
    from wagtail.test.utils.form_data import inline_formset

    index = CareersIndexPage.objects.get()
    ranges = [
        {"label": "", "min": "50000", "max": "60000", "currency": "eur", "interval": "YEAR"},
        {"label": "Berlin", "min": "90000", "max": "80000", "currency": "EUR", "interval": "YEAR"},
    ]
    data = editor_form(pay_ranges=inline_formset(ranges))
    response = admin_client.post(add_url(index), {**data, "action-publish": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pay range 2 (Berlin): the maximum is lower than the minimum." in html
    assert "The maximum is lower than the minimum." in html  # on the range's own field
    assert not JobPostingPage.objects.filter(slug="qa-engineer").exists()


def test_a_location_error_is_named_above_the_form(admin_client, imported_site):
    from wagtail.test.utils.form_data import inline_formset

    index = CareersIndexPage.objects.get()
    places = [
        {"city": "Bengaluru", "region": "", "country": "IN"},
        {"city": "Berlin", "region": "", "country": "Germany"},
    ]
    data = editor_form(posting_locations=inline_formset(places))
    response = admin_client.post(add_url(index), {**data, "action-publish": "publish"})
    assert response.status_code == 200
    messages = html.unescape(response.content.decode().split('<div class="messages"', 1)[1])
    messages = messages.split("<form", 1)[0]
    assert "Location 2 (Berlin): Country: " in messages
    assert "Location 1" not in messages
    assert not JobPostingPage.objects.filter(slug="qa-engineer").exists()


def test_closing_date_sets_expiry(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    response = admin_client.post(
        add_url(index), {**editor_form(valid_through="2099-03-31"), "action-publish": "publish"}
    )
    assert response.status_code == 302
    page = JobPostingPage.objects.get(slug="qa-engineer")
    assert page.expire_at.isoformat() == "2099-04-01T00:00:00+00:00"


def test_postings_listing_shows_department_location_and_status(admin_client, imported_site):
    JobPostingPage.objects.get(slug="developer-advocate").unpublish()
    response = admin_client.get(reverse("job_postings:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Back-end Engineer", "Engineering", "Community", "Remote", "live", "draft"):
        assert text in html


def test_postings_listing_filters_by_department(admin_client, imported_site):
    design = Department.objects.get(slug="design")
    response = admin_client.get(reverse("job_postings:index"), {"department": design.pk})
    html = response.content.decode()
    assert "Product Designer" in html
    assert "Back-end Engineer" not in html


def test_edit_views_render_for_both_page_types(admin_client, imported_site):
    for page in (
        CareersIndexPage.objects.get(),
        JobPostingPage.objects.get(slug="back-end-engineer"),
    ):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200
        for tab in ("Content", "Form", "Promote"):
            assert tab in response.content.decode()


def test_departments_are_snippets(admin_client, imported_site):
    response = admin_client.get(reverse("wagtailsnippets_careers_pages_department:list"))
    assert response.status_code == 200
    assert "Engineering" in response.content.decode()
