"""Stage e-mails: templates with a fixed set of placeholders, filled in one
pass; picked, read and sent from the candidate page through the task worker;
logged on the candidate (its history and its Messages list)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from careers_pages.hiring.models import ApplicationMessage, PipelineStage, StageEmailTemplate
from careers_pages.hiring.pipeline import (
    EMAIL_FAILED_ACTION,
    EMAIL_QUEUED_ACTION,
    EMAIL_SENT_ACTION,
)
from careers_pages.hiring.stage_emails import fill_placeholders
from careers_pages.hiring.tasks import RETRIES
from careers_pages.models import HiringOrganization, JobPostingPage
from tests.factories import apply
from tests.hiring.test_applications import FlakyEmailBackend

pytestmark = pytest.mark.django_db

VALUES = {"candidate_name": "Ada", "posting_title": "Engineer", "organization_name": "Hoppscotch"}


@pytest.fixture
def invitation():
    return StageEmailTemplate.objects.create(
        stage=PipelineStage.objects.get(slug="interview"),
        name="Invitation to interview",
        subject="Your interview for {posting_title}",
        body="Dear {candidate_name},\n\nwe would like to meet you.\n\n{organization_name}",
    )


@pytest.fixture
def organization(imported_site):
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    organization = HiringOrganization.for_page(posting)
    organization.name = "Hoppscotch"
    organization.save()
    return organization


def candidate_url(application):
    return reverse("applications:inspect", args=(application.pk,))


def post_email(client, application, action, template_pk):
    data = {"action": action}
    if template_pk is not None:
        data["email-template"] = template_pk
    return client.post(candidate_url(application), data)


def add_rejection(client, body):
    """Post the form that adds a "Rejection" template to the Rejected stage, with ``body``."""
    return client.post(
        reverse("stage_emails:add"),
        {
            "stage": PipelineStage.objects.get(slug="rejected").pk,
            "name": "Rejection",
            "subject": "About {posting_title}",
            "body": body,
        },
    )


def actions_logged(application):
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk))
        .exclude(action="careers_hiring.stage_change")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        (
            "Hello {candidate_name}, {posting_title} at {organization_name}.",
            "Hello Ada, Engineer at Hoppscotch.",
        ),
        (
            "{name.__class__} {candidate_name.__class__} {0} {}",
            "{name.__class__} {candidate_name.__class__} {0} {}",
        ),
        ("{{candidate_name}} {candidate_name", "{Ada} {candidate_name"),
    ],
)
def test_placeholders_are_filled_in_one_pass_and_nothing_else_is_read(text, filled):
    assert fill_placeholders(text, VALUES) == filled


def test_a_value_is_never_read_for_placeholders():
    values = {**VALUES, "candidate_name": "{posting_title} {organization_name.__init__}"}

    assert fill_placeholders("Dear {candidate_name}", values) == (
        "Dear {posting_title} {organization_name.__init__}"
    )


def test_a_template_with_an_unknown_placeholder_is_refused_naming_the_field(admin_client):
    response = add_rejection(admin_client, "Dear {name.__class__}, sorry. {candidate_name}")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["body"]
    assert errors["body"] == [
        "Unknown placeholder {name.__class__}: use {candidate_name}, {posting_title}, "
        "{organization_name}."
    ]
    assert not StageEmailTemplate.objects.exists()


def test_an_administrator_writes_a_template_the_hiring_team_does_not(
    admin_client, client, hiring_member
):
    response = add_rejection(admin_client, "Dear {candidate_name}, we went with someone else.")
    assert response.status_code == 302
    assert StageEmailTemplate.objects.get().name == "Rejection"

    client.force_login(hiring_member)
    for url in (reverse("stage_emails:index"), reverse("stage_emails:add")):
        assert client.get(url)["Location"] == reverse("wagtailadmin_home")


def test_a_stage_with_templates_is_not_deleted(admin_client, invitation):
    url = reverse("pipeline_stages:delete", args=(invitation.stage.pk,))

    response = admin_client.post(url, follow=True)

    assert "has 1 e-mail template and cannot be deleted" in response.content.decode()
    assert PipelineStage.objects.filter(pk=invitation.stage.pk).exists()


def test_the_team_reads_the_filled_email_then_sends_it_through_the_worker(
    client, hiring_member, backend, invitation, organization, django_capture_on_commit_callbacks
):
    application = apply(backend, name="Ada {posting_title} Lovelace")
    client.force_login(hiring_member)

    preview = post_email(client, application, "email_preview", invitation.pk)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Your interview for Back-end Engineer" in html
    assert "Dear Ada {posting_title} Lovelace," in html
    assert "Hoppscotch" in html
    assert not ApplicationMessage.objects.exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        sent = post_email(client, application, "email_send", invitation.pk)

    assert sent.status_code == 302
    [email] = mail.outbox
    assert email.to == ["ada@example.com"]
    assert email.subject == "Your interview for Back-end Engineer"
    assert (
        email.body
        == "Dear Ada {posting_title} Lovelace,\n\nwe would like to meet you.\n\nHoppscotch"
    )
    message = ApplicationMessage.objects.get()
    assert (message.status, message.attempts, message.sent_by) == ("sent", 1, hiring_member)
    assert message.sent_at is not None
    assert actions_logged(application) == [EMAIL_QUEUED_ACTION, EMAIL_SENT_ACTION]
    page = client.get(candidate_url(application)).content.decode()
    messages = page[page.index('id="candidate-messages"') :]
    assert "Your interview for Back-end Engineer" in messages and ">Sent<" in messages
    history = page[page.index('id="candidate-history"') :]
    assert "E-mail “Your interview for Back-end Engineer” sent" in history
    assert "E-mail “Your interview for Back-end Engineer” queued" in history


@pytest.mark.parametrize(
    ("template_pk", "error"),
    [
        (None, "Choose the template to send."),
        (999999, "There is no such template; choose one from the list."),
    ],
)
@pytest.mark.parametrize("action", ["email_preview", "email_send"])
def test_no_or_an_unknown_template_is_refused(
    client, hiring_member, backend, invitation, action, template_pk, error
):
    application = apply(backend)
    client.force_login(hiring_member)

    response = post_email(client, application, action, template_pk)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ApplicationMessage.objects.exists() and mail.outbox == []


def test_without_the_change_permission_nothing_is_sent(client, reader, backend, invitation):
    application = apply(backend)
    client.force_login(reader)

    page = client.get(candidate_url(application)).content.decode()
    response = post_email(client, application, "email_send", invitation.pk)

    assert 'name="email-template"' not in page
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not ApplicationMessage.objects.exists() and mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_outage_retries_the_email_later_until_it_goes(
    client, django_user_model, imported_site, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.hiring.test_applications.FlakyEmailBackend"
    FlakyEmailBackend.failures_left = 1
    template = StageEmailTemplate.objects.create(
        stage=PipelineStage.objects.get(slug="rejected"),
        name="Rejection",
        subject="About {posting_title}",
        body="Dear {candidate_name}, thank you.",
    )
    application = apply(JobPostingPage.objects.get(slug="back-end-engineer"))
    client.force_login(django_user_model.objects.create_superuser("boss", password="x"))

    assert post_email(client, application, "email_send", template.pk).status_code == 302
    queued = DBTaskResult.objects.filter(task_path__endswith="send_stage_email")
    call_command("db_worker", batch=True, verbosity=0)
    message = ApplicationMessage.objects.get()
    assert (message.status, message.attempts, mail.outbox) == ("queued", 1, [])
    retry = queued.filter(status="READY").get()
    assert retry.run_after > timezone.now()  # later, with backoff
    retry.run_after = timezone.now()
    retry.save(update_fields=["run_after"])

    call_command("db_worker", batch=True, verbosity=0)  # the server is back

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert [m.subject for m in mail.outbox] == ["About Back-end Engineer"]
    assert actions_logged(application) == [EMAIL_QUEUED_ACTION, EMAIL_SENT_ACTION]


def test_after_the_last_attempt_the_email_is_marked_failed(
    client, hiring_member, backend, invitation, settings
):
    from careers_pages.hiring.tasks import send_stage_email

    settings.EMAIL_BACKEND = "tests.hiring.test_applications.FlakyEmailBackend"
    FlakyEmailBackend.failures_left = 1
    application = apply(backend)
    message = ApplicationMessage.objects.create(
        application=application,
        template=invitation,
        recipient=application.email,
        subject="Your interview",
        body="Hello",
        attempts=RETRIES.max_attempts - 1,
    )

    send_stage_email.call(message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", RETRIES.max_attempts)
    assert mail.outbox == []
    assert actions_logged(application) == [EMAIL_FAILED_ACTION]
    client.force_login(hiring_member)
    page = client.get(candidate_url(application)).content.decode()
    assert ">Failed<" in page[page.index('id="candidate-messages"') :]
    assert "E-mail “Your interview” could not be sent" in page
