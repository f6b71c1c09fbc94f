"""The in-memory form of one Careers Markdown posting, shared by parser and renderer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .questions import Question

# schema.org / Google for Jobs values for JobPosting.employmentType.
EMPLOYMENT_TYPES = (
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
)
#: How pages name each employment type to people.
EMPLOYMENT_TYPE_LABELS = {
    "FULL_TIME": "Full-time",
    "PART_TIME": "Part-time",
    "CONTRACTOR": "Contract",
    "TEMPORARY": "Temporary",
    "INTERN": "Internship",
    "VOLUNTEER": "Volunteer",
    "PER_DIEM": "Per diem",
    "OTHER": "Other",
}
WORKPLACE_TYPES = ("remote", "hybrid", "on-site")
# schema.org QuantitativeValue.unitText values Google accepts for baseSalary.
SALARY_INTERVALS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")

# The four sections of a posting, in the order the canonical form writes them.
SECTION_TITLES = {
    "overview": "Overview",
    "summary": "Summary",
    "responsibilities": "Responsibilities",
    "qualifications": "Qualifications",
}


class CareersFormatError(ValueError):
    """A file that cannot be imported without losing or endangering content.

    ``str()`` gives ``file:line: message``, the form editors and compilers use.
    """

    def __init__(self, message: str, *, filename: str, line: int | None = None):
        self.message = message
        self.filename = filename
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.filename if self.line is None else f"{self.filename}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Salary:
    """One pay range; ``label`` names its location or zone ("Berlin"), or is empty."""

    min: Decimal | None
    max: Decimal | None
    currency: str
    interval: str
    label: str = ""


@dataclass(frozen=True)
class Location:
    """Where a posting is based: a city, a region (state, province) and an
    ISO 3166-1 alpha-2 country code. City and region may be empty."""

    city: str
    region: str
    country: str


@dataclass
class PostingDocument:
    """One posting. Text is held as HTML, the way Wagtail stores rich text, so
    the Django side stores it without conversion: ``overview`` and ``summary``
    are ``<p>`` and ``<ul><li>`` blocks; each responsibility and qualification
    is *inline* HTML (``<b>``, ``<i>``, ``<code>``, ``<a href>``)."""

    seo_title: str
    title: str
    overview: str
    summary: str
    responsibilities: list[str]
    qualifications: list[str]
    location: str = ""
    # None: the file had no <BackNavigation>; the careers index URL applies.
    back_navigation_to: str | None = None
    # None: <CareerForm /> had no role (or was absent); the role is the title.
    role: str | None = None
    # Optional front matter keys; None means "not set" and is not written.
    department: str | None = None
    description: str | None = None
    employment_type: str | None = None
    workplace_type: str | None = None
    valid_through: datetime.date | None = None
    # front matter `salary:` or `pay:`, and `compensation_note:` (careers_pages/markdown/pay.py)
    pay: list[Salary] | None = None
    compensation_note: str | None = None
    # The posting's own application questions (``questions:``).
    questions: tuple[Question, ...] | None = None
    # front matter `locations:` and `remote_countries:` (careers_pages/markdown/locations.py)
    locations: list[Location] | None = None
    remote_countries: list[str] | None = None
    # Line of each front matter key and section, for messages about them.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
