"""Property-based tests of the Careers Markdown parser and renderer: any text
an editor can type is either refused with its file and line, or survives."""

from hypothesis import example, given
from hypothesis import strategies as st

from careers_pages.markdown import CareersFormatError, parse_posting, render_posting
from tests.strategies import INDEX, editor_text, inline_markdown, posting_file


def parsed_or_refused(text: str):
    """The document, or None when the file is refused as it must be: with a
    CareersFormatError that names the file and a line inside it."""
    try:
        return parse_posting(text, "drawn.md")
    except CareersFormatError as refused:
        assert refused.filename == "drawn.md"
        assert refused.line is not None and 1 <= refused.line <= text.count("\n") + 1
        return None


def assert_fixed_point(text: str):
    doc = parsed_or_refused(text)
    if doc is None:
        return
    rendered = render_posting(doc, index_url=INDEX)
    again = parse_posting(rendered, "rendered.md")
    assert again == doc
    assert render_posting(again, index_url=INDEX) == rendered


@given(inline_markdown())
@example("Experience with PostgreSQL replication & failover")
@example("R&D, Q&A, P&L and 2 < 3")
def test_a_list_item_is_refused_or_a_fixed_point(item):
    assert_fixed_point(posting_file(item=item))


@given(inline_markdown())
def test_a_paragraph_is_refused_or_a_fixed_point(text):
    assert_fixed_point(posting_file(overview=text))


@given(editor_text(), editor_text())
def test_title_and_location_are_refused_or_a_fixed_point(title, location):
    assert_fixed_point(posting_file(title=title, location=location))


@given(st.lists(inline_markdown(), min_size=1, max_size=4))
def test_lines_of_a_paragraph_are_refused_or_a_fixed_point(lines):
    assert_fixed_point(posting_file(overview="\n".join(lines)))
