"""Purge a CDN in front of the API when careers content changes, through
``wagtail.contrib.frontend_cache`` (configured with WAGTAILFRONTENDCACHE).

Wagtail purges a published page's own URL; the API also caches the posting's
detail, the postings list and the careers index, so those are purged too.
Lists with query strings cannot be enumerated: their ``max-age``
(``CAREERS_API_MAX_AGE``) bounds how long a CDN keeps them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)


def api_urls_for(page) -> list[str]:
    from careers_pages.models import JobPostingPage

    site = page.get_site()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    paths = [reverse("careers-api:index"), reverse("careers-api:posting-list")]
    if isinstance(page, JobPostingPage):
        paths.append(reverse("careers-api:posting-detail", args=[page.slug]))
    return [base + path for path in paths]


def purge_api_urls(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(api_urls_for(instance))
    except Exception:
        logger.exception("Could not purge the CDN for %s", instance)


def connect_signals():
    from careers_pages.models import CareersIndexPage, JobPostingPage

    for model in (CareersIndexPage, JobPostingPage):
        for signal in (page_published, page_unpublished):
            signal.connect(
                purge_api_urls, sender=model, dispatch_uid=f"cdn_{signal}_{model.__name__}"
            )
