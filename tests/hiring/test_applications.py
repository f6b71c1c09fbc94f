"""POST /api/careers/postings/<slug>/applications/: every honest application
stored whole, every bad one refused clearly, nothing half-written."""

import datetime
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rest_framework.throttling import ScopedRateThrottle

from careers_pages.hiring.models import Application
from careers_pages.models import CareersIndexPage, JobPostingPage
from tests.factories import PDF, back_end_application

from .resume_files import RTF, TEXT, doc_bytes, docx_bytes, odt_bytes

pytestmark = pytest.mark.django_db

URL = "/api/careers/postings/back-end-engineer/applications/"


def resume(content=PDF, name="cv.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def form(**overrides):
    return back_end_application(
        **{"github": "https://github.com/ada", "resume": resume(), **overrides}
    )


def files_in(folder):
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def apply(client, data=None, **headers):
    return client.post(URL, data if data is not None else form(), headers=headers)


# What is accepted ----------------------------------------------------------------


def test_an_application_is_stored_with_its_resume(
    client, imported_site, private_files, django_capture_on_commit_callbacks, settings
):
    settings.CAREERS_HIRING_EMAILS = ["hiring@hoppscotch.io"]
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, form(role="CEO, obviously"))
    assert response.status_code == 201, response.content
    body = response.json()
    application = Application.objects.get()
    assert body["id"] == str(application.uuid)
    assert body["posting"] == "back-end-engineer" and body["role"] == "Back-end Engineer"
    assert application.role == "Back-end Engineer"  # the posting's, not what was sent
    assert application.posting.slug == "back-end-engineer"
    assert (application.name, application.email) == ("Ada Lovelace", "ada@example.com")
    assert application.github == "https://github.com/ada"
    assert application.stage.slug == "new"
    assert application.resume_filename == "cv.pdf"
    assert application.resume_content_type == "application/pdf"
    stored = files_in(private_files)
    assert len(stored) == 1 and stored[0].read_bytes() == PDF
    assert application.resume.name.startswith("resumes/") and application.resume.name.endswith(
        ".pdf"
    )
    # Both e-mails went out once the row was committed.
    assert [m.to for m in mail.outbox] == [["hiring@hoppscotch.io"], ["ada@example.com"]]
    application.refresh_from_db()
    assert application.hiring_team_notified_at and application.applicant_confirmed_at


def test_an_application_is_stored_in_a_few_queries(
    client, imported_site, private_files, django_assert_max_num_queries
):
    """The careers index, the posting, the privacy notice (once), the key and
    the first pipeline stage read; the row stored in a savepoint. Not Wagtail's
    reference index. (Its
    e-mails are queued after the commit, which this test does not run.)"""
    apply(client, form(email="warm@example.com"), **{"Idempotency-Key": "warm-up"})
    with django_assert_max_num_queries(8) as captured:
        response = apply(client, **{"Idempotency-Key": "counted"})
    assert response.status_code == 201, response.content
    notice_reads = [
        q for q in captured.captured_queries if 'FROM "careers_hiring_privacynotice"' in q["sql"]
    ]
    assert len(notice_reads) == 1


def test_the_resume_is_optional(client, imported_site, private_files):
    assert apply(client, form(resume=None)).status_code == 201
    assert Application.objects.get().resume.name == ""
    assert files_in(private_files) == []


@pytest.mark.parametrize(
    ("content", "name", "stored_as"),
    [
        (docx_bytes(), "cv.docx", ".docx"),
        (odt_bytes(), "cv.odt", ".odt"),
        (RTF, "cv.rtf", ".rtf"),
        (doc_bytes(), "cv.doc", ".doc"),
        (TEXT, "cv.txt", ".txt"),
        (docx_bytes(), "cv.pdf", ".docx"),  # the content decides, not the name
    ],
)
def test_resume_types_are_recognised_by_content(client, imported_site, content, name, stored_as):
    assert apply(client, form(resume=resume(content, name))).status_code == 201
    assert Application.objects.get().resume.name.endswith(stored_as)


def test_names_and_messages_in_any_script(client, imported_site):
    data = form(name="Zoë 李小龍 👩🏽‍💻", message="Привет!\nمرحبا\n\tשלום 🚀")
    assert apply(client, data).status_code == 201
    assert Application.objects.get().name == "Zoë 李小龍 👩🏽‍💻"


