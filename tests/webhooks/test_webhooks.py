"""Publish webhooks: signed, retried after failures, logged; sent to public
addresses only, never redirected, cancelled with their endpoint."""

import hashlib
import hmac
import html
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careers_pages.models import CareersIndexPage, JobPostingPage
from careers_pages.webhooks.models import WebhookDelivery, WebhookEndpoint
from careers_pages.webhooks.tasks import deliver_webhook
from tests.factories import PROJECT
from tests.project.test_production import PRODUCTION_ENV

SECRET = "s3cret-for-tests"


class Receiver:
    """A real HTTP server on loopback that answers with the statuses it is given.

    ``headers`` are added to every answer; ``before_answer(receiver)`` runs once a
    request is in, before the answer goes out; ``tls`` is a server SSLContext."""

    def __init__(self, statuses=(204,), headers=None, before_answer=None, tls=None):
        self.statuses = list(statuses)
        self.requests = []
        self.paths = []
        self.server_names = []  # the TLS SNI each client sent
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                receiver.paths.append(self.path)
                if before_answer:
                    before_answer(receiver)
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        scheme = "http"
        if tls is not None:
            scheme = "https"
            tls.sni_callback = lambda connection, name, context: self.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{scheme}://127.0.0.1:{self.port}/hooks/careers"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url_at(self, host: str) -> str:
        """This receiver's URL under another host name (which the fake DNS must know)."""
        return self.url.replace("127.0.0.1", host)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_receivers(settings):
    """Webhooks may go to this machine, as in development."""
    settings.CAREERS_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def receiver(local_receivers):
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
    imported_site, receiver, django_capture_on_commit_callbacks
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
    imported_site, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="CDN", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="developer-advocate").unpublish()
        index = CareersIndexPage.objects.get()
        index.hero_heading = "New"
        index.save_revision().publish()
    events = [json.loads(body)["event"] for _, body in receiver.requests]
    assert events == ["posting.unpublished", "index.published"]


