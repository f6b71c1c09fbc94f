"""The Careers Markdown parser and renderer, without Django or a database."""

import json
import textwrap

import pytest

from careers_pages.markdown import (
    CareersFormatError,
    parse_careers_index,
    parse_posting,
    render_careers_index,
    render_posting,
)

INDEX = "/company/careers"
SEED_LINE_AS_FOUND = b'<CareerForm role="Back-end Engineer"/>\n'
SEED_LINE_CANONICAL = b'<CareerForm role="Back-end Engineer" />\n'


def posting(body: str = "", *, front: str = "title: Acme - Careers | Tester\n", **parts) -> str:
    """A canonical posting, with any part replaced."""
    sections = {
        "back": '<BackNavigation to="/company/careers" />\n\n',
        "title": "# Tester\n\n",
        "location": (
            '<span class="inline-flex px-4 py-1 rounded bg-accent text-accentContrast">'
            "Location: Berlin</span>\n\n"
        ),
        "overview": "### Overview\n\nWe test things.\n\n",
        "summary": "### Summary\n\nYou will test things.\n\n",
        "responsibilities": "### Responsibilities\n\n- Test\n- Test again\n\n",
        "qualifications": "### Qualifications\n\n- Patience\n\n",
        "form": '<CareerForm role="Tester" />\n',
    }
    sections.update(parts)
    return f"---\n{front}---\n\n" + "".join(sections.values()) + body


def roundtrip(text: str) -> str:
    return render_posting(parse_posting(text, "x.md"), index_url=INDEX)


def refusal(text, filename="bad.md") -> CareersFormatError:
    with pytest.raises(CareersFormatError) as caught:
        parse_posting(text, filename)
    return caught.value


# The real pages -------------------------------------------------------------


def test_hoppscotch_postings_render_back_byte_for_byte(hoppscotch):
    files = sorted((hoppscotch / "postings").glob("*.md"))
    assert len(files) == 7
    for path in files:
        source = path.read_bytes()
        doc = parse_posting(source, str(path))
        out = render_posting(doc, index_url=INDEX, listing_keys=()).encode()
        if path.name == "back-end-engineer.md":
            assert source.endswith(SEED_LINE_AS_FOUND)
            assert out == source.replace(SEED_LINE_AS_FOUND, SEED_LINE_CANONICAL)
        else:
            assert out == source, path.name
        assert parse_posting(out, str(path)) == doc
        # They carry none of the optional keys added since (questions, locations).
        assert doc.questions is doc.locations is doc.remote_countries is None


def test_summary_may_hold_a_bullet_list():
    summary = (
        "### Summary\n\nYou should be upselling as well as cross-selling.\n\n"
        "Your responsibilities include:\n\n"
        "- Arranging conferences and gatherings with users\n- Assisting customers\n\n"
        "You will also develop business procedures.\n\n"
    )
    doc = parse_posting(posting(summary=summary))
    assert "<ul><li>Arranging conferences and gatherings with users</li>" in doc.summary
    assert doc.summary.startswith("<p>You should be upselling")


def test_seed_posting_fields(careers_site):
    doc = parse_posting((careers_site / "postings/back-end-engineer.md").read_bytes())
    assert doc.seo_title == "Hoppscotch - Careers | Back-end Engineer"
    assert doc.title == "Back-end Engineer"
    assert doc.location == "Remote"
    assert doc.back_navigation_to == "/company/careers"
    assert doc.role == "Back-end Engineer"
    assert len(doc.responsibilities) == 13
    assert len(doc.qualifications) == 13
    assert doc.qualifications[0].endswith(
        "engineer or\xa0full-stack engineer\xa0in any enterprise developer tools"
    )


def test_hoppscotch_index_file_renders_back_byte_for_byte(hoppscotch):
    source = (hoppscotch / "careers-index.json").read_bytes()
    doc = parse_careers_index(source)
    assert render_careers_index(doc).encode() == source
    assert [d.key for d in doc.departments] == ["engineering", "design", "product"]
    assert list(doc.sections) == ["how_we_work", "benefits", "hiring_process"]
    assert doc.extra == {"source": json.loads(source)["source"]}


