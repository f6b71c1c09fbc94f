"""Indexing notifications follow Wagtail's and Django's signals, so the pages
know nothing of them."""

from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from careers_pages.models import JobPostingPage

from . import indexing


def _published(sender, instance, **kwargs):
    indexing.posting_published(instance)


def _unpublished(sender, instance, **kwargs):
    indexing.posting_removed(instance)


def _deleted(sender, instance, **kwargs):
    if instance.live:
        indexing.posting_removed(instance)


def connect_signals():
    page_published.connect(_published, sender=JobPostingPage, dispatch_uid="indexing_published")
    page_unpublished.connect(
        _unpublished, sender=JobPostingPage, dispatch_uid="indexing_unpublished"
    )
    pre_delete.connect(_deleted, sender=JobPostingPage, dispatch_uid="indexing_deleted")