@pytest.mark.django_db
def test_a_draft_save_sends_nothing_and_inactive_endpoints_get_nothing(
    imported_site, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Off", url=receiver.url, secret=SECRET, active=False)
    WebhookEndpoint.objects.create(name="On", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="developer-advocate").save_revision()
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_deliveries_are_retried_with_backoff_and_logged(careers_site, settings):
    call_command("import_careers", str(careers_site), verbosity=0)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CAREERS_WEBHOOKS_ALLOW_PRIVATE = True
    receiver = Receiver(statuses=[503, 500, 200])
    try:
        WebhookEndpoint.objects.create(name="Flaky", url=receiver.url, secret=SECRET)
        page = JobPostingPage.objects.get(slug="site-reliability-engineer")
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
def test_deliveries_are_visible_in_the_admin(
    admin_client, imported_site, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Static site", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="site-reliability-engineer").save_revision().publish()
    response = admin_client.get(reverse("webhook_deliveries:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "posting.published" in html and "Static site" in html
    # Each entry opens on its inspect page; the log has no edit view.
    delivery = WebhookDelivery.objects.get()
    assert f'href="{reverse("webhook_deliveries:inspect", args=[delivery.pk])}"' in html
    assert admin_client.get(f"/admin/webhook_deliveries/edit/{delivery.pk}/").status_code == 404


@pytest.mark.django_db
def test_publishing_purges_the_api_urls_from_the_cdn(imported_site, settings):
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


# Where webhooks may go -----------------------------------------------------

# What Settings → Webhooks accepted before, each with why it is refused now.
REFUSED_TARGETS = [
    ("http://127.0.0.1:8080/hooks", "The URL points to a loopback address (127.0.0.1)."),
    (
        "http://169.254.169.254/latest/meta-data/",
        "The URL points to a cloud metadata address (169.254.169.254).",
    ),
    ("http://[fd00:ec2::254]/", "The URL points to a cloud metadata address (fd00:ec2::254)."),
    ("http://10.0.0.5/hooks", "The URL points to a private address (10.0.0.5)."),
    ("http://[::1]:8080/", "The URL points to a loopback address (::1)."),
    (
        "http://[::ffff:127.0.0.1]:8080/",
        "The URL points to a loopback address (::ffff:7f00:1, that is 127.0.0.1).",
    ),
    (
        "http://[::ffff:a00:5]/",
        "The URL points to a private address (::ffff:a00:5, that is 10.0.0.5).",
    ),
    (
        "http://[2002:a00:5::1]/",
        "The URL points to a private address (2002:a00:5::1, that is 10.0.0.5).",
    ),
    (
        "http://[64:ff9b::a00:5]/",
        "The URL points to a private address (64:ff9b::a00:5, that is 10.0.0.5).",
    ),
    ("http://0.0.0.0:8080/", "The URL points to an unspecified address (0.0.0.0)."),
    ("http://100.64.0.1/", "The URL points to a shared (carrier-grade NAT) address (100.64.0.1)."),
    ("http://224.0.0.1/", "The URL points to a multicast address (224.0.0.1)."),
    ("http://240.0.0.1/", "The URL points to a reserved address (240.0.0.1)."),
    ("http://[fe80::1]/", "The URL points to a link-local address (fe80::1)."),
    ("http://2130706433:8080/", "2130706433 resolves to a loopback address (127.0.0.1)."),
    ("http://localhost:5432", "Port 5432 belongs to another service than HTTP"),
    ("http://93.184.215.14:22/", "Port 22 belongs to another service than HTTP"),
    ("localhost:5432", "Webhooks are sent over http:// or https:// only."),
    ("ftp://ftp.example.com/hooks", "Webhooks are sent over http:// or https:// only."),
    ("http://user:pw@93.184.215.14/", "The URL must not hold a user name or password"),
]


class FakeDNS:
    """Answers for the host names a test names, in place of the system's resolver;
    a list of answers is given out in turn, the last one for ever after."""

    def __init__(self):
        self.answers = {}
        self.lookups = []

    def __call__(self, host, port):
        self.lookups.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answers = self.answers[host]
        return answers.pop(0) if len(answers) > 1 else answers[0]


@pytest.fixture
def dns(monkeypatch):
    from careers_pages.webhooks import targets

    fake = FakeDNS()
    monkeypatch.setattr(targets, "resolve", fake)
    return fake


def send_to(url, **endpoint_fields) -> WebhookDelivery:
    """One delivery to an endpoint stored as it is, without the checks a save makes,
    sent by the worker's task."""
    endpoint = WebhookEndpoint.objects.create(
        name="Target", url=url, secret=SECRET, **endpoint_fields
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="posting.published", payload={"event": "posting.published"}
    )
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def clean_url(url):
    """The errors a save through the admin or full_clean() shows on the URL."""
    endpoint = WebhookEndpoint(name="Target", url=url, secret=SECRET)
    with pytest.raises(ValidationError) as refused:
        endpoint.full_clean()
    return refused.value.message_dict["url"]


# What the admin's form field says first, for what is not a URL to it at all.
FORM_FIELD_MESSAGES = {
    "http://2130706433:8080/": "Enter a valid URL.",
    "localhost:5432": "Enter a valid URL.",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "reason"), REFUSED_TARGETS)
def test_the_admin_form_refuses_internal_targets_on_the_url_field(admin_client, url, reason):
    response = admin_client.post(
        reverse("wagtailsnippets_careers_pages_webhookendpoint:add"),
        {"name": "Probe", "url": url, "secret": SECRET, "active": "on"},
    )
    assert response.status_code == 200
    reason = FORM_FIELD_MESSAGES.get(url, reason)
    assert reason in html.unescape(response.content.decode())
    assert any(reason in message for message in response.context["form"].errors["url"])
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "reason"), REFUSED_TARGETS)
def test_model_validation_names_why_a_target_is_refused(url, reason):
    assert any(reason in message for message in clean_url(url))


@pytest.mark.django_db
def test_host_names_are_resolved_when_saved(dns):
    dns.answers["hooks.example.com"] = [["93.184.215.14"]]
    dns.answers["intranet.example.com"] = [["10.0.0.5"]]
    dns.answers["split.example.com"] = [["93.184.215.14", "127.0.0.1"]]
    WebhookEndpoint(name="Public", url="https://hooks.example.com/x", secret=SECRET).full_clean()
    assert clean_url("https://intranet.example.com/x") == [
        "intranet.example.com resolves to a private address (10.0.0.5)."
    ]
    # Every address of the host counts, not only the first.
    assert clean_url("https://split.example.com/x") == [
        "split.example.com resolves to a loopback address (127.0.0.1)."
    ]
    assert clean_url("https://nowhere.example.com/x") == [
        "nowhere.example.com could not be resolved: check the host name."
    ]


@pytest.mark.django_db
def test_private_addresses_are_allowed_only_by_the_setting_and_metadata_never(dns, local_receivers):
    dns.answers["intranet.example.com"] = [["10.0.0.5"]]
    for url in ("http://127.0.0.1:8080/", "https://intranet.example.com/", "http://[::1]:8080/"):
        WebhookEndpoint(name="Local", url=url, secret=SECRET).full_clean()
    assert clean_url("http://169.254.169.254/latest/meta-data/") == [
        "The URL points to a cloud metadata address (169.254.169.254)."
    ]
    assert clean_url("http://[fd00:ec2::254]/") == [
        "The URL points to a cloud metadata address (fd00:ec2::254)."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "reason"), REFUSED_TARGETS)
