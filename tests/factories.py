"""Builders the tests share: where the project's own content lives, and pages
made in the database. Tests import them from here, never from a conftest."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEMO = PROJECT / "demo"  # the careers site the repository ships: `make run` seeds it


def add_posting(index, slug, **fields):
    """Create and publish a posting under ``index``."""
    from wagtail.rich_text import RichText

    from careers_pages.models import JobPostingPage

    values = {
        "title": slug.replace("-", " ").title(),
        "location": "Remote",
        "overview": "<p>Overview.</p>",
        "summary": "<p>Summary.</p>",
        "responsibilities": [("item", RichText(f"<p>Do {n}</p>")) for n in range(3)],
        "qualifications": [("item", RichText(f"<p>Know {n}</p>")) for n in range(3)],
        **fields,
    }
    page = index.add_child(instance=JobPostingPage(slug=slug, **values))
    page.save_revision().publish()
    return JobPostingPage.objects.get(pk=page.pk)
