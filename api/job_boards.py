"""Job-board XML feeds of the open postings: Indeed's XML job feed
(``/feeds/indeed.xml``) and LinkedIn's job XML (``/feeds/linkedin.xml``).

Both are made from the postings as the API shows them (``PostingSerializer``:
its URLs, HTML texts and the hiring organization), their places from
``careers_pages.locations``, and are cached like the API (``cached_public_get``
in ``cms/urls.py``): until a change, or the soonest expiry of a posting they list.
"""

from __future__ import annotations

import re
from decimal import Decimal
from email.utils import format_datetime
from io import StringIO

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_safe

from careers_pages import pay, visibility
from careers_pages.locations import is_remote, posting_locations, remote_countries
from careers_pages.models import JobPostingPage

from . import lookups
from .serializers import PostingSerializer
from .structured_data import description_html
from .views import careers_context

# Characters XML 1.0 cannot hold at all (C0 controls but tab, newline and
# return; lone surrogates; U+FFFE, U+FFFF): dropped. One pass, no nesting.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

INDEED_JOB_TYPES = {
    "FULL_TIME": "fulltime",
    "PART_TIME": "parttime",
    "CONTRACTOR": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
    "VOLUNTEER": "volunteer",
    "PER_DIEM": "parttime",
}
LINKEDIN_JOB_TYPES = {
    "FULL_TIME": "FULL_TIME",
    "PART_TIME": "PART_TIME",
    "CONTRACTOR": "CONTRACT",
    "TEMPORARY": "TEMPORARY",
    "INTERN": "INTERNSHIP",
    "VOLUNTEER": "VOLUNTEER",
    "PER_DIEM": "PART_TIME",
    "OTHER": "OTHER",
}
INDEED_REMOTE_TYPES = {"remote": "Fully remote", "hybrid": "Hybrid remote"}
LINKEDIN_WORKPLACE_TYPES = {"remote": "Remote", "hybrid": "Hybrid", "on-site": "On-site"}
#: LinkedIn refuses a job whose description is shorter, or whose id is longer.
LINKEDIN_MIN_DESCRIPTION = 100
LINKEDIN_MAX_JOB_ID = 40