def test_a_stored_internal_target_is_not_contacted(url, reason):
    """An endpoint saved past the form's checks (a script, an old row) is refused
    again when sending, and the log shows the kind of refusal, not the reason."""
    delivery = send_to(url)
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.error in ("address not allowed", "URL not allowed")
    assert delivery.response_status is None


@pytest.mark.django_db
def test_a_receiver_on_this_machine_gets_nothing_without_the_setting():
    receiver = Receiver()
    try:
        delivery = send_to(receiver.url)
    finally:
        receiver.close()
    assert receiver.requests == []
    assert (delivery.status, delivery.error) == ("pending", "address not allowed")


@pytest.mark.django_db
def test_dns_rebinding_is_refused_when_connecting(dns):
    """The host names a public address when saved and this machine when sent to."""
    receiver = Receiver()
    dns.answers["rebind.example.com"] = [["93.184.215.14"], ["127.0.0.1"]]
    try:
        url = receiver.url_at("rebind.example.com")
        WebhookEndpoint(name="Rebinding", url=url, secret=SECRET).full_clean()
        delivery = send_to(url)
    finally:
        receiver.close()
    assert receiver.requests == []
    assert (delivery.status, delivery.error) == ("pending", "address not allowed")
    assert dns.lookups == ["rebind.example.com", "rebind.example.com"]  # one per check


@pytest.mark.django_db
def test_a_delivery_goes_to_the_address_it_checked_under_its_host_name(dns, receiver):
    dns.answers["hooks.example.com"] = [["127.0.0.1"]]
    delivery = send_to(receiver.url_at("hooks.example.com") + "/café?site=a b#top")
    assert (delivery.status, delivery.response_status) == ("delivered", 204)
    headers, body = receiver.requests[0]
    assert headers["Host"] == f"hooks.example.com:{receiver.port}"
    assert receiver.paths == ["/hooks/careers/caf%C3%A9?site=a%20b"]
    assert verify(headers, body)
    assert dns.lookups == ["hooks.example.com"]  # resolved once, by us


@pytest.mark.django_db
def test_a_host_with_one_address_that_does_not_answer_gets_the_next(dns, receiver):
    dns.answers["hooks.example.com"] = [["::1", "127.0.0.1"]]  # nothing listens on ::1
    delivery = send_to(receiver.url_at("hooks.example.com"))
    assert (delivery.status, len(receiver.requests)) == ("delivered", 1)


@pytest.mark.django_db
def test_redirects_are_not_followed(local_receivers):
    elsewhere = Receiver()
    redirecting = Receiver(statuses=[302], headers={"Location": elsewhere.url})
    try:
        delivery = send_to(redirecting.url)
    finally:
        redirecting.close()
        elsewhere.close()
    assert len(redirecting.requests) == 1
    assert elsewhere.requests == []  # the signed request went nowhere else
    assert (delivery.status, delivery.response_status, delivery.error) == (
        "pending",
        302,
        "HTTP 302 redirect (not followed)",
    )


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_failures_are_logged_by_kind_only(dns, local_receivers, settings):
    settings.CAREERS_WEBHOOKS_TIMEOUT = 0.2
    answer = threading.Event()
    hanging = Receiver(before_answer=lambda receiver: answer.wait(10))
    failing = Receiver(statuses=[500])
    try:
        errors = {
            "closed port": send_to(f"http://127.0.0.1:{closed_port()}/hooks").error,
            "no answer": send_to(hanging.url).error,
            "server error": send_to(failing.url).error,
            "no such host": send_to("https://nowhere.example.com/hooks").error,
        }
    finally:
        answer.set()
        hanging.close()
        failing.close()
    assert errors == {
        "closed port": "connection refused",
        "no answer": "timeout",
        "server error": "HTTP 500",
        "no such host": "DNS lookup failed",
    }