# Made-up postings: what must survive the round trip ---------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "Some **bold**, some *italic*, a [link](https://example.com/jobs?a=1&b=2) and `code`.",
        "**Bold with *italic* inside** and *italic with `code`*.",
        "Typographic “double” and ‘single’ quotes, it’s fine — and straight \"ones\" 'too'.",
        "Non-Latin: Привет, 你好, こんにちは, مرحبا, שלום, नमस्ते, Ελληνικά.",
        "Emoji: 🚀 ✨ 👩🏽‍💻 🇩🇪, and a non\u00a0breaking space.",
        "Characters Markdown reads: 5 \\* 3, snake_case, \\_under\\_, \\[x\\], a \\<b> tag, \\`tick\\`.",
        "Code with a backtick: ``a`b`` and a link with parentheses [wiki](<https://e.org/a_(b)>).",
        "A line\nwith a soft break, and one with a hard\\\nbreak.",
        "Mail [us](mailto:jobs@example.com) or see [the page](/company/about).",
    ],
)
def test_inline_markdown_survives_the_round_trip(paragraph):
    text = posting(overview=f"### Overview\n\n{paragraph}\n\n")
    assert roundtrip(text) == text
    assert roundtrip(roundtrip(text)) == text


def test_inline_markdown_becomes_wagtail_rich_text_html():
    doc = parse_posting(
        posting(
            responsibilities="### Responsibilities\n\n"
            "- Ship **fast** and *well* with `make` via [docs](https://e.com)\n\n"
        )
    )
    assert doc.responsibilities == [
        'Ship <b>fast</b> and <i>well</i> with <code>make</code> via <a href="https://e.com">docs</a>'
    ]


def test_list_items_and_titles_in_other_scripts_survive():
    text = posting(
        title="# Инженер-программист 🚀\n\n",
        responsibilities="### Responsibilities\n\n- 写代码\n- **تصميم** الأنظمة\n\n",
        form='<CareerForm role="Инженер-программист 🚀" />\n',
    )
    assert roundtrip(text) == text
    assert parse_posting(text).title == "Инженер-программист 🚀"


def test_extra_front_matter_keys_round_trip():
    front = textwrap.dedent(
        """\
        title: 'Acme: Careers | Tester'
        department: engineering
        description: Tests things, all day.
        employment_type: FULL_TIME
        workplace_type: hybrid
        valid_through: 2027-01-31
        salary:
          min: 60000
          max: 72500.5
          currency: EUR
          interval: YEAR
        """
    )
    text = posting(front=front)
    doc = parse_posting(text)
    assert doc.seo_title == "Acme: Careers | Tester"
    assert str(doc.valid_through) == "2027-01-31"
    [salary] = doc.pay
    assert (salary.min, salary.currency, salary.interval) == (60000, "EUR", "YEAR")
    assert roundtrip(text) == text


def test_export_then_import_is_a_fixed_point_for_unusual_text():
    # Text that is not canonical Markdown settles after one export.
    text = posting(
        overview="### Overview\n\n__Bold__ and _italic_ and <https://example.com>.\n\n",
        responsibilities="### Responsibilities\n\n* One\n+ Two\n\n",
    )
    once = roundtrip(text)
    assert "**Bold** and *italic* and [https://example.com](https://example.com)." in once
    assert "- One\n- Two\n" in once
    assert roundtrip(once) == once


# Leniency: what real files vary in ----------------------------------------


def test_career_form_without_space_without_role_or_missing():
    assert parse_posting(posting(form='<CareerForm role="Tester"/>\n')).role == "Tester"
    for form in ("<CareerForm />\n", "<CareerForm/>\n", ""):
        doc = parse_posting(posting(form=form))
        assert doc.role is None
        assert roundtrip(posting(form=form)).endswith('<CareerForm role="Tester" />\n')


def test_missing_back_navigation_and_location_are_allowed():
    doc = parse_posting(posting(back="", location=""))
    assert doc.back_navigation_to is None
    assert doc.location == ""
    out = roundtrip(posting(back="", location=""))
    assert '<BackNavigation to="/company/careers" />' in out
    assert "Location:" not in out


def test_crlf_and_byte_order_mark_are_read():
    text = "\ufeff" + posting().replace("\n", "\r\n")
    assert parse_posting(text.encode()).title == "Tester"


