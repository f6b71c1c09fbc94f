"""Background tasks: the e-mails an application sends, retried until they go.

Queued tasks are stored by import path: ``careers_pages.tasks`` keeps the old
one working."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from cms.retries import Backoff

from .models import Application, ApplicationMessage
from .pipeline import EMAIL_FAILED_ACTION, EMAIL_SENT_ACTION

logger = logging.getLogger(__name__)

#: 1, 2, 4 … minutes, at most an hour; eight attempts.
RETRIES = Backoff(first=timedelta(minutes=1))


#: An address gets at most one confirmation per posting in this long.
CONFIRMATION_INTERVAL = timedelta(days=1)


@task()
def send_application_emails(application_id: int):
    """Tell the hiring team and confirm to the applicant; each mail is sent once.
    On failure the task queues itself again, later, until ``RETRIES`` gives up."""
    application = Application.objects.select_related("posting").filter(pk=application_id).first()
    if application is None:
        return
    application.notification_attempts += 1
    try:
        if application.hiring_team_notified_at is None:
            name = single_line(application.name)
            send_mail(
                f"New application: {single_line(application.role)} — {name}",
                f"{name} <{application.email}> applied for {application.role}.\n\n"
                f"{application.message}\n\nSee it in the hiring inbox: "
                f"{settings.WAGTAILADMIN_BASE_URL}/admin/applications/inspect/{application.pk}/",
                None,
                hiring_emails(application),
            )
            application.hiring_team_notified_at = timezone.now()
        if application.applicant_confirmed_at is None:
            application.applicant_confirmed_at = confirm_to_applicant(application)
    except Exception:
        retry_later(
            send_application_emails,
            application_id,
            attempt=application.notification_attempts,
            what=f"the e-mails of application {application_id}",
        )
    finally:
        application.save(
            update_fields=[
                "notification_attempts",
                "hiring_team_notified_at",
                "applicant_confirmed_at",
            ]
        )


def retry_later(task, *args, attempt: int, what: str) -> bool:
    """After a failed ``attempt`` (from an ``except`` block): queue ``task``
    again, ``RETRIES.delay(attempt)`` later, and True; or, once ``RETRIES``
    gives up, log that and False."""
    if RETRIES.gives_up_after(attempt):
        logger.exception("Giving up on %s", what)
        return False
    logger.warning("Sending %s failed (attempt %s); retrying", what, attempt, exc_info=True)
    task.using(run_after=timezone.now() + RETRIES.delay(attempt)).enqueue(*args)
    return True


@task()
def send_stage_email(message_id: int):
    """Send an e-mail the hiring team wrote from a stage's template (an
    ``ApplicationMessage``, filled in when it was sent), once; retried like the
    application's own e-mails. Its outcome goes to the application's history."""
    message = ApplicationMessage.objects.select_related("application").filter(pk=message_id).first()
    if message is None or message.status != ApplicationMessage.Status.QUEUED:
        return
    message.attempts += 1
    try:
        send_mail(message.subject, message.body, None, [message.recipient])
    except Exception:
        retried = retry_later(
            send_stage_email, message_id, attempt=message.attempts, what=f"e-mail {message_id}"
        )
        if not retried:
            message.status = ApplicationMessage.Status.FAILED
            log(message.application, EMAIL_FAILED_ACTION, data={"subject": message.subject})
    else:
        message.status = ApplicationMessage.Status.SENT
        message.sent_at = timezone.now()
        log(message.application, EMAIL_SENT_ACTION, data={"subject": message.subject})
    finally:
        message.save(update_fields=["attempts", "status", "sent_at"])


def confirm_to_applicant(application) -> datetime | None:
    """Send the applicant the confirmation, unless their address (in any case)
    already had one for the same posting within CONFIRMATION_INTERVAL; the time
    it was sent, or None when skipped.

    The confirmation goes to whatever address was typed in, so it says nothing
    the applicant wrote: only the posting's own role and the site's name. At
    most one per address and posting and day keeps it from carrying mail to
    strangers. The applications of that address and posting stay locked from
    the check until the send is recorded, so two workers confirming at once
    send one mail (PostgreSQL; SQLite has one writer at a time and no row locks).
    """
    with transaction.atomic():
        same_address = Application.objects.select_for_update().filter(
            posting_id=application.posting_id, email__iexact=application.email
        )
        since = timezone.now() - CONFIRMATION_INTERVAL
        earlier = [
            sent
            for pk, sent in same_address.values_list("pk", "applicant_confirmed_at")
            if pk != application.pk and sent is not None and sent > since
        ]
        if earlier:
            logger.info(
                "Not confirming application %s: its address had a confirmation for this "
                "posting at %s",
                application.pk,
                max(earlier).isoformat(),
            )
            return None
        subject, body = confirmation_email(application.posting)
        send_mail(subject, body, None, [application.email])
        sent_at = timezone.now()
        Application.objects.filter(pk=application.pk).update(applicant_confirmed_at=sent_at)
    return sent_at


def confirmation_email(posting) -> tuple[str, str]:
    """The applicant's confirmation (subject, body): the posting's role from the
    database, or none once the posting is gone, and the site's name."""
    site = settings.WAGTAIL_SITE_NAME
    if posting is None:
        return (
            "We received your application",
            f"Hello,\n\nthank you for your application. We will get back to you.\n\n{site}",
        )
    role = single_line(posting.role)
    return (
        f"We received your application for {role}",
        f"Hello,\n\nthank you for applying for {role}. We will get back to you.\n\n{site}",
    )


def single_line(text: str) -> str:
    """``text`` with every run of whitespace, line and paragraph separators
    included, made one space: safe in a header, shown as typed."""
    return " ".join(text.split())


def hiring_emails(application) -> list[str]:
    posting = application.posting
    if posting is not None and posting.hiring_emails:
        return [e.strip() for e in posting.hiring_emails.split(",") if e.strip()]
    return list(settings.CAREERS_HIRING_EMAILS)
