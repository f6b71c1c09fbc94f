"""Where a posting is, and where its remote applicants may live: the one public
way to read a posting's structured locations (the API, JSON-LD, the job-board
feeds and the exporter all use it).

- :func:`posting_locations` gives the posting's places, in the editor's order,
  each with ``.city``, ``.region`` (both possibly empty) and ``.country`` (an
  ISO 3166-1 alpha-2 code, upper case).
- :func:`remote_countries` gives the countries remote applicants may live in,
  or None when there is no such limit: the posting is not remote (on-site,
  hybrid, or no workplace type), or it is remote and open to anywhere.

The badge text (``page.location``, "Bengaluru, India (Hybrid)") is what the
page shows as written; these are the structured values behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import JobPostingPage, PostingLocation

REMOTE = "remote"


def posting_locations(page: JobPostingPage) -> list[PostingLocation]:
    """The posting's locations, in order. Works on a live page and on a
    revision's or preview's unsaved copy alike (the child relation is read
    through modelcluster, so it needs no query once prefetched)."""
    return list(page.posting_locations.all())


def is_remote(page: JobPostingPage) -> bool:
    """Fully remote: the workplace type says so. No workplace type is not remote."""
    return page.workplace_type == REMOTE


def remote_countries(page: JobPostingPage) -> list[str] | None:
    """ISO 3166-1 alpha-2 codes where applicants to a remote posting may live.

    None means *no country limit applies*: either the posting is not remote
    (on-site, hybrid or without workplace type) or it is remote from anywhere.
    Tell the two apart with :func:`is_remote`. Never an empty list."""
    if not is_remote(page):
        return None
    return page.remote_countries_list() or None
