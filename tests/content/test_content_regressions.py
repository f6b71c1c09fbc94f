"""Plain regression tests: the API outage that "R&D" in a list item once caused, and
each minimal failing example the property tests (test_*_properties.py) found."""

import pytest
from django.core.management import call_command

from careers_pages.markdown import CareersFormatError, parse_posting, render_posting
from careers_pages.markdown.renderer import faithful_inline
from careers_pages.models import JobPostingPage
from careers_pages.previews.tokens import create_preview
from tests.factories import DEMO
from tests.strategies import INDEX, posting_file

OUTAGE_ITEMS = [
    "Experience with PostgreSQL replication & failover",
    "Own R&D, Q&A and P&L for the team",
    "Know that 2 < 3 and that 3 > 2",
]


def fixed_point(text):
    doc = parse_posting(text, "x.md")
    rendered = render_posting(doc, index_url=INDEX)
    assert parse_posting(rendered, "x.md") == doc
    assert render_posting(parse_posting(rendered), index_url=INDEX) == rendered
    return doc, rendered


@pytest.mark.parametrize(
    ("part", "markdown", "html"),
    [
        # a character reference of a no-break space at the edge of an item
        ("item", "&&nbsp;", "&amp;\u00a0"),
        ("item", "*&nbsp;*", "<i>\u00a0</i>"),
        # a link destination with "(" and "<" keeps "&lt;", not "%3C"
        ("item", "[a](<b(&lt;>)", '<a href="b(&lt;">a</a>'),
        ("item", "[a](https://e.com/?a=1&b=2)", '<a href="https://e.com/?a=1&amp;b=2">a</a>'),
        ("item", "[a](x\\&amp;y)", '<a href="x&amp;amp;y">a</a>'),
        # a C1 control character is text, not a space to encode
        ("overview", "\x85", "<p>\x85</p>"),
    ],
)
def test_minimal_examples_survive(part, markdown, html):
    doc, _ = fixed_point(posting_file(**{part: markdown}))
    assert (doc.responsibilities[0] if part == "item" else doc.overview) == html


def test_a_paragraph_of_only_trimmed_spaces_is_no_paragraph():
    with pytest.raises(CareersFormatError, match=r"drawn.md:11: section '### Overview' is empty"):
        parse_posting(posting_file(overview="\u00a0"), "drawn.md")


def test_emphasis_right_after_emphasis_is_refused_with_its_line():
    with pytest.raises(CareersFormatError, match=r"x.md:21: this text reads differently"):
        parse_posting(posting_file(item="**\u200b***\u200b**\u200b**&*"), "x.md")


@pytest.mark.parametrize(
    ("title", "location"),
    [("&", "*&\\*"), ("C #", "Remote"), ("Engineer ##", "R&D lab, 2 < 3 \\<b>")],
)
def test_titles_and_locations_survive(title, location):
    doc, _ = fixed_point(posting_file(title=title, location=location))
    assert parse_posting(render_posting(doc, index_url=INDEX)).title == doc.title


@pytest.mark.parametrize(
    ("rich_text", "markdown"),
    [
        ("&amp;<br/>", "&"),  # a break at the edge, not a stray backslash
        ("<b>&amp;</b><b>&amp;</b>", "**&&**"),  # one emphasis, not four asterisks
        ("<code>&amp;</code><code>&amp;</code>", "`&&`"),
        ("a&#13;b", "a&#xD;b"),  # a carriage return stays text
        ("<code>a\rb</code>", "a&#xD;b"),  # code spans cannot hold line breaks: the text stays
        ("x<b>.a</b>", "x.a"),  # emphasis Markdown cannot open here: the text stays
    ],
)
def test_admin_rich_text_keeps_its_text_in_markdown(rich_text, markdown):
    assert faithful_inline(rich_text) == markdown


@pytest.fixture
def outage_posting(db, tmp_path):
    source = (DEMO / "postings" / "back-end-engineer.md").read_text()
    items = "".join(f"- {item}\n" for item in OUTAGE_ITEMS)
    text = source.replace("### Qualifications\n\n", f"### Qualifications\n\n{items}", 1)
    path = tmp_path / "in" / "back-end-engineer.md"
    path.parent.mkdir()
    path.write_text(text)
    call_command("import_careers", str(path), verbosity=0)
    return path


EXPECTED_HTML = [
    "Experience with PostgreSQL replication &amp; failover",
    "Own R&amp;D, Q&amp;A and P&amp;L for the team",
    "Know that 2 &lt; 3 and that 3 &gt; 2",
]


def test_the_outage_posting_is_served_by_api_frontend_and_preview(client, outage_posting):
    posting = client.get("/api/careers/postings/back-end-engineer/").json()
    values = [item["value"] for item in posting["qualifications"][: len(OUTAGE_ITEMS)]]
    assert values == EXPECTED_HTML

    page = client.get("/company/careers/back-end-engineer")
    assert page.status_code == 200
    for html in EXPECTED_HTML:
        assert html in page.content.decode()

    draft = JobPostingPage.objects.get(slug="back-end-engineer").get_latest_revision_as_object()
    _, token = create_preview(draft)
    preview = client.get("/api/careers/preview/", {"token": token}).json()
    assert [i["value"] for i in preview["qualifications"][:3]] == EXPECTED_HTML


def test_the_outage_posting_exports_and_reimports_unchanged(client, outage_posting, tmp_path):
    before = client.get("/api/careers/postings/back-end-engineer/").json()
    out = tmp_path / "out"
    call_command("export_careers", str(out), verbosity=0)
    canonical = outage_posting.read_text().replace('Engineer"/>', 'Engineer" />')
    assert (out / "postings" / "back-end-engineer.md").read_text() == canonical
    call_command("import_careers", str(out), "--dry-run", verbosity=0)
    call_command("import_careers", str(out), verbosity=0)
    assert client.get("/api/careers/postings/back-end-engineer/").json() == before


def test_an_entity_name_ending_a_run_stays_text_when_the_next_run_starts_with_a_semicolon():
    """Text "&copy" before an italic ";" (found by the rich-text property test
    on PostgreSQL): the "&" is escaped, so no reader makes "&copy;" of it."""
    from careers_pages.markdown.html import list_item_markdown

    assert list_item_markdown("x&amp;copy<i>;y</i>").startswith("x\\&copy")
    doc, _ = fixed_point(posting_file(item=list_item_markdown("x&amp;copy<i>;y</i>")))
    assert "©" not in doc.responsibilities[0] and "&amp;copy" in doc.responsibilities[0]
