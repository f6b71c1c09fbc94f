"""Webhook endpoints, and the log of what was sent to them."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from .targets import validate_webhook_url


class WebhookEndpoint(models.Model):
    """A URL told of every publish, unpublish and deletion of a posting or the
    careers index, to rebuild a static site or purge a CDN."""

    name = models.CharField(max_length=100)
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_webhook_url],
        help_text="An http:// or https:// URL on a public address; redirects are not followed.",
    )
    secret = models.CharField(
        max_length=200,
        help_text="Deliveries are signed with HMAC-SHA256 of this secret: see the "
        "X-Careers-Signature header.",
    )
    active = models.BooleanField(default=True)

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("secret"), FieldPanel("active")]

    class Meta:
        # The table careers_pages created, before this app had the model.
        db_table = "careers_pages_webhookendpoint"
        verbose_name = "webhook"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.active:
            self.cancel_pending_deliveries()

    def cancel_pending_deliveries(self):
        """Retries already queued then find their delivery cancelled and send nothing."""
        self.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
            status=WebhookDelivery.Status.CANCELLED, error="endpoint deactivated"
        )


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=50)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "careers_pages_webhookdelivery"
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} to {self.endpoint}"
