"""Storing an application: the row and its resume together, or neither."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from careers_pages.models import CareersIndexPage, JobPostingPage

from .forms import ApplicationForm
from .models import Application
from .resumes import delete_resume_files

logger = logging.getLogger(__name__)


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different submission."""


def submit_application(
    posting: JobPostingPage,
    index: CareersIndexPage,
    form: ApplicationForm,
    idempotency_key: str | None = None,
) -> tuple[Application, bool]:
    """Store a valid application; return it and whether it was stored before
    (a replay of the same ``idempotency_key``). Notifications are queued once
    the row is committed."""
    data = form.cleaned_data
    fingerprint = form.fingerprint(posting.pk)
    if idempotency_key:
        earlier = Application.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return _replay(earlier, fingerprint)
    application = Application(
        posting=posting,
        role=posting.role,
        name=data["name"],
        email=data["email"],
        linkedin=data["linkedin"],
        github=data["github"],
        message=data["message"],
        consent=bool(data.get("consent")),
        consent_text=index.consent_text if index.consent_required else "",
        idempotency_key=idempotency_key or None,
        fingerprint=fingerprint,
    )
    resume = data.get("resume")
    try:
        with transaction.atomic():
            if resume:
                application.resume_filename = resume.name[:255]
                application.resume_content_type = form.resume_content_type
                application.resume_size = resume.size
                application.resume.save(f"resume{form.resume_type}", resume, save=False)
            application.save()
            transaction.on_commit(lambda: _queue_notifications(application.pk))
    except IntegrityError:
        delete_resume_files([application.resume])
        if idempotency_key:
            # The same key, sent twice at once: the other request stored it.
            earlier = Application.objects.filter(idempotency_key=idempotency_key).first()
            if earlier is not None:
                return _replay(earlier, fingerprint)
        raise
    except BaseException:
        delete_resume_files([application.resume])
        raise
    return application, False


def _replay(earlier: Application, fingerprint: str) -> tuple[Application, bool]:
    if earlier.fingerprint != fingerprint:
        raise IdempotencyConflict
    return earlier, True


def _queue_notifications(application_id: int):
    from .tasks import send_application_emails

    try:
        send_application_emails.enqueue(application_id)
    except Exception:
        # The application is stored; a task queue outage must not turn that into an error.
        logger.exception("Could not queue the e-mails of application %s", application_id)
