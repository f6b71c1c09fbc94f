""":class:`PostingDocument` to Careers Markdown, in the canonical form of
docs/careers-markdown.md."""

from __future__ import annotations

import html
from collections.abc import Collection
from decimal import Decimal

import yaml

from .document import SECTION_TITLES, PostingDocument
from .html import escape_text, inline_markdown, list_item_markdown, rich_text_markdown
from .locations import locations_front_matter
from .parser import read_inline
from .pay import pay_front_matter
from .questions import questions_front_matter

# Front matter keys that careers-index.json may hold instead, for a posting it lists.
LISTING_KEYS = ("department", "description")
LOCATION_CLASS = "inline-flex px-4 py-1 rounded bg-accent text-accentContrast"


class _FrontMatterDumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper, value: Decimal):
    number = int(value) if value == value.to_integral_value() else float(value)
    return dumper.represent_data(number)


_YAML_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_text(dumper, value: str):
    # PyYAML writes these line breaks raw in a single-quoted scalar, which its
    # reader then folds into a space; double quotes escape them (\N, \L, \P).
    if any(char in value for char in _YAML_LINE_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_FrontMatterDumper.add_representer(Decimal, _represent_decimal)
_FrontMatterDumper.add_representer(str, _represent_text)


def _front_matter(doc: PostingDocument, *, listing_keys: Collection[str]) -> str:
    data: dict = {"title": doc.seo_title}
    for key in LISTING_KEYS:
        if key in listing_keys and getattr(doc, key):
            data[key] = getattr(doc, key)
    for key in ("employment_type", "workplace_type", "valid_through"):
        if getattr(doc, key):
            data[key] = getattr(doc, key)
    pay = pay_front_matter(doc.pay, doc.compensation_note)
    data.update({k: v for k, v in pay.items() if k == "salary"})
    if doc.questions:
        data["questions"] = questions_front_matter(doc.questions)
    data.update(locations_front_matter(doc.locations, doc.remote_countries))
    data.update({k: v for k, v in pay.items() if k != "salary"})
    return yaml.dump(
        data,
        Dumper=_FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**31,
    )


def faithful_inline(inline_html: str) -> str:
    """A paragraph's or item's Markdown that reads back as the same text: with
    its bold and italic where Markdown can write them as they are (it cannot,
    for instance, close one emphasis and open another between two letters),
    else without them, rather than letting their asterisks into the text."""
    written = inline_markdown(inline_html)
    read = read_inline(written)
    # It reads back as itself: no delimiter was taken for text, or text for one.
    if read is not None and inline_markdown(read) == written:
        return written
    return inline_markdown(inline_html, emphasis=False)


def heading_text(text: str) -> str:
    """Plain text as the content of an ATX heading: a closing run of '#' would
    be read as markup and dropped."""
    text = escape_text(text)
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = f"{stripped}\\{text[len(stripped) :]}"
    return text


def render_posting(
    doc: PostingDocument, *, index_url: str, listing_keys: Collection[str] = LISTING_KEYS
) -> str:
    """The posting as Careers Markdown.

    ``index_url`` is the back navigation's target when the posting has none of
    its own. ``listing_keys`` are those of ``department`` and ``description``
    that the front matter carries; an export leaves out the ones only
    ``careers-index.json`` holds, so that no value moves from file to file.
    """
    attr = lambda value: html.escape(value, quote=True)  # noqa: E731
    out = [
        "---\n",
        _front_matter(doc, listing_keys=listing_keys),
        "---\n\n",
        f'<BackNavigation to="{attr(doc.back_navigation_to or index_url)}" />\n\n',
        f"# {heading_text(doc.title)}\n\n",
    ]
    if doc.location:
        out.append(
            f'<span class="{LOCATION_CLASS}">Location: {escape_text(doc.location)}</span>\n\n'
        )
    for key, heading in SECTION_TITLES.items():
        out.append(f"### {heading}\n\n")
        value = getattr(doc, key)
        if key in ("responsibilities", "qualifications"):
            out.append(
                "".join(f"- {list_item_markdown(item, faithful_inline)}\n" for item in value) + "\n"
            )
        else:
            out.append(rich_text_markdown(value, faithful_inline))
    out.append(f'<CareerForm role="{attr(doc.role or doc.title)}" />\n')
    return "".join(out)