# TLS: the certificate is checked against the URL's host name --------------


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A test authority, and a certificate it signed for hooks.example.com."""
    if not shutil.which("openssl"):
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(
        "req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Webhook test authority",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=folder,
    )  # fmt: skip
    openssl(
        "req", *key, "-keyout", "hooks.key", "-out", "hooks.csr",
        "-subj", "/CN=hooks.example.com", cwd=folder,
    )  # fmt: skip
    (folder / "hooks.ext").write_text("subjectAltName=DNS:hooks.example.com\n")
    openssl(
        "x509", "-req", "-in", "hooks.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "hooks.pem", "-days", "2", "-extfile", "hooks.ext",
        cwd=folder,
    )  # fmt: skip
    return folder


@pytest.fixture
def tls_receiver(certificates, local_receivers, dns):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "hooks.pem", certificates / "hooks.key")
    receiver = Receiver(tls=context)
    dns.answers["hooks.example.com"] = [["127.0.0.1"]]
    dns.answers["other.example.com"] = [["127.0.0.1"]]
    yield receiver
    receiver.close()


@pytest.mark.django_db
def test_https_checks_the_certificate_for_the_host_name(certificates, tls_receiver, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    delivery = send_to(tls_receiver.url_at("hooks.example.com"))
    assert (delivery.status, delivery.response_status) == ("delivered", 204)
    assert tls_receiver.server_names == ["hooks.example.com"]  # SNI, not the address
    assert tls_receiver.requests[0][0]["Host"] == f"hooks.example.com:{tls_receiver.port}"

    # The same server under a name its certificate does not hold.
    delivery = send_to(tls_receiver.url_at("other.example.com"))
    assert (delivery.status, delivery.error) == ("pending", "TLS error")
    assert len(tls_receiver.requests) == 1


@pytest.mark.django_db
def test_https_refuses_a_certificate_from_an_unknown_authority(tls_receiver, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", os.devnull)
    delivery = send_to(tls_receiver.url_at("hooks.example.com"))
    assert (delivery.status, delivery.error) == ("pending", "TLS error")
    assert tls_receiver.requests == []


# Deactivated and deleted endpoints ----------------------------------------


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the database for the worker, as in production. The worker
    closes its database connection, so tests using it cannot run in a transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")


def run_retries_now(queued_tasks):
    """The worker, once the backoff of every queued retry is over."""
    queued_tasks.filter(status="READY").update(run_after=timezone.now())
    call_command("db_worker", batch=True, verbosity=0)


def first_attempt_fails(queued_tasks) -> tuple[Receiver, WebhookDelivery]:
    receiver = Receiver(statuses=[503])
    delivery = send_to(receiver.url)
    assert (delivery.status, delivery.error, len(receiver.requests)) == ("pending", "HTTP 503", 1)
    assert queued_tasks.filter(status="READY").count() == 1
    return receiver, delivery


def assert_cancelled_after_one_attempt(receiver, delivery):
    """The receiver got the first attempt only, and the delivery is cancelled."""
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("cancelled", 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deactivating_an_endpoint_cancels_its_pending_retries(
    admin_client, local_receivers, queued_tasks
):
    receiver, delivery = first_attempt_fails(queued_tasks)
    try:
        response = admin_client.post(
            reverse(
                "wagtailsnippets_careers_pages_webhookendpoint:edit", args=[delivery.endpoint.pk]
            ),
            {"name": "Target", "url": receiver.url, "secret": SECRET},  # "active" unticked
        )
        assert response.status_code == 302
        delivery.refresh_from_db()
        assert (delivery.status, delivery.error) == ("cancelled", "endpoint deactivated")
        run_retries_now(queued_tasks)
    finally:
        receiver.close()
    assert_cancelled_after_one_attempt(receiver, delivery)


@pytest.mark.django_db(transaction=True)
def test_an_endpoint_switched_off_without_its_save_gets_nothing(local_receivers, queued_tasks):
    """A bulk update skips the model's save(); the task looks at the endpoint itself."""
    receiver, delivery = first_attempt_fails(queued_tasks)
    try:
        WebhookEndpoint.objects.update(active=False)
        run_retries_now(queued_tasks)
    finally:
        receiver.close()
    assert_cancelled_after_one_attempt(receiver, delivery)


