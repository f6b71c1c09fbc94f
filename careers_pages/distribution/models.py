"""The log of Google Indexing API notifications, and the requests made each day."""

from __future__ import annotations

from datetime import UTC

from django.db import models
from django.db.models import F
from django.utils import timezone


class IndexingNotification(models.Model):
    """One ``URL_UPDATED`` or ``URL_DELETED`` told (or to be told) to Google."""

    class Kind(models.TextChoices):
        UPDATED = "URL_UPDATED", "URL_UPDATED"
        DELETED = "URL_DELETED", "URL_DELETED"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    url = models.URLField("URL", max_length=500, db_index=True)
    kind = models.CharField(max_length=11, choices=Kind.choices)
    # Not a foreign key: the log outlives a deleted page.
    page_id = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    send_after = models.DateTimeField(
        default=timezone.now,
        help_text="Not sent before: a posting's expiry, or the next day's quota.",
    )
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "indexing notification"

    def __str__(self):
        return f"{self.kind} {self.url}"


class IndexingQuotaDay(models.Model):
    """Requests made to the publish endpoint on one day (UTC), within
    ``CAREERS_GOOGLE_INDEXING_DAILY_QUOTA``; counted in the database, so that
    every worker shares it."""

    day = models.DateField(unique=True)
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "indexing quota day"

    def __str__(self):
        return f"{self.day}: {self.requests}"

    @classmethod
    def claim(cls, quota: int, now=None) -> bool:
        """Count one request today if the quota allows it (atomic across workers)."""
        day = (now or timezone.now()).astimezone(UTC).date()
        for _ in range(2):
            if cls.objects.filter(day=day, requests__lt=quota).update(requests=F("requests") + 1):
                return True
            _, created = cls.objects.get_or_create(day=day)
            if not created:
                return False
        return False
