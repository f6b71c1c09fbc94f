"""The old import path of the application e-mails task, for tasks queued
before it moved to ``careers_pages.hiring.tasks``: the task worker finds a
queued task by the path it was queued under. Nothing else imports this."""

from careers_pages.hiring.tasks import send_application_emails

__all__ = ["send_application_emails"]
