"""What the public may see of the careers pages, written once.

Every consumer asks these functions: the careers API (index, list, detail,
applications; its fast lookups in ``api/lookups.py`` are these querysets),
the preview of a careers index (the postings it would list), the sitemap and
the feed, the Markdown export and the pages Wagtail serves itself
(``PublicPageServingMixin``). A posting is public when it is live, has no view
restriction of any kind (password, groups, login) on itself or an ancestor,
is not past its ``expire_at`` (even if ``publish_scheduled`` has not
unpublished it yet) and is a child of the careers index asked about.
"""

from __future__ import annotations


def posting_path(index_path: str, slug: str) -> str:
    """A posting's frontend path under its careers index's path:
    ``/company/careers`` and ``back-end`` give ``/company/careers/back-end``."""
    return f"{index_path.rstrip('/')}/{slug}"


def careers_indexes(now=None):
    """The careers indexes the public sees, in tree order; the first is the
    one the API serves. ``now``: see ``PublicPageQuerySet.visible``."""
    from .models import CareersIndexPage

    return CareersIndexPage.objects.visible(now=now).order_by("path")


def careers_index():
    """The careers index the public sees (its locale selected too), or None."""
    return careers_indexes().select_related("locale").first()


def open_postings(index, now=None):
    """The public postings of ``index``, in its order: live, without a view
    restriction on them or an ancestor, not expired, children of ``index``."""
    from .models import JobPostingPage

    return JobPostingPage.objects.visible(now=now).child_of(index).order_by("path")


def open_posting(index, slug: str):
    """The public posting of ``slug`` under ``index`` (its department and
    locale selected too), or None."""
    return open_postings(index).filter(slug=slug).select_related("department", "locale").first()
