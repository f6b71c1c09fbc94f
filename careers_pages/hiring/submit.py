"""Storing an application: the row and its resume together, or neither."""

from __future__ import annotations

import calendar
import datetime
import ipaddress
import logging
import string
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from careers_pages.form_fields import REFERRER_ORIGIN_MAX_LENGTH
from careers_pages.models import CareersIndexPage, JobPostingPage

from .forms import ApplicationForm
from .models import Application, PrivacyNotice, PrivateAnswer
from .resumes import delete_resume_files

logger = logging.getLogger(__name__)


def consent_wording(
    index: CareersIndexPage, current_notice=PrivacyNotice.current
) -> tuple[bool, str, PrivacyNotice | None]:
    """Whether the form asks for processing consent, its label, and the privacy
    notice it is (once one is written in the admin, it is always asked).
    ``current_notice`` reads the current notice (the API passes its own lookup)."""
    notice = current_notice()
    if notice is not None:
        return True, notice.text, notice
    return index.consent_required, index.consent_text, None


def talent_pool_label() -> str:
    return (
        "Keep my application for future roles for "
        f"{settings.CAREERS_TALENT_POOL_MONTHS} months (optional)."
    )


# What a host name in a Referer may hold (browsers send IDNs as punycode).
HOST_NAME_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "-._")
DEFAULT_PORTS = {"http": 80, "https": 443}


def referrer_origin(referer: str | None) -> str:
    """The origin of a ``Referer`` header, ``scheme://host[:port]`` (the port
    only where it is not the scheme's default); never its credentials, path or
    query. Empty for anything that is not an http(s) URL with a valid host."""
    if not referer or len(referer) > 8192:
        return ""
    try:
        parts = urlsplit(referer)
        port = parts.port  # a port that is not a number in 0-65535 is a ValueError
    except ValueError:
        return ""
    scheme, host = parts.scheme.lower(), parts.hostname  # hostname: lower case, no user
    if scheme not in DEFAULT_PORTS or not host:
        return ""
    if ":" in host:
        try:
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return ""
    elif not HOST_NAME_CHARACTERS.issuperset(host):
        return ""
    origin = f"{scheme}://{host}"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        origin += f":{port}"
    return origin if len(origin) <= REFERRER_ORIGIN_MAX_LENGTH else ""


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different submission."""


def submit_application(
    posting: JobPostingPage,
    index: CareersIndexPage,
    form: ApplicationForm,
    idempotency_key: str | None = None,
    referer: str | None = None,
    wording: tuple[bool, str, PrivacyNotice | None] | None = None,
) -> tuple[Application, bool]:
    """Store a valid application; return it and whether it was stored before
    (a replay of the same ``idempotency_key``). Of the request's ``Referer``
    only the origin is kept. Notifications are queued once the row is
    committed. ``wording`` is the ``consent_wording`` the form was built with
    (read again when not given)."""
    data = form.cleaned_data
    fingerprint = form.fingerprint(posting.pk)
    consent_asked, consent_text, notice = wording or consent_wording(index)
    now = timezone.now()
    consented = bool(data.get("consent"))
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
        consent=consented,
        consent_text=consent_text if consent_asked else "",
        privacy_notice_version=notice.version if notice and consented else None,
        consent_given_at=now if consented else None,
        talent_pool_until=_talent_pool_until(now.date()) if data.get("talent_pool") else None,
        **form.sources(),
        referrer_origin=referrer_origin(referer),
        submitted_at=now,
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


def _talent_pool_until(today: datetime.date) -> datetime.date:
    """``CAREERS_TALENT_POOL_MONTHS`` calendar months after ``today`` (the
    month's last day where it is shorter)."""
    months = today.month - 1 + settings.CAREERS_TALENT_POOL_MONTHS
    year, month = today.year + months // 12, months % 12 + 1
    return today.replace(
        year=year, month=month, day=min(today.day, calendar.monthrange(year, month)[1])
    )


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
