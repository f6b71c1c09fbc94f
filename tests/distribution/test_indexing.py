"""Google Indexing API: URL_UPDATED on publish, URL_DELETED on unpublish,
deletion and at expiry; a real google-auth JWT against a local token endpoint;
retries, the daily quota, the admin log; off without credentials."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careers_pages.distribution import google_indexing
from careers_pages.distribution.models import IndexingNotification, IndexingQuotaDay
from careers_pages.models import JobPostingPage
from tests.distribution.google_fake import AUDIENCE, TOKEN, FakeGoogle

BASE = "https://careers.example.com"
URL = f"{BASE}/company/careers/back-end-engineer"


@pytest.fixture
def start_google(tmp_path, settings):
    """Start the local Google (``FakeGoogle``'s options) and point the settings
    at it; called by a test when announcing should begin (after an import, say)."""
    started = []

    def start(**options) -> FakeGoogle:
        fake = FakeGoogle(tmp_path, **options)
        started.append(fake)
        settings.CAREERS_GOOGLE_INDEXING_CREDENTIALS = str(fake.credentials_file)
        settings.CAREERS_GOOGLE_INDEXING_ENDPOINT = fake.publish_url
        settings.CAREERS_FRONTEND_BASE_URL = BASE
        return fake

    yield start
    for fake in started:
        fake.close()


@pytest.fixture
def google(start_google):
    return start_google()


def posting(slug="back-end-engineer"):
    return JobPostingPage.objects.get(slug=slug)


def log():
    return list(IndexingNotification.objects.order_by("pk").values_list("kind", "url", "status"))


@pytest.mark.django_db
def test_publishing_a_live_posting_sends_url_updated_with_a_real_token(
    imported_site, google, django_capture_on_commit_callbacks
):
    page = posting()
    page.location = "Accra"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert google.published() == [{"url": URL, "type": "URL_UPDATED"}]
    headers, _ = google.publish_requests[0]
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["content-type"] == "application/json"
    # google-auth signed a JWT with the file's key; the token endpoint checked it.
    (token_request,) = google.token_requests
    assert token_request["form"]["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    claims = token_request["claims"]
    assert claims["iss"] == "indexing@careers-test.iam.gserviceaccount.com"
    assert claims["scope"] == "https://www.googleapis.com/auth/indexing"
    assert claims["aud"] == AUDIENCE
    notification = IndexingNotification.objects.get()
    assert (notification.status, notification.attempts, notification.response_status) == (
        "sent",
        1,
        200,
    )

    # The token is kept: a second notification asks for none.
    with django_capture_on_commit_callbacks(execute=True):
        posting().save_revision().publish()
    assert len(google.publish_requests) == 2 and len(google.token_requests) == 1


@pytest.mark.django_db
def test_unpublishing_and_deleting_send_url_deleted_once(
    imported_site, google, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posting().unpublish()
    assert google.published() == [{"url": URL, "type": "URL_DELETED"}]

    other = posting("developer-advocate")
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert google.published()[-1] == {
        "url": f"{BASE}/company/careers/developer-advocate",
        "type": "URL_DELETED",
    }
    assert [kind for kind, _, status in log()] == ["URL_DELETED", "URL_DELETED"]
    assert {status for *_, status in log()} == {"sent"}


@pytest.mark.django_db
def test_drafts_and_restricted_postings_are_not_announced(
    imported_site, google, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        posting().save_revision()  # a draft
    assert google.publish_requests == []

    page = posting()
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    # Published behind a login: gone for Google, not updated.
    assert google.published() == [{"url": URL, "type": "URL_DELETED"}]


@pytest.mark.django_db
def test_off_while_the_credentials_setting_is_unset(
    imported_site, settings, django_capture_on_commit_callbacks
):
    settings.CAREERS_GOOGLE_INDEXING_CREDENTIALS = ""
    with django_capture_on_commit_callbacks(execute=True):
        posting().save_revision().publish()
        posting("developer-advocate").unpublish()
    assert not IndexingNotification.objects.exists()


@pytest.mark.django_db
def test_a_refused_permission_fails_at_once_and_is_logged(
    imported_site, google, admin_client, django_capture_on_commit_callbacks
):
    google.statuses = [403]
    with django_capture_on_commit_callbacks(execute=True):
        posting().save_revision().publish()
    notification = IndexingNotification.objects.get()
    assert (notification.status, notification.error, notification.attempts) == (
        "failed",
        "HTTP 403",
        1,
    )

    listing = admin_client.get(reverse("indexing_notifications:index"))
    assert listing.status_code == 200
    assert URL in listing.content.decode() and "Failed" in listing.content.decode()
    # Each entry opens on its inspect page.
    inspect_url = reverse("indexing_notifications:inspect", args=[notification.pk])
    assert f'href="{inspect_url}"' in listing.content.decode()
    inspect = admin_client.get(inspect_url)
    assert inspect.status_code == 200 and "HTTP 403" in inspect.content.decode()
    # Read-only: no add or edit views.
    assert admin_client.get("/admin/indexing_notifications/new/").status_code == 404


@pytest.mark.django_db
def test_unreadable_credentials_are_a_logged_failure_not_a_crash(
    imported_site, google, settings, tmp_path, django_capture_on_commit_callbacks
):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    settings.CAREERS_GOOGLE_INDEXING_CREDENTIALS = str(broken)
    with django_capture_on_commit_callbacks(execute=True):
        posting().save_revision().publish()  # the publish itself goes through
    notification = IndexingNotification.objects.get()
    assert notification.status == "pending"  # retried: the file may be fixed
    assert notification.error.startswith("credentials unreadable")
    assert google.publish_requests == []


@pytest.mark.django_db
def test_the_daily_quota_defers_to_the_next_day(
    imported_site, google, settings, django_capture_on_commit_callbacks
):
    settings.CAREERS_GOOGLE_INDEXING_DAILY_QUOTA = 1
    with django_capture_on_commit_callbacks(execute=True):
        posting().save_revision().publish()
        posting("developer-advocate").save_revision().publish()
    assert len(google.publish_requests) == 1
    deferred = IndexingNotification.objects.get(status="pending")
    assert deferred.error == "daily quota reached" and deferred.attempts == 0
    tomorrow = timezone.now().astimezone(datetime.UTC).date() + datetime.timedelta(days=1)
    assert deferred.send_after == datetime.datetime.combine(
        tomorrow, datetime.time.min, tzinfo=datetime.UTC
    )
    assert IndexingQuotaDay.objects.get().requests == 1


def test_the_endpoint_defaults_to_googles():
    from django.conf import settings

    assert settings.CAREERS_GOOGLE_INDEXING_ENDPOINT == (
        "https://indexing.googleapis.com/v3/urlNotifications:publish"
    )
    assert settings.CAREERS_GOOGLE_INDEXING_DAILY_QUOTA == 200
    assert not google_indexing.enabled()


# With the task worker, as in production -----------------------------------


@pytest.fixture
def worker_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects.filter(task_path__endswith="send_indexing_notification")


def run_worker():
    call_command("db_worker", batch=True, verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failures_are_retried_with_backoff_by_the_worker(careers_site, start_google, worker_queue):
    call_command("import_careers", str(careers_site), verbosity=0)
    fake = start_google(publish_statuses=[503, 500, 200])
    posting().save_revision().publish()
    notification = IndexingNotification.objects.get()
    assert notification.status == "pending" and fake.publish_requests == []  # queued
    for attempt, status in ((1, 503), (2, 500)):
        run_worker()
        notification.refresh_from_db()
        assert (notification.attempts, notification.error) == (attempt, f"HTTP {status}")
        retry = worker_queue.filter(status="READY").get()
        # 1 minute, then 2: the backoff.
        wait = retry.run_after - timezone.now()
        assert datetime.timedelta(minutes=attempt) - datetime.timedelta(seconds=5) < wait
        assert wait <= datetime.timedelta(minutes=attempt)
        IndexingNotification.objects.filter(pk=notification.pk).update(send_after=timezone.now())
        worker_queue.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 3)
    assert fake.published() == [{"url": URL, "type": "URL_UPDATED"}] * 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_url_deleted_is_sent_at_the_moment_of_expiry(careers_site, start_google, worker_queue):
    call_command("import_careers", str(careers_site), verbosity=0)
    fake = start_google()
    page = posting()
    page.valid_through = timezone.localdate() + datetime.timedelta(days=3)
    page.save_revision().publish()
    run_worker()
    assert fake.published() == [{"url": URL, "type": "URL_UPDATED"}]

    # The deletion waits in the queue for the very moment of expiry.
    expiry = IndexingNotification.objects.get(kind="URL_DELETED")
    assert expiry.status == "pending" and expiry.send_after == posting().expire_at
    queued = worker_queue.filter(status="READY").get()
    assert queued.run_after == posting().expire_at

    # That moment comes (publish_scheduled has not run: the page is still live).
    moment = timezone.now() - datetime.timedelta(seconds=1)
    JobPostingPage.objects.filter(pk=page.pk).update(expire_at=moment)
    IndexingNotification.objects.filter(pk=expiry.pk).update(send_after=moment)
    worker_queue.filter(pk=queued.pk).update(run_after=moment)
    run_worker()
    assert fake.published()[-1] == {"url": URL, "type": "URL_DELETED"}
    assert posting().live  # sent before any cron unpublished it

    # publish_scheduled unpublishing it later tells Google nothing new.
    call_command("publish_scheduled", verbosity=0)
    run_worker()
    assert not posting().live
    assert len(fake.publish_requests) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_closing_date_moved_on_cancels_the_earlier_expiry(
    careers_site, start_google, worker_queue
):
    call_command("import_careers", str(careers_site), verbosity=0)
    fake = start_google()
    page = posting()
    page.valid_through = timezone.localdate() + datetime.timedelta(days=3)
    page.save_revision().publish()
    page = posting()
    page.valid_through = timezone.localdate() + datetime.timedelta(days=30)
    page.save_revision().publish()
    deletions = IndexingNotification.objects.filter(kind="URL_DELETED").order_by("pk")
    assert [d.status for d in deletions] == ["cancelled", "pending"]
    assert deletions[1].send_after == posting().expire_at
    # The first expiry's task, run at its moment, sends nothing.
    worker_queue.filter(status="READY").update(run_after=timezone.now())
    IndexingNotification.objects.filter(pk=deletions[0].pk).update(send_after=timezone.now())
    run_worker()
    assert [json["type"] for json in fake.published()] == ["URL_UPDATED", "URL_UPDATED"]