def xml_text(value) -> str:
    """``value`` as text an XML document can hold (escaping is the writer's).
    Line breaks become ``\\n``, as every XML parser reads ``\\r`` and ``\\r\\n`` anyway."""
    text = _NOT_XML.sub("", "" if value is None else str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FeedWriter:
    """An XML document written element by element; all text is escaped."""

    def __init__(self):
        self.stream = StringIO()
        self.xml = SimplerXMLGenerator(self.stream, "utf-8", short_empty_elements=True)
        self.xml.startDocument()

    def element(self, name: str, text) -> None:
        self.xml.addQuickElement(name, xml_text(text))

    def start(self, name: str) -> None:
        self.xml.startElement(name, {})

    def end(self, name: str) -> None:
        self.xml.endElement(name)

    def response(self, fresh_until: float | None) -> HttpResponse:
        self.xml.endDocument()
        response = HttpResponse(self.stream.getvalue() + "\n", content_type="application/xml")
        patch_cache_control(response, public=True, max_age=settings.CAREERS_API_MAX_AGE)
        response.fresh_until = fresh_until
        return response


class BoardJob:
    """One posting as both boards need it."""

    def __init__(self, data: dict, page: JobPostingPage, base_url: str):
        self.data = data
        self.page = page
        self.url = base_url + data["url"]
        self.description = description_html(data)
        places = posting_locations(page)
        self.place = places[0] if places else None
        countries = remote_countries(page)
        self.remote = is_remote(page)
        if self.place is None and countries and len(countries[0]) == 2:
            self.country = countries[0]
        else:
            self.country = self.place.country if self.place else ""

    @property
    def workplace(self) -> str:
        """The workplace type, or without one what the badge shows ("Remote…");
        never guessed as on-site."""
        if self.data["workplace_type"]:
            return self.data["workplace_type"]
        return "remote" if self.page.location.strip().lower().startswith("remote") else ""

    @property
    def city(self) -> str:
        return self.place.city if self.place else ""

    @property
    def region(self) -> str:
        return self.place.region if self.place else ""

    def location_text(self) -> str:
        parts = [part for part in (self.city, self.region, self.country) if part]
        if parts:
            return ", ".join(parts)
        # No structured place: the badge as the editor wrote it ("Remote").
        return self.page.location.strip() or ("Remote" if self.remote else "")

    def salary_text(self) -> str:
        """The pay ranges as one line: '60,000 - 80,000 EUR per year', each
        named range led by its name ('Berlin: …'), '; ' between them."""
        return "; ".join(
            (f"{salary['label']}: " if salary["label"] else "") + _range_text(salary)
            for salary in self.data["pay_ranges"]
        )


def _range_text(salary: dict) -> str:
    amounts = [
        f"{Decimal(str(amount)):,.0f}" for amount in (salary["min"], salary["max"]) if amount
    ]
    return f"{' - '.join(amounts)} {salary['currency']} per {salary['interval'].lower()}"


def _board(request):
    """The publisher (the hiring organization), the jobs, and when they next expire."""
    index = lookups.careers_index()
    if index is None:
        raise Http404("There is no published careers page.")
    pages = list(
        pay.with_pay_ranges(visibility.open_postings(index))
        .select_related("department", "locale")
        .prefetch_related("posting_locations")
    )
    organization = lookups.hiring_organization(index)
    context = {**careers_context(request, index), "organization": organization}
    rows = PostingSerializer(pages, many=True, context=context).data
    base = context["frontend_base_url"]
    jobs = [BoardJob(data, page, base) for data, page in zip(rows, pages, strict=True)]
    moments = [m for m in (index.expire_at, *(p.expire_at for p in pages)) if m]
    fresh_until = min(moments).timestamp() if moments else None
    built = max((p.last_published_at for p in pages if p.last_published_at), default=None)
    built = built or index.last_published_at
    publisher = {
        "name": organization.name,
        "url": organization.url or base + context["index_path"],
        "built": format_datetime(built, usegmt=True) if built else "",
    }
    return publisher, jobs, fresh_until


@require_safe
def indeed_feed(request):
    """Indeed's XML job feed: ``<source>`` with the publisher, one ``<job>`` each."""
    publisher, jobs, fresh_until = _board(request)
    feed = FeedWriter()
    feed.start("source")
    feed.element("publisher", publisher["name"])
    feed.element("publisherurl", publisher["url"])
    feed.element("lastBuildDate", publisher["built"])
    for job in jobs:
        data, page = job.data, job.page
        feed.start("job")
        feed.element("title", data["title"])
        published = page.first_published_at
        feed.element("date", format_datetime(published, usegmt=True) if published else "")
        feed.element("referencenumber", page.pk)
        feed.element("requisitionid", data["slug"])
        feed.element("url", job.url)
        feed.element("company", publisher["name"])
        feed.element("city", job.city)
        feed.element("state", job.region)
        feed.element("country", job.country)
        feed.element("description", job.description)
        feed.element("salary", job.salary_text())
        feed.element("jobtype", INDEED_JOB_TYPES.get(page.employment_type, ""))
        if job.workplace in INDEED_REMOTE_TYPES:
            feed.element("remotetype", INDEED_REMOTE_TYPES[job.workplace])
        if data["department"]:
            feed.element("category", data["department"]["name"])
        feed.end("job")
    feed.end("source")
    return feed.response(fresh_until)


@require_safe
def linkedin_feed(request):
    """LinkedIn's job XML. A job whose whole text is under 100 characters is
    left out: LinkedIn would refuse it, and the rest of the feed with it."""
    publisher, jobs, fresh_until = _board(request)
    jobs = [
        job for job in jobs if len(strip_tags(job.description).strip()) >= LINKEDIN_MIN_DESCRIPTION
    ]
    feed = FeedWriter()
    feed.start("source")
    feed.element("lastBuildDate", publisher["built"])
    feed.element("publisherUrl", publisher["url"])
    feed.element("publisher", publisher["name"])
    feed.element("expectedJobCount", len(jobs))
    for job in jobs:
        data, page = job.data, job.page
        feed.start("job")
        feed.element("partnerJobId", str(page.pk)[:LINKEDIN_MAX_JOB_ID])
        feed.element("company", publisher["name"])
        feed.element("title", data["title"])
        feed.element("description", job.description)
        feed.element("applyUrl", job.url)
        feed.element("location", job.location_text())
        feed.element("city", job.city)
        feed.element("state", job.region)
        feed.element("country", job.country)
        feed.element("workplaceTypes", LINKEDIN_WORKPLACE_TYPES.get(job.workplace, ""))
        feed.element("jobtype", LINKEDIN_JOB_TYPES.get(page.employment_type, ""))
        feed.end("job")
    feed.end("source")
    return feed.response(fresh_until)
