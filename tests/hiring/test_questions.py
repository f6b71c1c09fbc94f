"""A posting's questions: asked in the API's form after the standard fields,
each answer checked by its type on the server, stored as JSON by name; a
refused answer is a 400 naming it that stores nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from careers_pages.hiring.models import Application, PrivateAnswer
from careers_pages.models import CareersIndexPage
from tests.factories import (
    PDF,
    add_posting,
    add_question_posting,
    application_form,
    notice_question,
    question,
)

pytestmark = pytest.mark.django_db

URL = "/api/careers/postings/platform-engineer/applications/"


@pytest.fixture
def index(imported_site):
    return CareersIndexPage.objects.get()


@pytest.fixture
def posting(index):
    return add_question_posting(
        index,
        questions=[
            notice_question(),
            question("multichoice", "stack", "Stack", options=["Go", "Rust", "Python"]),
            question("boolean", "relocate", "Would you relocate?", required=True),
            question("text", "why_us", "Why us?", required=True, help="A line or two"),
            question("textarea", "story", "A story"),
            question("number", "years", "Years of experience"),
            question("date", "start", "Earliest start"),
            question("url", "portfolio", "Portfolio"),
            question("file", "sample", "Work sample"),
            question("choice", "gender", "Gender", options=["Woman", "Man", "Other"], private=True),
        ],
    )


def form(**overrides):
    return application_form(
        {
            "notice": "1 month",
            "stack": ["Go", "Rust"],
            "relocate": "no",
            "why_us": "The engines.",
            "years": "7.5",
            "start": "2027-01-15",
            "portfolio": "https://ada.example.com",
        },
        **overrides,
    )


def stored_nothing(private_files):
    return (
        not Application.objects.exists()
        and not PrivateAnswer.objects.exists()
        and not [p for p in private_files.rglob("*") if p.is_file()]
    )


def test_the_form_lists_the_questions_after_the_standard_fields(client, posting):
    fields = client.get("/api/careers/postings/platform-engineer/").json()["application_form"][
        "fields"
    ]
    names = [field["name"] for field in fields]
    assert names[:7] == ["role", "name", "email", "resume", "linkedin", "github", "message"]
    assert names[7:] == [
        "notice",
        "stack",
        "relocate",
        "why_us",
        "story",
        "years",
        "start",
        "portfolio",
        "sample",
        "gender",
    ]
    by_name = {field["name"]: field for field in fields}
    assert by_name["notice"] == {
        "name": "notice",
        "type": "choice",
        "label": "Notice period",
        "required": True,
        "options": ["None", "1 month", "3 months"],
    }
    assert by_name["why_us"]["help_text"] == "A line or two"
    assert by_name["why_us"]["max_length"] == 500
    assert by_name["sample"]["accept"] == by_name["resume"]["accept"]
    assert by_name["gender"]["private"] is True
    assert by_name["relocate"]["type"] == "boolean"


def test_postings_inherit_the_index_questions_unless_they_have_their_own(client, index):
    index.default_questions = [question("boolean", "eligible", "Eligible to work here?")]
    index.save_revision().publish()
    add_posting(index, "no-questions")
    add_question_posting(index)

    def names(slug):
        body = client.get(f"/api/careers/postings/{slug}/").json()
        return [f["name"] for f in body["application_form"]["fields"][7:]]

    assert names("no-questions") == ["eligible"]
    assert names("platform-engineer") == ["notice", "relocate", "why_us"]


def test_answers_are_stored_as_json_by_name(client, posting, private_files):
    sample = SimpleUploadedFile("work.pdf", PDF, content_type="application/pdf")
    response = client.post(URL, form(sample=sample, gender="Woman"))
    assert response.status_code == 201, response.content
    application = Application.objects.get()
    answers = dict(application.answers)
    stored_sample = answers.pop("sample")
    assert answers == {
        "notice": "1 month",
        "stack": ["Go", "Rust"],
        "relocate": False,
        "why_us": "The engines.",
        "years": 7.5,
        "start": "2027-01-15",
        "portfolio": "https://ada.example.com",
    }
    assert stored_sample["filename"] == "work.pdf"
    assert stored_sample["content_type"] == "application/pdf"
    assert (private_files / stored_sample["file"]).read_bytes() == PDF
    # The private answer is apart, with nothing leading back to the application.
    assert "gender" not in application.answers
    assert list(PrivateAnswer.objects.values_list("question", "answer")) == [("gender", "Woman")]
    assert not {f.name for f in PrivateAnswer._meta.get_fields()} & {"application", "email"}


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"notice": None}, "notice"),  # a missing required answer
        ({"why_us": "   "}, "why_us"),  # blank is missing too
        ({"relocate": None}, "relocate"),  # a required yes/no, not answered
        ({"notice": "2 months"}, "notice"),  # an unknown option
        ({"stack": ["Go", "COBOL"]}, "stack"),  # an unknown option among several
        ({"relocate": "maybe"}, "relocate"),
        ({"years": "seven"}, "years"),  # not a number
        ({"years": "NaN"}, "years"),
        ({"years": "1e400"}, "years"),
        ({"start": "15/01/2027"}, "start"),  # not an ISO date
        ({"start": "2027-02-30"}, "start"),
        ({"portfolio": "javascript:alert(1)"}, "portfolio"),  # not http(s)
        ({"portfolio": "ftp://ada.example.com"}, "portfolio"),
        ({"why_us": "x" * 501}, "why_us"),  # over the length limit
        ({"story": "y" * 5001}, "story"),
        ({"why_us": "bad\x00byte"}, "why_us"),
        ({"gender": "Robot"}, "gender"),  # private questions are checked the same way
        ({"sample": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")}, "sample"),
    ],
)
def test_a_refused_answer_is_a_400_naming_it_and_nothing_is_stored(
    client, posting, private_files, overrides, field
):
    response = client.post(URL, form(resume=SimpleUploadedFile("cv.pdf", PDF), **overrides))
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert stored_nothing(private_files)


def test_missing_consent_is_refused_and_nothing_is_stored(client, index, posting, private_files):
    index.consent_required = True
    index.save_revision().publish()
    response = client.post(URL, form(resume=SimpleUploadedFile("cv.pdf", PDF)))
    assert response.status_code == 400
    assert list(response.json()) == ["consent"]
    assert stored_nothing(private_files)


def test_a_file_for_a_question_that_takes_none_is_refused(client, posting, private_files):
    response = client.post(URL, form(why_us=SimpleUploadedFile("a.txt", b"hello")))
    assert response.status_code == 400
    assert "why_us" in response.json()
    assert stored_nothing(private_files)


def test_a_failure_while_storing_leaves_no_answer_file(client, posting, private_files, monkeypatch):
    from django.db import DatabaseError

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(PrivateAnswer.objects, "bulk_create", fail)
    sample = SimpleUploadedFile("work.pdf", PDF, content_type="application/pdf")
    response = client.post(URL, form(sample=sample, gender="Man"))
    assert response.status_code == 503
    assert stored_nothing(private_files)


@given(text=st.text(max_size=600))
def test_any_text_answer_is_kept_as_sent_or_refused_by_name(text):
    from careers_pages.hiring.forms import ApplicationForm
    from careers_pages.markdown import Question

    why = Question("why_us", "text", "Why us?", required=True)
    checked = ApplicationForm(form(why_us=text), questions=[why])
    if checked.is_valid():
        assert checked.answers() == {"why_us": text.strip()}
    else:
        assert set(checked.errors) == {"why_us"}


def test_a_question_block_refuses_bad_questions(index):
    from wagtail.blocks import StreamBlockValidationError

    block = CareersIndexPage._meta.get_field("default_questions").stream_block
    value = block.to_python(
        [
            {"type": "text", "value": question("text", "why")[1]},
            {"type": "text", "value": question("text", "why")[1]},
            {"type": "choice", "value": question("choice", "pick")[1]},
            {"type": "text", "value": question("text", "email")[1]},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as caught:
        block.clean(value)
    errors = caught.value.block_errors
    assert set(errors) == {1, 2, 3}
    assert "repeated" in str(errors[1])
    assert "without 'options'" in str(errors[2])
    assert "standard field" in str(errors[3])


def test_the_inbox_shows_answers_by_question_and_never_private_ones(admin_client, client, posting):
    from django.urls import reverse

    response = client.post(URL, form(gender="Woman", why_us="Engines, & more."))
    assert response.status_code == 201, response.content
    application = Application.objects.get()
    page = admin_client.get(reverse("applications:inspect", args=(application.pk,)))
    html = page.content.decode()
    assert "Notice period" in html and "1 month" in html
    assert "Would you relocate?" in html and "Go, Rust" in html
    assert "Engines, &amp; more." in html
    assert "Gender" not in html and "Woman" not in html
    assert application.fingerprint not in html
    for export_format in ("csv", "xlsx"):
        export = admin_client.get(reverse("applications:index"), {"export": export_format})
        assert export.status_code == 200
        body = b"".join(export.streaming_content) if export.streaming else export.content
        assert b"Woman" not in body
        if export_format == "csv":
            assert b"Engines, & more." in body
