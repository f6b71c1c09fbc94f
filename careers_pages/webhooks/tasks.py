"""Publish webhooks: a signed JSON POST to each configured URL whenever a
posting or the careers index is published, unpublished or deleted, delivered
by the task worker and retried with backoff; each delivery is logged.

Receivers verify ``X-Careers-Signature: sha256=<hex>``, the HMAC-SHA256 with
the endpoint's secret of ``<X-Careers-Timestamp>.<raw body>``. Where a
delivery may go, and how it is sent there, is targets.py's to say; signals.py
queues deliveries as pages are published.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from careers_pages.distribution.static_export import changed_export_paths
from careers_pages.models import CareersIndexPage, site_path
from cms.retries import Backoff

from .models import WebhookDelivery, WebhookEndpoint
from .targets import DeliveryFailed, TargetRefused, post

logger = logging.getLogger(__name__)

#: 30 s, 1, 2, 4 … minutes, at most an hour; eight attempts.
RETRIES = Backoff(first=timedelta(seconds=30))
USER_AGENT = "careers-cms-webhooks/1"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def notify(event: str, page) -> None:
    """Queue a delivery of ``event`` about ``page`` to every active endpoint,
    once the current transaction commits."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True))
    if not endpoints:
        return
    kind = "index" if isinstance(page, CareersIndexPage) else "posting"
    try:
        path = site_path(page)
    except Exception:  # a page being deleted may have lost its parent
        path = page.url_path
    payload = {
        "event": f"{kind}.{event}",
        "page": {"id": page.pk, "type": kind, "slug": page.slug, "title": page.title, "url": path},
        "occurred_at": timezone.now(),
        # The files of `manage.py export_api` this change may alter: a static
        # site rebuilds (or fetches again) only these.
        "export_paths": changed_export_paths(None if kind == "index" else page.slug),
    }
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event=payload["event"], payload=payload)
        for endpoint in endpoints
    )
    pks = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: [deliver_webhook.enqueue(pk) for pk in pks])


@task()
def deliver_webhook(delivery_id: int):
    """Send one delivery, or record why it failed and queue its retry.

    Only a pending delivery to an active endpoint is sent: a retry queued before
    the endpoint was deactivated or deleted does nothing."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return
    endpoint = delivery.endpoint
    if not endpoint.active:  # switched off by a bulk update, which skips its save()
        endpoint.cancel_pending_deliveries()
        return
    attempts = delivery.attempts + 1
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Careers-Event": delivery.event,
        "X-Careers-Delivery": str(delivery.uuid),
        "X-Careers-Timestamp": timestamp,
        "X-Careers-Signature": sign(endpoint.secret, timestamp, body),
    }
    outcome = {"attempts": attempts, "error": "", "response_status": None}
    try:
        outcome["response_status"] = post(
            endpoint.url, body, headers, timeout=settings.CAREERS_WEBHOOKS_TIMEOUT
        )
    except TargetRefused as refused:
        outcome["error"] = refused.category
        logger.warning("Webhook endpoint %s refused: %s", endpoint.pk, refused.message)
    except DeliveryFailed as failure:
        outcome.update(error=failure.category, response_status=failure.status)
    status = WebhookDelivery.Status.PENDING
    if not outcome["error"]:
        status = WebhookDelivery.Status.DELIVERED
        outcome["delivered_at"] = timezone.now()
    elif RETRIES.gives_up_after(attempts):
        status = WebhookDelivery.Status.FAILED
        logger.error("Webhook %s to endpoint %s failed for good", delivery.event, endpoint.pk)
    # Only if still pending: the endpoint may have been deactivated or deleted
    # while the request was on its way, and that cancelled the delivery.
    if not WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.PENDING
    ).update(status=status, **outcome):
        return
    if status == WebhookDelivery.Status.PENDING:
        try:
            deliver_webhook.using(run_after=timezone.now() + RETRIES.delay(attempts)).enqueue(
                delivery.pk
            )
        except Exception:  # a task backend that cannot defer (the immediate one)
            logger.exception("Could not schedule a retry of webhook delivery %s", delivery.pk)