# Refusals: each names the file and the line ----------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (posting().encode().replace(b"We test", b"We t\xe9st"), 13, "not UTF-8"),
        ("# Tester\n\nNo front matter.\n", 1, "no front matter"),
        ("---\ntitle: x\n\n# Tester\n", 1, "never closed"),
        (posting(front="description: x\n"), 1, "no 'title'"),
        (posting(front="title: [unclosed\n"), 2, "not valid YAML"),
        (posting(front="title: x\ncolour: red\n"), 3, "unknown front matter key 'colour'"),
        (posting(front="title: x\nemployment_type: SOMETIMES\n"), 3, "employment_type"),
        (posting(front="title: x\nvalid_through: soon\n"), 3, "valid_through"),
        (posting(summary=""), 15, "missing section '### Summary'"),
        (posting(qualifications=""), 24, "missing section '### Qualifications'"),
        (
            posting(summary="### Summary\n\nx\n\n### Overview\n\nAgain.\n\n"),
            19,
            "'### Overview' is repeated (first at line 11)",
        ),
        (posting(responsibilities="### Responsibilities\n\n"), 19, "has no list items"),
        (posting(responsibilities="### Responsibilities\n\n-\n- x\n\n"), 21, "empty list item"),
        (posting(title=""), 7, "before the '# ' role title"),
        (posting(title="", location=""), 7, "before the '# ' role title"),
        (posting(overview="### Overview\n\n<div>hi</div>\n\n"), 13, "raw HTML"),
        (posting(overview="### Overview\n\nHi <b>there</b>.\n\n"), 13, "raw HTML '<b>'"),
        (posting(overview="### Overview\n\n<script>alert(1)</script>\n\n"), 13, "raw HTML"),
        (posting(overview="### Overview\n\nline\n[x](javascript:alert(1))\n\n"), 14, "javascript"),
        (posting(overview="### Overview\n\n[x]( JaVaScRiPt:alert(1))\n\n"), 13, "refused"),
        (posting(overview="### Overview\n\n![img](https://e.com/x.png)\n\n"), 13, "images"),
        (posting(overview="### Overview\n\n## Heading\n\n"), 13, "'## ' heading"),
        (posting(overview="### Overview\n\n### Perks\n\n"), 13, "unknown section '### Perks'"),
        (posting(responsibilities="### Responsibilities\n\n1. One\n\n"), 21, "numbered list"),
        (posting(body="\nTrailing text.\n"), 30, "after <CareerForm>"),
        (posting(body="Trailing text.\n"), 28, "on a line of its own"),
    ],
)
def test_refusals_name_file_and_line(text, line, words):
    error = refusal(text, "postings/bad.md")
    assert error.filename == "postings/bad.md"
    assert error.line == line, str(error)
    assert words in error.message
    assert str(error).startswith(f"postings/bad.md:{line}: ")


def test_index_file_refusals_name_the_key():
    with pytest.raises(CareersFormatError, match=r"careers-index.json:3: not valid JSON"):
        parse_careers_index(b'{\n"url": "/x",\n}', "careers-index.json")
    with pytest.raises(CareersFormatError, match=r"benefits.items\[0\].title: is missing"):
        parse_careers_index(
            json.dumps({"benefits": {"heading": "B", "items": [{"icon": "x", "description": "d"}]}})
        )
    with pytest.raises(CareersFormatError, match=r"positions\[0\].slug: 'a' is already listed"):
        parse_careers_index(
            json.dumps(
                {
                    "open_positions": {
                        "departments": [
                            {"key": "x", "heading": "X", "positions": [{"slug": "a"}]},
                            {"key": "y", "heading": "Y", "positions": [{"slug": "a"}]},
                        ]
                    }
                }
            )
        )


@pytest.mark.parametrize(
    ("rich_text", "inline"),
    [
        ("<p>Plain text</p>", "Plain text"),
        ("<p>  padded  </p>", "padded"),
        ("<p>\u00a0no-break spaces are text\u00a0</p>", "\u00a0no-break spaces are text\u00a0"),
        ("<p>Tom &amp; Jerry</p>", "Tom &amp; Jerry"),
        ("<p>R&amp;D, Q&amp;A, P&amp;L and 2 &lt; 3</p>", "R&amp;D, Q&amp;A, P&amp;L and 2 &lt; 3"),
        ("<p>5 > 3</p>", "5 &gt; 3"),
        ("<p>a 1 < 2 <b>b</b></p>", "a 1 &lt; 2 <b>b</b>"),
        ("<p>an unclosed <a tag", "an unclosed &lt;a tag"),
        ("<p>line<br/>break</p>", "line<br/>break"),
        ("<p>one</p><p>two</p>", "one<br/>two"),
        ("<ul><li>a</li><li>b</li></ul>", "a<br/>b"),
        ('<p><a href="a>b">odd</a></p>', '<a href="a>b">odd</a>'),
        ("<p><span>unknown</span> tag</p>", "<span>unknown</span> tag"),
    ],
)
def test_inline_html_of_a_list_item(rich_text, inline):
    from careers_pages.markdown import inline_html

    assert inline_html(rich_text) == inline
