"""Where a posting is: its places and, for remote roles, where applicants may live.

Replaced at merge by issue 17's module (structured locations and pay ranges):
this minimal version derives the same API from today's fields (the free-text
``location``, ``workplace_type`` and the hiring organization's countries), so
that every consumer (the job-board feeds) already goes through it only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PostingLocation:
    city: str = ""
    region: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, or ""


def _is_remote(page) -> bool:
    if page.workplace_type:
        return page.workplace_type == "remote"
    return page.location.strip().lower().startswith("remote")


def posting_locations(page) -> list[PostingLocation]:
    """The posting's places: its location text as the city (for "Berlin, DE"
    the part after the last comma as the country, when it is a two-letter code),
    the hiring organization's default country otherwise. None for a remote role
    with no place given."""
    from .models import HiringOrganization

    text = page.location.strip()
    if not text or (_is_remote(page) and text.lower().startswith("remote")):
        return []
    city, _, tail = text.rpartition(",")
    tail = tail.strip()
    if city and len(tail) == 2 and tail.isalpha():
        return [PostingLocation(city=city.strip(), country=tail.upper())]
    country = HiringOrganization.for_page(page).address_country.upper()
    return [PostingLocation(city=text, country=country)]


def remote_countries(page) -> list[str] | None:
    """For a remote posting, the ISO codes (or names, until issue 17) of where
    applicants may live, [] for anywhere; None when the posting is not remote."""
    from .models import HiringOrganization

    if not _is_remote(page):
        return None
    return HiringOrganization.for_page(page).remote_countries()
