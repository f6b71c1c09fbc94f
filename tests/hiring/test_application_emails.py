"""The e-mails an application sends: the hiring team hears of every one; the
applicant's confirmation says nothing the applicant typed and goes to one
address at most once per posting and day."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from careers_pages.hiring.models import Application
from careers_pages.hiring.tasks import send_application_emails
from careers_pages.models import JobPostingPage

from .test_applications import form

pytestmark = pytest.mark.django_db

HIRING = "hiring@hoppscotch.io"
SPAM = "Cheap pills at https://spam.example"


@pytest.fixture(autouse=True)
def hiring_team(settings):
    settings.CAREERS_HIRING_EMAILS = [HIRING]
    settings.WAGTAIL_SITE_NAME = "Hoppscotch Careers"


def apply(client, capture, slug="back-end-engineer", **fields):
    with capture(execute=True):
        response = client.post(f"/api/careers/postings/{slug}/applications/", form(**fields))
    assert response.status_code == 201, response.content
    return Application.objects.get(uuid=response.json()["id"])


def confirmations():
    return [message for message in mail.outbox if message.to != [HIRING]]


def notifications():
    return [message for message in mail.outbox if message.to == [HIRING]]


def test_the_confirmation_echoes_nothing_the_applicant_typed(
    client, imported_site, django_capture_on_commit_callbacks
):
    JobPostingPage.objects.filter(slug="back-end-engineer").update(title="Back-end Engineer (Go)")
    apply(
        client,
        django_capture_on_commit_callbacks,
        name=SPAM,
        message=f"Visit {SPAM} now",
        role="Free money: https://spam.example",
        email="victim@example.org",
    )
    [confirmation] = confirmations()
    assert confirmation.to == ["victim@example.org"]
    text = f"{confirmation.subject}\n{confirmation.body}"
    assert "spam.example" not in text and "pills" not in text.lower()
    assert confirmation.subject == "We received your application for Back-end Engineer (Go)"
    assert "Hoppscotch Careers" in confirmation.body
    # The hiring team still sees who applied and what they wrote.
    [notification] = notifications()
    assert SPAM in notification.subject and SPAM in notification.body


def test_without_its_posting_the_confirmation_names_no_role(imported_site):
    """A posting deleted before the worker got to its application."""
    application = Application.objects.create(
        posting=None, role="Back-end Engineer", name="Ada", email="ada@example.com", message="x"
    )
    send_application_emails.call(application.pk)
    [confirmation] = confirmations()
    assert confirmation.subject == "We received your application"
    assert "Back-end Engineer" not in confirmation.body and "Ada" not in confirmation.body
    application.refresh_from_db()
    assert application.applicant_confirmed_at is not None


def test_one_confirmation_per_address_and_posting_and_day(
    client, imported_site, django_capture_on_commit_callbacks
):
    first = apply(client, django_capture_on_commit_callbacks, email="ada@example.com")
    second = apply(client, django_capture_on_commit_callbacks, email="ADA@Example.COM")
    assert len(confirmations()) == 1 and len(notifications()) == 2  # both stored and told
    second.refresh_from_db()
    assert second.applicant_confirmed_at is None and second.hiring_team_notified_at

    other_posting = apply(
        client,
        django_capture_on_commit_callbacks,
        slug="site-reliability-engineer",
        email="ada@example.com",
    )
    assert len(confirmations()) == 2
    other_posting.refresh_from_db()
    assert other_posting.applicant_confirmed_at is not None
    assert confirmations()[1].subject.endswith(other_posting.posting.title)

    # A day later the same address and posting are confirmed again.
    Application.objects.filter(pk=first.pk).update(
        applicant_confirmed_at=timezone.now() - datetime.timedelta(days=1, seconds=1)
    )
    apply(client, django_capture_on_commit_callbacks, email="ada@example.com")
    assert len(confirmations()) == 3 and len(notifications()) == 4


def test_the_hiring_team_subject_is_one_line_whatever_the_name(
    client, imported_site, django_capture_on_commit_callbacks
):
    apply(
        client,
        django_capture_on_commit_callbacks,
        name="Ada\u2028Bcc: victim@example.org\u2029Lovelace",
    )
    [notification] = notifications()
    assert notification.subject == (
        "New application: Back-end Engineer — Ada Bcc: victim@example.org Lovelace"
    )
    assert notification.to == [HIRING] and notification.bcc == []
    assert "victim" not in str(notification.message()["Bcc"])


class HeldEmailBackend(locmem.EmailBackend):
    """A mail server that holds every send until ``release`` is set, and says
    when one is waiting."""

    waiting = threading.Event()
    release = threading.Event()

    def send_messages(self, messages):
        if messages[0].to != [HIRING]:
            HeldEmailBackend.waiting.set()
            HeldEmailBackend.release.wait(timeout=30)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_confirming_one_address_at_once_send_one_mail(careers_site, settings):
    """Two applications of one address, their tasks run by two workers at the
    same moment: the second waits for the first's confirmation and skips."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (SQLite has one writer at a time)")
    call_command("import_careers", str(careers_site), verbosity=0)
    settings.EMAIL_BACKEND = "tests.hiring.test_application_emails.HeldEmailBackend"
    HeldEmailBackend.waiting.clear()
    HeldEmailBackend.release.clear()
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    ids = [
        Application.objects.create(
            posting=posting, role=posting.role, name="Ada", email=email, message="x"
        ).pk
        for email in ("ada@example.com", "Ada@example.com")
    ]

    def work(application_id):
        try:
            send_application_emails.call(application_id)
        finally:
            connection.close()

    first = threading.Thread(target=work, args=(ids[0],))
    first.start()
    assert HeldEmailBackend.waiting.wait(timeout=30)  # the first is sending its confirmation
    second = threading.Thread(target=work, args=(ids[1],))
    second.start()
    second.join(timeout=2)  # it may not send while the first has not recorded its own
    HeldEmailBackend.release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert [m.to for m in confirmations()] == [["ada@example.com"]]
    assert len(notifications()) == 2
