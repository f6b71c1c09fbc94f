"""Tasks queued before the split name their function by its old import path; the
task worker imports that path, so it still leads to the task."""

from django.utils.module_loading import import_string

from careers_pages.hiring.tasks import send_application_emails
from careers_pages.webhooks.tasks import deliver_webhook


def test_tasks_queued_under_their_old_paths_still_find_their_task():
    assert import_string("careers_pages.tasks.send_application_emails") is send_application_emails
    assert import_string("careers_pages.webhooks.deliver_webhook") is deliver_webhook


def test_tasks_queue_under_their_new_paths():
    assert (
        send_application_emails.module_path == "careers_pages.hiring.tasks.send_application_emails"
    )
    assert deliver_webhook.module_path == "careers_pages.webhooks.tasks.deliver_webhook"
