"""Rich text as frontends and exports get it: links resolved, no editor-only markup."""

import re

from wagtail.rich_text import expand_db_html

from .markdown import inline_html
from .markdown.html import complete_tags_only

# Draftail's paragraph identities; meaningful to the editor only.
_EDITOR_ATTRIBUTES = re.compile(r'\sdata-block-key="[^"]*"')


def frontend_html(db_html: str) -> str:
    """Wagtail's stored rich text as HTML a frontend can insert as it is."""
    html = complete_tags_only(db_html or "")
    # Wagtail's rewriters change only "<a" and "<embed" tags (their patterns are
    # case-sensitive): text holding neither, most list items, comes back as it is.
    if "<a" in html or "<embed" in html:
        html = expand_db_html(html)
    return _EDITOR_ATTRIBUTES.sub("", html)


def frontend_inline_html(db_html: str) -> str:
    """A one-line rich text value (a list item) as inline HTML, without ``<p>``."""
    return inline_html(frontend_html(db_html))
