"""Property-based round trips through the database: Careers Markdown and rich
text saved from the admin, through the API, export and import again."""

import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.rich_text import RichText

from careers_pages.exporting import export_careers
from careers_pages.importing import ImportRefused, import_careers
from careers_pages.markdown import CareersFormatError, parse_posting
from careers_pages.models import CareersIndexPage, JobPostingPage
from tests.factories import DEMO
from tests.strategies import draftail_inline, draftail_paragraph, inline_markdown, posting_file

pytestmark = pytest.mark.django_db

# Each example imports and exports through the database: a third of the profile's examples.
fewer = settings(max_examples=max(10, settings.default.max_examples // 3))


def api_detail(slug: str) -> dict:
    cache.clear()
    response = Client().get(f"/api/careers/postings/{slug}/")
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    body.pop("last_published_at")  # a changed posting is republished; its content is compared
    return body


def files_of(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class RolledBack:
    """One example's database changes, undone afterwards, so examples do not meet."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        cache.clear()

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        self.atomic.__exit__(*exc)
        cache.clear()


def export_of_index(folder: Path):
    index = CareersIndexPage.objects.get()
    return export_careers(folder, index)


@fewer
@given(item=inline_markdown(), paragraph=inline_markdown())
@example(item="R&D, Q&A, P&L and 2 < 3", paragraph="Experience with replication & failover")
def test_an_accepted_file_survives_import_api_export_import(item, paragraph):
    text = posting_file(item=item, overview=paragraph)
    try:
        parse_posting(text, "drawn.md")
    except CareersFormatError:
        with RolledBack(), tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "drawn.md"
            path.write_text(text, encoding="utf-8")
            with pytest.raises(ImportRefused) as refused:
                import_careers([path])
            assert refused.value.errors[0].startswith(f"{path}:")
            assert not JobPostingPage.objects.exists()
        return
    with RolledBack(), tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "drawn.md"
        source.write_text(text, encoding="utf-8")
        import_careers([source])
        first = api_detail("drawn")

        exported = Path(tmp) / "export"
        report = export_of_index(exported)
        assert report.warnings == []
        import_careers([exported])
        assert api_detail("drawn") == first
        export_of_index(Path(tmp) / "again")
        assert files_of(Path(tmp) / "again") == files_of(exported)


@pytest.fixture
def demo_posting(db):
    """The seed posting, imported once for all the examples of a test."""
    import_careers([DEMO / "postings" / "back-end-engineer.md"])


@settings(
    fewer,
    suppress_health_check=[*fewer.suppress_health_check, HealthCheck.function_scoped_fixture],
)
@given(items=st.lists(draftail_inline(), min_size=1, max_size=3), overview=draftail_paragraph())
@example(items=["R&amp;D, Q&amp;A, P&amp;L and 2 &lt; 3"], overview="<p>Tom &amp; Jerry</p>")
@example(items=["<code>&amp;\r</code>"], overview="<p><b>&amp;</b><b>&amp;</b></p>")
def test_rich_text_saved_in_the_admin_survives_api_export_import(demo_posting, items, overview):
    """Either the API answers the same after export and import, or the export
    said which posting's formatting Markdown cannot hold; and the text is kept."""
    with RolledBack(), tempfile.TemporaryDirectory() as tmp:
        import_careers([DEMO / "postings" / "back-end-engineer.md"])
        page = JobPostingPage.objects.get(slug="back-end-engineer")
        page.overview = overview
        page.responsibilities = [
            ("item", RichText(f'<p data-block-key="k{n}">{i}</p>')) for n, i in enumerate(items)
        ]
        page.save_revision().publish()
        first = api_detail("back-end-engineer")

        exported = Path(tmp) / "export"
        report = export_of_index(exported)
        try:
            import_careers([exported])
        except ImportRefused:
            assert report.warnings, "the export wrote a file import refuses, without a warning"
            return
        again = api_detail("back-end-engineer")
        if report.warnings:
            assert text_of(again) == text_of(first)
        else:
            assert again == first


def text_of(body: dict) -> list[str]:
    """The text a reader sees in each block, markup aside (a browser shows no
    spaces, tabs or line breaks at a block's edges)."""
    import html

    from django.utils.html import strip_tags

    parts = [body["overview"], *(item["value"] for item in body["responsibilities"])]
    return [html.unescape(strip_tags(part)).strip(" \t\n\r\f") for part in parts]
