"""Background tasks: the e-mails an application sends, retried until they go."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def retry_delay(attempt: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


@task()
def send_application_emails(application_id: int):
    """Tell the hiring team and confirm to the applicant; each mail is sent once.
    On failure the task queues itself again, later, until MAX_ATTEMPTS."""
    from .models import Application

    application = Application.objects.select_related("posting").filter(pk=application_id).first()
    if application is None:
        return
    application.notification_attempts += 1
    try:
        if application.hiring_team_notified_at is None:
            send_mail(
                f"New application: {application.role} — {application.name}",
                f"{application.name} <{application.email}> applied for {application.role}.\n\n"
                f"{application.message}\n\nSee it in the hiring inbox: "
                f"{settings.WAGTAILADMIN_BASE_URL}/admin/applications/inspect/{application.pk}/",
                None,
                hiring_emails(application),
            )
            application.hiring_team_notified_at = timezone.now()
        if application.applicant_confirmed_at is None:
            send_mail(
                f"We received your application for {application.role}",
                f"Hello {application.name},\n\nthank you for applying for {application.role}. "
                "We will get back to you.",
                None,
                [application.email],
            )
            application.applicant_confirmed_at = timezone.now()
    except Exception:
        attempt = application.notification_attempts
        if attempt < MAX_ATTEMPTS:
            logger.warning(
                "Sending the e-mails of application %s failed (attempt %s); retrying",
                application_id,
                attempt,
                exc_info=True,
            )
            send_application_emails.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                application_id
            )
        else:
            logger.exception("Giving up on the e-mails of application %s", application_id)
    finally:
        application.save(
            update_fields=[
                "notification_attempts",
                "hiring_team_notified_at",
                "applicant_confirmed_at",
            ]
        )


def hiring_emails(application) -> list[str]:
    posting = application.posting
    if posting is not None and posting.hiring_emails:
        return [e.strip() for e in posting.hiring_emails.split(",") if e.strip()]
    return list(settings.CAREERS_HIRING_EMAILS)
