"""Builders the tests share: where the project's own content lives, and pages
made in the database. Tests import them from here, never from a conftest."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEMO = PROJECT / "demo"  # the careers site the repository ships: `make run` seeds it

# The query parameters GET /api/careers/postings/ reads, as the README lists them.
POSTING_LIST_PARAMETERS = (
    "department",
    "location",
    "employment_type",
    "workplace_type",
    "q",
    "limit",
    "offset",
)


def add_posting(index, slug, *, publish=True, **fields):
    """Create a posting under ``index`` and publish it; with ``publish=False``, a
    posting never published: not live, its content only in a draft revision."""
    from wagtail.rich_text import RichText

    from careers_pages.models import JobPostingPage

    values = {
        "title": slug.replace("-", " ").title(),
        "location": "Remote",
        "overview": "<p>Overview.</p>",
        "summary": "<p>Summary.</p>",
        "responsibilities": [("item", RichText(f"<p>Do {n}</p>")) for n in range(3)],
        "qualifications": [("item", RichText(f"<p>Know {n}</p>")) for n in range(3)],
        **({} if publish else {"live": False}),
        **fields,
    }
    page = index.add_child(instance=JobPostingPage(slug=slug, **values))
    revision = page.save_revision()
    if publish:
        revision.publish()
    return JobPostingPage.objects.get(pk=page.pk)