# What is refused -----------------------------------------------------------------

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 200


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"name": None}, "name", "required"),
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"name": "x" * 201}, "name", "at most 200"),
        ({"name": "Ada\x07Lovelace"}, "name", "control character (U+0007)"),
        ({"name": "Ada\u202eecalevoL"}, "name", "control character (U+202E)"),
        ({"name": "Ada\x00"}, "name", "control character (U+0000)"),
        ({"email": None}, "email", "required"),
        ({"email": "ada-at-example.com"}, "email", "valid email"),
        ({"email": "ada@example"}, "email", "valid email"),
        ({"email": "a" * 250 + "@example.com"}, "email", "at most 254"),
        ({"message": None}, "message", "required"),
        ({"message": "x" * 5001}, "message", "at most 5000"),
        ({"message": "Hi \x1b[31mred"}, "message", "control character (U+001B)"),
        ({"linkedin": "javascript:alert(1)"}, "linkedin", "valid URL"),
        ({"github": "ftp://github.com/ada"}, "github", "valid URL"),
        ({"github": "https://github.com/" + "a" * 500}, "github", "at most 500"),
        ({"resume": resume(EXECUTABLE, "cv.pdf")}, "resume", "not a PDF, DOC, DOCX"),
        ({"resume": resume(ELF, "cv.docx")}, "resume", "not a PDF, DOC, DOCX"),
        ({"resume": resume(b"PK\x03\x04garbage" + b"\0" * 50, "cv.docx")}, "resume", "not a PDF"),
        ({"resume": resume(b"", "cv.pdf")}, "resume", "empty"),
        ({"resume": [resume(), resume()]}, "resume", "one resume file"),
        ({"photo": resume(name="me.pdf")}, "photo", "Only the resume may be a file"),
        ({"website": "http://spam.example"}, "website", "left empty"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_stored(
    client, imported_site, private_files, overrides, field, words
):
    response = apply(client, form(**overrides))
    assert response.status_code == 400, response.content
    assert words in " ".join(response.json()[field])
    assert not Application.objects.exists()
    assert files_in(private_files) == []


def test_consent_is_required_when_the_editor_asks_for_it(client, imported_site):
    index = CareersIndexPage.objects.get()
    index.consent_required = True
    index.save_revision().publish()
    response = apply(client)
    assert response.status_code == 400
    assert "agree" in response.json()["consent"][0]
    assert apply(client, form(consent="on")).status_code == 201
    application = Application.objects.get()
    assert application.consent and "deleted after one year" in application.consent_text


def test_a_resume_over_the_limit_is_413(client, imported_site, private_files, settings):
    settings.CAREERS_RESUME_MAX_BYTES = 1000
    response = apply(client, form(resume=resume(PDF + b" " * 2000)))
    assert response.status_code == 413
    assert "larger than" in response.json()["resume"][0]
    assert not Application.objects.exists() and files_in(private_files) == []


def test_a_body_over_the_limit_is_413_before_it_is_read(client, imported_site, settings):
    settings.CAREERS_RESUME_MAX_BYTES = 1000
    response = client.post(
        URL,
        b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=5 * 1024 * 1024,
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        ({f"extra{n}": "x" for n in range(10_008)}, 400, "more than 10000 fields"),
        ({"photo": [resume(name=f"{n}.pdf") for n in range(101)]}, 400, "more than 100 files"),
        ({"message": "x" * 3 * 1024 * 1024}, 413, "larger than 2621440 bytes"),
    ],
    ids=["fields", "files", "field size"],
)
def test_a_body_over_djangos_limits_is_refused_in_json_naming_the_limit(
    client, imported_site, private_files, overrides, status, words
):
    response = apply(client, form(**overrides))
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert not Application.objects.exists() and files_in(private_files) == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"name": "Ada", "email": "ada@example.com", "message": "Hi"}', "application/json"),
        ("name=Ada&email=ada%40example.com&message=Hi", "application/x-www-form-urlencoded"),
    ],
)
def test_anything_but_multipart_is_415(client, imported_site, body, content_type):
    response = client.post(URL, body, content_type=content_type)
    assert response.status_code == 415
    assert not Application.objects.exists()


@pytest.mark.parametrize("key", ["has space", "ключ", "x" * 256, ""])
def test_a_bad_idempotency_key_is_refused(client, imported_site, key):
    response = apply(client, **{"Idempotency-Key": key})
    assert response.status_code == 400
    assert "visible ASCII" in response.json()["Idempotency-Key"][0]
    assert not Application.objects.exists()