@pytest.mark.django_db(transaction=True)
def test_deactivating_while_a_delivery_is_on_its_way_stops_its_retries(
    local_receivers, queued_tasks
):
    def deactivate(receiver):
        endpoint = WebhookEndpoint.objects.get()
        endpoint.active = False
        endpoint.save()
        connections.close_all()  # this thread's own connection

    receiver = Receiver(statuses=[503], before_answer=deactivate)
    try:
        delivery = send_to(receiver.url)
        run_retries_now(queued_tasks)
    finally:
        receiver.close()
    assert len(receiver.requests) == 1
    assert (delivery.status, delivery.error) == ("cancelled", "endpoint deactivated")
    assert not queued_tasks.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_while_a_delivery_is_on_its_way_leaves_nothing_behind(
    local_receivers, queued_tasks
):
    def delete(receiver):
        WebhookEndpoint.objects.get().delete()
        connections.close_all()  # this thread's own connection

    receiver = Receiver(statuses=[503], before_answer=delete)
    try:
        delivery = WebhookDelivery.objects.create(
            endpoint=WebhookEndpoint.objects.create(name="Target", url=receiver.url, secret=SECRET),
            event="posting.published",
            payload={"event": "posting.published"},
        )
        deliver_webhook.call(delivery.pk)  # neither brings the row back nor fails
    finally:
        receiver.close()
    assert len(receiver.requests) == 1
    assert not WebhookDelivery.objects.exists()
    assert not queued_tasks.exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_an_endpoint_cancels_its_pending_retries(local_receivers, queued_tasks):
    receiver, delivery = first_attempt_fails(queued_tasks)
    try:
        delivery.endpoint.delete()
        run_retries_now(queued_tasks)
    finally:
        receiver.close()
    assert len(receiver.requests) == 1
    assert not WebhookDelivery.objects.exists()
    assert set(queued_tasks.values_list("status", flat=True)) == {"SUCCESSFUL"}


# The setting ----------------------------------------------------------------


def setting_in_a_fresh_process(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CAREERS_WEBHOOKS")}
    return subprocess.run(
        [sys.executable, "-c", "from cms import settings; print(settings.CAREERS_WEBHOOKS_ALLOW_PRIVATE)"],
        cwd=PROJECT, env={**environment, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_private_addresses_are_refused_unless_the_setting_says_otherwise():
    assert setting_in_a_fresh_process().stdout.strip() == "False"
    assert setting_in_a_fresh_process(**PRODUCTION_ENV).stdout.strip() == "False"
    on = setting_in_a_fresh_process(CAREERS_WEBHOOKS_ALLOW_PRIVATE="true")
    assert on.stdout.strip() == "True"
    typo = setting_in_a_fresh_process(CAREERS_WEBHOOKS_ALLOW_PRIVATE="sure")
    assert "CAREERS_WEBHOOKS_ALLOW_PRIVATE must be true or false" in typo.stderr


@pytest.mark.django_db
def test_the_payload_names_the_export_paths_that_changed(
    imported_site, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Static site", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        JobPostingPage.objects.get(slug="back-end-engineer").save_revision().publish()
    paths = json.loads(receiver.requests[0][1])["export_paths"]
    assert "api/careers/postings/back-end-engineer/index.json" in paths
    assert {"api/careers/index.json", "api/careers/postings/index.json"} <= set(paths)
    assert {"feeds/careers/index.xml", "feeds/indeed.xml", "feeds/linkedin.xml"} <= set(paths)
    assert "sitemap.xml" in paths
    # Only that posting's detail: the others did not change.
    assert not any("developer-advocate" in path for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        CareersIndexPage.objects.get().save_revision().publish()
    paths = json.loads(receiver.requests[1][1])["export_paths"]
    # Every detail names its careers page (the back link): all of them.
    assert "api/careers/postings/developer-advocate/index.json" in paths
