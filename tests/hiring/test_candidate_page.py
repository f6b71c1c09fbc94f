"""The candidate page: an application laid out for reading, without the
bookkeeping fields, its PDF resume framed from the protected URL."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from careers_pages.hiring.models import Application, PipelineStage, PrivacyNotice
from careers_pages.models import CareersIndexPage
from tests.factories import PDF, add_question_posting, apply, question, resume_url, with_resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(imported_site):
    return add_question_posting(
        CareersIndexPage.objects.get(),
        questions=[
            question("choice", "notice", "Notice period", options=["None", "1 month"]),
            question("boolean", "relocate", "Would you relocate?"),
            question("text", "why_us", "Why us?", required=True),
            question("choice", "gender", "Gender", options=["Woman", "Man"], private=True),
        ],
    )


def candidate_page(client, application):
    response = client.get(reverse("applications:inspect", args=(application.pk,)))
    assert response.status_code == 200
    return response.content.decode()


def test_the_top_names_the_candidate_role_stage_and_date_and_the_answers_follow(
    client, hiring_member, posting
):
    application = apply(
        posting,
        stage=PipelineStage.objects.get(slug="interview"),
        submitted_at=timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 15)),
        # "gender" as a question made private after the application came in.
        answers={
            "why_us": "Engines, & more.",
            "relocate": False,
            "notice": "1 month",
            "gender": "Man",
        },
    )
    client.force_login(hiring_member)

    html = candidate_page(client, application)

    start = html.index('class="candidate__header"')
    header = html[start : html.index("</header>", start)]
    for text in ("Ada Lovelace", posting.title, "Interview", "30 November 2026, 09:15"):
        assert text in header
    answers = html[html.index('id="candidate-answers"') :]
    answers = answers[: answers.index("</dl>")]
    # In the posting's order, question then answer.
    assert answers.index("Notice period") < answers.index("1 month")
    assert answers.index("1 month") < answers.index("Would you relocate?")
    assert (
        answers.index("Would you relocate?")
        < answers.index("<dd>No</dd>")
        < answers.index("Why us?")
    )
    assert "Engines, &amp; more." in answers
    assert "Gender" not in html and "Man<" not in html


def test_no_internal_field_is_on_the_page(client, hiring_member, posting):
    notice = PrivacyNotice.objects.create(text="We keep your data for a year.")
    application = apply(
        posting,
        idempotency_key="key-5f0c2d",
        fingerprint="f1ng3rpr1nt" * 4,
        notification_attempts=3,
        consent=True,
        consent_text=notice.text,
        privacy_notice_version=notice.version,
        consent_given_at=timezone.make_aware(datetime.datetime(2026, 12, 1, 14, 5)),
    )
    client.force_login(hiring_member)

    html = candidate_page(client, application)

    for internal in (
        str(application.uuid),
        "key-5f0c2d",
        application.fingerprint,
        "Idempotency",
        "Fingerprint",
        "Notification attempts",
        "UUID",
        "Consent: True",
        ">True<",
        "<dt>ID</dt>",
    ):
        assert internal not in html, internal
    assert (
        f"Agreed to the privacy notice, version {notice.version}, on 1 December 2026 at 14:05 UTC."
        in html
    )


def test_a_pdf_resume_is_framed_from_the_protected_url_and_can_be_downloaded(
    client, hiring_member, posting
):
    application = with_resume(apply(posting))
    client.force_login(hiring_member)

    html = candidate_page(client, application)

    inline = f"{resume_url(application)}?inline=1"
    assert f'<iframe class="candidate__resume-frame" src="{inline}"' in html
    assert f'href="{resume_url(application)}" download' in html

    framed = client.get(inline)
    assert framed.status_code == 200
    assert b"".join(framed.streaming_content) == PDF
    assert framed["Content-Disposition"] == 'inline; filename="ada-lovelace-resume.pdf"'
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert framed["X-Content-Type-Options"] == "nosniff"
    policy = framed["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "default-src 'none'" in policy
    # Who read it is logged, apart from the pipeline's events on the page.
    assert ModelLogEntry.objects.filter(
        object_id=str(application.pk), action="careers_hiring.view_resume", user=hiring_member
    ).exists()
    history = candidate_page(client, application)
    assert "Resume viewed" not in history[history.index('id="candidate-history"') :]
    # The download stays an attachment, framable by the admin alone as well.
    download = client.get(resume_url(application))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Frame-Options"] == "SAMEORIGIN"


def test_any_other_resume_is_a_download_only(client, hiring_member, posting):
    application = apply(posting, resume_filename="cv.txt", resume_content_type="text/plain")
    application.resume.save("cv.txt", ContentFile(b"Ada Lovelace\nEngines.\n"))
    client.force_login(hiring_member)

    html = candidate_page(client, application)

    assert "<iframe" not in html
    assert f'href="{resume_url(application)}" download' in html
    # Asked inline all the same, it still downloads.
    response = client.get(f"{resume_url(application)}?inline=1")
    assert response["Content-Disposition"] == 'attachment; filename="ada-lovelace-resume.txt"'


def test_without_the_resume_permission_the_page_neither_frames_nor_links_it(
    client, django_user_model, hiring_member, posting
):
    from django.contrib.auth.models import Permission

    application = with_resume(apply(posting))
    hiring_member.groups.first().permissions.remove(
        Permission.objects.get(codename="download_resume")
    )
    client.force_login(hiring_member)

    html = candidate_page(client, application)

    assert resume_url(application) not in html
    assert "(you may not download resumes)" in html


def test_an_editor_is_sent_away(client, editor, posting):
    application = apply(posting)
    client.force_login(editor)

    response = client.get(reverse("applications:inspect", args=(application.pk,)))

    assert response.status_code == 302
    assert "Ada Lovelace" not in response.content.decode()
    assert Application.objects.filter(pk=application.pk).exists()
