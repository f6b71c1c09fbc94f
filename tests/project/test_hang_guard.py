"""A hang guard, not a speed test: every public function that handles editor
text gets 1 MB of adversarial input and must finish within a generous hard
timeout, so that a super-linear path fails loudly instead of taking a worker down.

Each case runs in a subprocess that is killed at the timeout. The pure-Python
Markdown parser takes up to some 85 s for 1 MB of delimiters on this machine
(``![``: 19 s for 250 KB, 81 s for 1 MB, so linear, but slow), so
``make test`` uses 200 KB (HANG_GUARD_BYTES); CI sets 1,000,000.
"""

import os
import subprocess
import sys
import textwrap

import pytest

from tests.factories import PROJECT

# Twice the slowest linear case at 1 MB: a super-linear path takes far longer.
TIMEOUT_SECONDS = 180
SIZE = int(os.environ.get("HANG_GUARD_BYTES", "200000"))

INPUTS = {
    "a&": "a&",
    "R&D ": "R&D ",
    "<": "<",
    "<a": "<a",
    "</": "</",
    "<!--": "<!--",
    "stars": "*",
    "a*": "a*",
    "underscores": "_",
    "backticks": "`",
    "`a": "`a",
    "[": "[",
    "[a](": "[a](",
    "![": "![",
    "brackets": "[]",
    "parens": "(",
    "backslashes": "\\",
    "&#": "&#",
    "emphasis": "*a **",
    "nbsp": "\u00a0",
}

# Each function is called on text built from one repeated unit: as Markdown
# (a list item and a paragraph of a posting), as rich text the editor stores
# (text escaped, as Draftail escapes it) and, for HTML functions, as raw markup.
SCRIPT = textwrap.dedent(
    """
    import html, sys
    import django, os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    django.setup()
    from careers_pages.markdown import CareersFormatError, parse_posting, render_posting
    from careers_pages.markdown.html import inline_html, inline_markdown, rich_text_markdown
    from careers_pages.rich_text import frontend_html, frontend_inline_html
    from wagtail.rich_text import get_text_for_indexing

    unit, size, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    text = (unit * (size // len(unit) + 1))[:size]
    escaped = html.escape(text, quote=False)
    if target == "markdown":
        base = open("demo/postings/back-end-engineer.md").read()
        for doc in (
            base.replace("### Qualifications\\n\\n", "### Qualifications\\n\\n- " + text + "\\n", 1),
            base.replace("### Summary\\n\\n", "### Summary\\n\\n" + text + "\\n\\n", 1),
        ):
            try:
                render_posting(parse_posting(doc), index_url="/company/careers")
            except CareersFormatError:
                pass
    elif target == "rich_text":
        rich = "<p>" + escaped + "</p>"
        frontend_inline_html(rich)
        frontend_html(rich)
        rich_text_markdown(rich)
        inline_markdown(escaped)
        get_text_for_indexing(rich)
    else:  # raw markup, not escaped
        frontend_inline_html(text)
        frontend_html(text)
        inline_html(text)
        inline_markdown(text)
        rich_text_markdown(text)
    """
)


@pytest.mark.parametrize("target", ["markdown", "rich_text", "markup"])
@pytest.mark.parametrize("unit", list(INPUTS.values()), ids=list(INPUTS))
def test_a_megabyte_of_adversarial_text_finishes(unit, target):
    try:
        subprocess.run(
            [sys.executable, "-c", SCRIPT, unit, str(SIZE), target],
            cwd=PROJECT,
            check=True,
            timeout=TIMEOUT_SECONDS,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"{target} with {unit!r} × {SIZE // len(unit):,} did not finish in {TIMEOUT_SECONDS} s"
        )
