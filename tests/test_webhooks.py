"""Publish webhooks: signed, retried after failures, logged."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careers_pages.models import CareersIndexPage, JobPostingPage, WebhookDelivery, WebhookEndpoint

SECRET = "s3cret-for-tests"


class Receiver:
    """A real HTTP server on loopback that answers with the statuses it is given."""

    def __init__(self, statuses=(204,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/careers"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def verify(headers, body) -> bool:
    """What a receiver does: recompute the signature over timestamp and body."""
    expected = hmac.new(
        SECRET.encode(), headers["X-Careers-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(headers["X-Careers-Signature"], f"sha256={expected}")


@pytest.mark.django_db
def test_publishing_sends_a_signed_delivery(
    imported_hoppscotch, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Static site", url=receiver.url, secret=SECRET)
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.location = "Accra"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert verify(headers, body)
    assert not verify({**headers, "X-Careers-Timestamp": "1"}, body)  # a replayed timestamp fails
    assert not verify(headers, body.replace(b"Accra", b"Evil")) or b"Accra" not in body
    payload = json.loads(body)
    assert payload["event"] == headers["X-Careers-Event"] == "posting.published"
    assert payload["page"] == {
        "id": page.pk,
        "type": "posting",
        "slug": "back-end-engineer",
        "title": "Back-end Engineer",
        "url": "/company/careers/back-end-engineer",
    }
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.response_status == 204
    assert headers["X-Careers-Delivery"] == str(delivery.uuid)


@pytest.mark.django_db
def test_unpublishing_and_index_changes_are_sent(
    imported_hoppscotch, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="CDN", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="product-manager").unpublish()
        index = CareersIndexPage.objects.get()
        index.hero_heading = "New"
        index.save_revision().publish()
    events = [json.loads(body)["event"] for _, body in receiver.requests]
    assert events == ["posting.unpublished", "index.published"]


@pytest.mark.django_db
def test_a_draft_save_sends_nothing_and_inactive_endpoints_get_nothing(
    imported_hoppscotch, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Off", url=receiver.url, secret=SECRET, active=False)
    WebhookEndpoint.objects.create(name="On", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="product-manager").save_revision()
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_deliveries_are_retried_with_backoff_and_logged(hoppscotch, settings):
    call_command("import_careers", str(hoppscotch), verbosity=0)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver = Receiver(statuses=[503, 500, 200])
    try:
        WebhookEndpoint.objects.create(name="Flaky", url=receiver.url, secret=SECRET)
        page = JobPostingPage.objects.get(slug="devops-engineer")
        page.save_revision().publish()
        delivery = WebhookDelivery.objects.get()
        queued = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")

        for attempt, status in ((1, 503), (2, 500)):
            call_command("db_worker", batch=True, verbosity=0)
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts) == ("pending", attempt)
            assert delivery.response_status == status and delivery.error == f"HTTP {status}"
            retry = queued.filter(status="READY").get()
            assert retry.run_after > timezone.now()
            retry.run_after = timezone.now()
            retry.save(update_fields=["run_after"])

        call_command("db_worker", batch=True, verbosity=0)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            "delivered",
            3,
            200,
        )
        assert len(receiver.requests) == 3
        assert all(verify(headers, body) for headers, body in receiver.requests)
        # The same delivery id each time, so receivers can drop duplicates.
        assert len({headers["X-Careers-Delivery"] for headers, _ in receiver.requests}) == 1
    finally:
        receiver.close()


@pytest.mark.django_db
def test_an_unreachable_endpoint_is_logged(
    imported_hoppscotch, django_capture_on_commit_callbacks, settings
):
    WebhookEndpoint.objects.create(name="Gone", url="http://127.0.0.1:9/hooks", secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="devops-engineer").save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "refused" in delivery.error.lower()


@pytest.mark.django_db
def test_deliveries_are_visible_in_the_admin(
    admin_client, imported_hoppscotch, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Static site", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="devops-engineer").save_revision().publish()
    response = admin_client.get(reverse("webhook_deliveries:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "posting.published" in html and "Static site" in html


@pytest.mark.django_db
def test_publishing_purges_the_api_urls_from_the_cdn(imported_hoppscotch, settings):
    purged = []

    class Purger(BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Purger)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    try:
        JobPostingPage.objects.get(slug="back-end-engineer").save_revision().publish()
    finally:
        server.shutdown()
    paths = {path for _, path in purged}
    assert {
        "/api/careers/",
        "/api/careers/postings/",
        "/api/careers/postings/back-end-engineer/",
        "/company/careers/back-end-engineer",  # Wagtail's own purge of the page
    } <= paths
