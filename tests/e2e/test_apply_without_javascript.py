"""Applying from the reference frontend without JavaScript: the form posts to
the posting's own page, which hands it to the API (the same checks, throttle
and submit service) and answers with the success page (303) or the form again,
each error beside its field. Never JSON."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.throttling import ScopedRateThrottle

from careers_pages.hiring.models import Application
from careers_pages.models import JobPostingPage
from tests.factories import PDF, back_end_application

pytestmark = pytest.mark.django_db

POSTING = "/company/careers/back-end-engineer"
SUCCESS = "/company/careers/success"


def form(**overrides):
    return back_end_application(**{"github": "", "website": "", **overrides})


def field_html(html, name):
    """The markup of one field of the form (its label, input, hint and error)."""
    match = re.search(
        rf'<div class="field field-[a-z]+[^"]*">(?:(?!<div class="field ).)*?name="{name}"'
        rf".*?</p>\s*</div>",
        html,
        re.S,
    )
    assert match, name
    return match[0]


def test_a_valid_application_ends_on_the_success_page_with_a_303(client, imported_site):
    response = client.post(
        POSTING,
        form(source="jobfair", utm_source="newsletter", utm_medium="email", utm_campaign="q1"),
        HTTP_REFERER="https://careers.example.com/company/careers/back-end-engineer?x=1",
    )

    assert response.status_code == 303
    assert response["Location"] == SUCCESS
    application = Application.objects.get()
    assert (application.name, application.role) == ("Ada Lovelace", "Back-end Engineer")
    assert application.resume.open("rb").read() == PDF
    assert (application.source, application.utm_source) == ("jobfair", "newsletter")
    assert (application.utm_medium, application.utm_campaign) == ("email", "q1")
    assert application.referrer_origin == "https://careers.example.com"
    assert client.get(response["Location"]).status_code == 200


def test_errors_are_shown_beside_their_fields_with_the_values_kept(client, imported_site):
    response = client.post(
        POSTING,
        form(email="", linkedin="ftp://ada.example", message="Kept <as> typed & escaped"),
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    email = field_html(html, "email")
    assert '<p class="field-error" id="field-email-error">This field is required.</p>' in email
    assert 'aria-invalid="true"' in email and "autofocus" in email
    assert 'aria-describedby="field-email-error"' in email
    linkedin = field_html(html, "linkedin")
    assert "Enter a valid URL." in linkedin
    assert 'value="ftp://ada.example"' in linkedin and "autofocus" not in linkedin
    assert 'value="Ada Lovelace"' in field_html(html, "name")
    assert ">Kept &lt;as&gt; typed &amp; escaped</textarea>" in field_html(html, "message")
    resume = field_html(html, "resume")
    assert "value=" not in resume  # a browser cannot be handed a file back
    assert 'aria-invalid="true"' not in resume
    assert "<p>Please correct the 2 fields marked below.</p>" in html
    assert not Application.objects.exists()


def test_an_error_of_a_field_the_visitor_cannot_see_is_shown_above_the_form(client, imported_site):
    response = client.post(POSTING, form(website="http://spam.example"))

    assert response.status_code == 200
    html = response.content.decode()
    status = re.search(r'<div class="form-status" role="alert" data-form-status>(.*?)</div>', html)
    assert status and "This field must be left empty." in status[1]
    assert not Application.objects.exists()


def test_a_bad_resume_is_refused_beside_it_and_nothing_is_stored(
    client, imported_site, private_files
):
    bad = SimpleUploadedFile("cv.pdf", b"\x00\x01 not a document", content_type="application/pdf")
    response = client.post(POSTING, form(resume=bad))

    assert response.status_code == 200
    assert "is not a PDF, DOC, DOCX, ODT, RTF or plain text document" in field_html(
        response.content.decode(), "resume"
    )
    assert not Application.objects.exists()
    assert not [path for path in private_files.rglob("*") if path.is_file()]


def test_the_form_is_csrf_protected(imported_site):
    client = Client(enforce_csrf_checks=True)
    assert client.post(POSTING, form()).status_code == 403
    assert not Application.objects.exists()

    page = client.get(POSTING).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = client.post(POSTING, form(csrfmiddlewaretoken=token))
    assert response.status_code == 303
    assert Application.objects.count() == 1


def test_the_api_and_the_page_share_one_throttle(client, imported_site, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"applications": "1/minute"})
    api = "/api/careers/postings/back-end-engineer/applications/"
    assert client.post(api, form()).status_code == 201

    response = client.post(POSTING, form(message="A second one."))

    assert response.status_code == 429
    assert "Several applications have been sent from here in a short time" in (
        response.content.decode()
    )
    assert Application.objects.count() == 1


def test_the_same_form_sent_twice_is_stored_once(client, imported_site):
    page = client.get(POSTING).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)[1]

    assert client.post(POSTING, form(submission_key=key)).status_code == 303
    assert client.post(POSTING, form(submission_key=key)).status_code == 303

    assert Application.objects.count() == 1
    # A refused form gets a new key: the corrected one is a new submission.
    refused = client.post(POSTING, form(email="")).content.decode()
    assert key not in refused


def test_a_closed_posting_is_a_404_and_stores_nothing(client, imported_site):
    JobPostingPage.objects.get(slug="back-end-engineer").unpublish()

    response = client.post(POSTING, form())

    assert response.status_code == 404
    assert not Application.objects.exists()


def test_the_page_fills_the_hidden_source_fields_from_its_url(client, imported_site):
    html = client.get(
        POSTING, {"source": "jobfair", "utm_source": "news & views", "utm_campaign": "x" * 201}
    ).content.decode()

    assert '<input type="hidden" name="source" value="jobfair" data-source-field' in html
    assert '<input type="hidden" name="utm_source" value="news &amp; views"' in html
    # Values the API would refuse are left out rather than sent along.
    assert '<input type="hidden" name="utm_campaign" value="" data-source-field' in html
    html = client.get(POSTING, {"utm_medium": "e\nmail"}).content.decode()
    assert '<input type="hidden" name="utm_medium" value="" data-source-field' in html


def test_other_paths_under_the_index_still_refuse_posts(client, imported_site):
    assert client.post("/company/careers").status_code == 405
    assert client.post(SUCCESS).status_code == 405
    assert client.post("/company/careers/no-such-posting", form()).status_code == 404