def test_unknown_unpublished_and_expired_postings_are_404(client, imported_site, private_files):
    assert client.post("/api/careers/postings/astronaut/applications/", form()).status_code == 404
    JobPostingPage.objects.get(slug="developer-advocate").unpublish()
    assert (
        client.post("/api/careers/postings/developer-advocate/applications/", form()).status_code
        == 404
    )
    JobPostingPage.objects.filter(slug="site-reliability-engineer").update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert (
        client.post(
            "/api/careers/postings/site-reliability-engineer/applications/", form()
        ).status_code
        == 404
    )
    assert not Application.objects.exists() and files_in(private_files) == []


def test_get_is_not_allowed(client, imported_site):
    assert client.get(URL).status_code == 405


# Retries, throttling and failures --------------------------------------------------


def test_a_retried_submission_is_stored_once_and_answered_like_the_first(
    client, imported_site, private_files
):
    first = apply(client, form(), **{"Idempotency-Key": "apply-7f1c2a"})
    again = apply(client, form(), **{"Idempotency-Key": "apply-7f1c2a"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1 and len(files_in(private_files)) == 1


def test_the_same_key_for_a_different_submission_is_422(client, imported_site, private_files):
    assert apply(client, form(), **{"Idempotency-Key": "k-1"}).status_code == 201
    response = apply(client, form(message="Something else"), **{"Idempotency-Key": "k-1"})
    assert response.status_code == 422
    assert Application.objects.count() == 1 and len(files_in(private_files)) == 1


def test_too_many_applications_from_one_client_get_429_with_retry_after(
    client, imported_site, monkeypatch
):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"applications": "2/minute"})
    assert apply(client).status_code == 201
    assert apply(client).status_code == 201
    response = apply(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert Application.objects.count() == 2


def test_a_database_failure_leaves_neither_row_nor_file(
    client, imported_site, private_files, monkeypatch
):
    def broken_save(self, *args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(Application, "save", broken_save)
    response = apply(client)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert not Application.objects.exists()
    assert files_in(private_files) == []


class FlakyEmailBackend(locmem.EmailBackend):
    """An outgoing mail server that is down for the first ``failures_left`` sends."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures_left > 0:
            FlakyEmailBackend.failures_left -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_outage_delays_mail_and_loses_nothing(client, careers_site, settings):
    call_command("import_careers", str(careers_site), verbosity=0)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.hiring.test_applications.FlakyEmailBackend"
    FlakyEmailBackend.failures_left = 2

    assert apply(client).status_code == 201  # the outage does not refuse anyone
    application = Application.objects.get()
    queued = DBTaskResult.objects.filter(task_path__endswith="send_application_emails")
    assert queued.count() == 1

    for attempt in (1, 2):
        call_command("db_worker", batch=True, verbosity=0)
        application.refresh_from_db()
        assert application.notification_attempts == attempt
        assert application.hiring_team_notified_at is None and mail.outbox == []
        retry = queued.filter(status="READY").get()
        assert retry.run_after > timezone.now()  # retried later, with backoff
        retry.run_after = timezone.now()
        retry.save(update_fields=["run_after"])

    call_command("db_worker", batch=True, verbosity=0)  # the server is back
    application.refresh_from_db()
    assert application.notification_attempts == 3
    assert application.hiring_team_notified_at and application.applicant_confirmed_at
    assert [m.to for m in mail.outbox] == [settings.CAREERS_HIRING_EMAILS, ["ada@example.com"]]
    assert not queued.filter(status="READY").exists()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_applications_are_all_stored_on_postgresql(
    live_server, careers_site, private_files, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    call_command("import_careers", str(careers_site), verbosity=0)
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"applications": None})
    total = 200

    def submit(n: int) -> int:
        body, content_type = multipart(
            {"name": f"Applicant {n}", "email": f"a{n}@example.com", "message": f"Hello {n}"},
            {"resume": (f"cv-{n}.pdf", PDF + str(n).encode())},
        )
        request = urllib.request.Request(
            live_server.url + URL,
            data=body,
            headers={"Content-Type": content_type, "Idempotency-Key": f"load-{n}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    # Each submission, and a replay of every fourth one, all at once.
    jobs = list(range(total)) + list(range(0, total, 4))
    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(submit, jobs))

    assert statuses.count(201) == len(jobs), sorted(set(statuses))
    assert Application.objects.count() == total
    assert len(files_in(private_files)) == total
    assert Application.objects.values("idempotency_key").distinct().count() == total
