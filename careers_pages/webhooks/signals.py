"""Deliveries are queued as careers pages are published, unpublished or deleted:
this app listens to Wagtail's and Django's signals, so the pages know nothing
of webhooks."""

from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from careers_pages.models import CareersIndexPage, JobPostingPage

from .tasks import notify


def _published(sender, instance, **kwargs):
    notify("published", instance)


def _unpublished(sender, instance, **kwargs):
    notify("unpublished", instance)


def _deleted(sender, instance, **kwargs):
    if instance.live:
        notify("deleted", instance)


def connect_signals():
    for model in (JobPostingPage, CareersIndexPage):
        page_published.connect(
            _published, sender=model, dispatch_uid=f"webhook_pub_{model.__name__}"
        )
        page_unpublished.connect(
            _unpublished, sender=model, dispatch_uid=f"webhook_unpub_{model.__name__}"
        )
        pre_delete.connect(_deleted, sender=model, dispatch_uid=f"webhook_del_{model.__name__}")
