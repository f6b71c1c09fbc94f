"""Google Indexing API notifications for job postings.

``URL_UPDATED`` when a posting the public sees is published (or published
again, changed); ``URL_DELETED`` when it is unpublished or deleted, and at the
moment it expires (a task queued for its ``expire_at``, so not at the next run
of ``publish_scheduled``). Each notification is a row of the log (Settings →
Indexing notifications), sent by the task worker, retried with backoff, within
``CAREERS_GOOGLE_INDEXING_DAILY_QUOTA`` requests a day. Off while
``CAREERS_GOOGLE_INDEXING_CREDENTIALS`` is unset.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from careers_pages import visibility
from careers_pages.models import JobPostingPage, site_path
from cms.retries import Backoff

from . import google_indexing
from .models import IndexingNotification, IndexingQuotaDay

logger = logging.getLogger(__name__)

#: 1, 2, 4 … minutes, at most an hour; eight attempts.
RETRIES = Backoff(first=timedelta(minutes=1))
Kind = IndexingNotification.Kind
Status = IndexingNotification.Status


def posting_frontend_url(page: JobPostingPage) -> str | None:
    """The absolute URL visitors (and Google) know the posting by, or None
    for a page outside any site."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    base = settings.CAREERS_FRONTEND_BASE_URL or parts[1]
    return base + visibility.posting_path(site_path(page.get_parent()), page.slug)


def _queue(notification: IndexingNotification) -> None:
    pk, run_after = notification.pk, notification.send_after
    transaction.on_commit(lambda: _enqueue(pk, run_after))


def _enqueue(pk: int, run_after: datetime | None = None) -> None:
    if run_after is None or run_after <= timezone.now():
        send_indexing_notification.enqueue(pk)
        return
    try:
        send_indexing_notification.using(run_after=run_after).enqueue(pk)
    except Exception:  # a task backend that cannot defer (the immediate one)
        logger.exception("Could not schedule indexing notification %s", pk)


def _cancel_scheduled(url: str, reason: str) -> None:
    """Pending notifications of ``url`` not due yet (an expiry) are void."""
    IndexingNotification.objects.filter(
        url=url, status=Status.PENDING, send_after__gt=timezone.now()
    ).update(status=Status.CANCELLED, error=reason)


def posting_published(page: JobPostingPage) -> None:
    """``URL_UPDATED`` now, and ``URL_DELETED`` at its expiry, for a posting
    the public sees; a posting published where the public cannot see it
    (under a restriction, already expired) counts as gone."""
    if not google_indexing.enabled():
        return
    url = posting_frontend_url(page)
    if url is None:
        return
    if not page.is_shown_publicly():
        posting_removed(page)
        return
    _cancel_scheduled(url, "published again")
    _queue(IndexingNotification.objects.create(url=url, kind=Kind.UPDATED, page_id=page.pk))
    if page.expire_at:
        _queue(
            IndexingNotification.objects.create(
                url=url, kind=Kind.DELETED, page_id=page.pk, send_after=page.expire_at
            )
        )


def posting_removed(page: JobPostingPage) -> None:
    """``URL_DELETED`` now, unless Google was last told (or is about to be told)
    that the URL is gone: expiry, then ``publish_scheduled`` unpublishing the
    expired page, make one notification."""
    if not google_indexing.enabled():
        return
    url = posting_frontend_url(page)
    if url is None:
        return
    _cancel_scheduled(url, "unpublished")
    last = (
        IndexingNotification.objects.filter(url=url)
        .exclude(status__in=[Status.CANCELLED, Status.FAILED])
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is not None and last.kind == Kind.DELETED:
        return
    _queue(IndexingNotification.objects.create(url=url, kind=Kind.DELETED, page_id=page.pk))


def _still_true(notification: IndexingNotification) -> bool:
    """Whether the notification still says what is so: a posting updated is
    still public, one deleted is not public (its closing date not moved on)."""
    page = JobPostingPage.objects.filter(pk=notification.page_id).first()
    shown = (
        page is not None
        and page.is_shown_publicly()
        and posting_frontend_url(page) == notification.url
    )
    return shown if notification.kind == Kind.UPDATED else not shown


def _next_day() -> datetime:
    tomorrow = timezone.now().astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=UTC)


@task()
def send_indexing_notification(notification_id: int):
    """Send one notification when it is due, or record why not and queue its retry."""
    rows = IndexingNotification.objects.filter(pk=notification_id, status=Status.PENDING)
    notification = rows.first()
    if notification is None or notification.send_after > timezone.now():
        return  # done, cancelled, or a task queued early: the one at its moment sends it
    if not google_indexing.enabled():
        rows.update(status=Status.CANCELLED, error="indexing switched off")
        return
    if not _still_true(notification):
        rows.update(status=Status.CANCELLED, error="no longer so")
        return
    if not IndexingQuotaDay.claim(settings.CAREERS_GOOGLE_INDEXING_DAILY_QUOTA):
        send_after = _next_day()
        rows.update(send_after=send_after, error="daily quota reached")
        _enqueue(notification.pk, send_after)
        return
    attempts = notification.attempts + 1
    outcome = {"attempts": attempts, "error": "", "response_status": None}
    retry = True
    try:
        outcome["response_status"] = google_indexing.publish(notification.url, notification.kind)
    except google_indexing.PublishFailed as failure:
        outcome.update(error=failure.category, response_status=failure.status)
        retry = failure.retry
    status = Status.PENDING
    if not outcome["error"]:
        status, outcome["sent_at"] = Status.SENT, timezone.now()
    elif not retry or RETRIES.gives_up_after(attempts):
        status = Status.FAILED
        logger.error("Indexing notification %s failed: %s", notification.pk, outcome["error"])
    else:
        outcome["send_after"] = timezone.now() + RETRIES.delay(attempts)
    if not rows.update(status=status, **outcome):
        return  # cancelled while on its way
    if status == Status.PENDING:
        _enqueue(notification.pk, outcome["send_after"])
