"""Storing an application: the row and its resume together, or neither."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from careers_pages.models import CareersIndexPage, JobPostingPage

from .forms import ApplicationForm
from .models import Application, PrivateAnswer
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
    answers = form.answers()
    try:
        with transaction.atomic():
            if resume:
                application.resume_filename = resume.name[:255]
                application.resume_content_type = form.resume_content_type
                application.resume_size = resume.size
                application.resume.save(f"resume{form.resume_type}", resume, save=False)
            application.answers = _store_answer_files(application, answers)
            application.save()
            _store_private_answers(posting, form.answers(private=True), application)
            transaction.on_commit(lambda: _queue_notifications(application.pk))
    except IntegrityError:
        delete_resume_files([application.resume, *application.answer_files()])
        if idempotency_key:
            # The same key, sent twice at once: the other request stored it.
            earlier = Application.objects.filter(idempotency_key=idempotency_key).first()
            if earlier is not None:
                return _replay(earlier, fingerprint)
        raise
    except BaseException:
        delete_resume_files([application.resume, *application.answer_files()])
        raise
    return application, False


def _store_answer_files(application: Application, answers: dict) -> dict:
    """The answers, each uploaded file saved beside the resume and replaced by
    where it is and what it was: ``{file, filename, content_type, size}``."""
    stored = {}
    storage = application._meta.get_field("resume").storage
    folder = f"answers/{application.submitted_at:%Y/%m}/{application.uuid}"
    for name, value in answers.items():
        if hasattr(value, "chunks"):
            path = storage.save(f"{folder}/{name}{value.document_type}", value)
            # Recorded at once, so that a later failure deletes it too.
            application.answers = {**application.answers, name: {"file": path}}
            value = {
                "file": path,
                "filename": value.name[:255],
                "content_type": value.recognised_content_type,
                "size": value.size,
            }
        stored[name] = value
    return stored


def _store_private_answers(posting, answers: dict, application: Application):
    """Private answers, one row per chosen answer, with nothing that leads back
    to the application (only the posting and the month)."""
    month = application.submitted_at.date().replace(day=1)
    rows = []
    for question, value in answers.items():
        for answer in value if isinstance(value, list) else [value]:
            if hasattr(answer, "chunks"):
                continue  # a file cannot be counted; private file questions store nothing
            if isinstance(answer, bool):
                answer = "yes" if answer else "no"
            rows.append(
                PrivateAnswer(
                    posting=posting, question=question, answer=str(answer)[:255], month=month
                )
            )
    PrivateAnswer.objects.bulk_create(rows)


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
