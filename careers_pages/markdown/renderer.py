""":class:`PostingDocument` to Careers Markdown, in the canonical form of CONTRACT.md §1."""

from __future__ import annotations

import html
from decimal import Decimal

import yaml

from .document import SECTION_TITLES, PostingDocument
from .html import escape_text, list_item_markdown, rich_text_markdown

LOCATION_CLASS = "inline-flex px-4 py-1 rounded bg-accent text-accentContrast"


class _FrontMatterDumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper, value: Decimal):
    number = int(value) if value == value.to_integral_value() else float(value)
    return dumper.represent_data(number)


_FrontMatterDumper.add_representer(Decimal, _represent_decimal)


def _front_matter(doc: PostingDocument, *, with_listing_fields: bool) -> str:
    data: dict = {"title": doc.seo_title}
    if with_listing_fields:
        if doc.department:
            data["department"] = doc.department
        if doc.description:
            data["description"] = doc.description
    for key in ("employment_type", "workplace_type", "valid_through"):
        if getattr(doc, key):
            data[key] = getattr(doc, key)
    if doc.salary:
        salary = {"min": doc.salary.min, "max": doc.salary.max}
        data["salary"] = {
            **{k: v for k, v in salary.items() if v is not None},
            "currency": doc.salary.currency,
            "interval": doc.salary.interval,
        }
    return yaml.dump(
        data,
        Dumper=_FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**31,
    )


def heading_text(text: str) -> str:
    """Plain text as the content of an ATX heading: a closing run of '#' would
    be read as markup and dropped."""
    text = escape_text(text)
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = f"{stripped}\\{text[len(stripped) :]}"
    return text


def render_posting(
    doc: PostingDocument, *, index_url: str, with_listing_fields: bool = True
) -> str:
    """The posting as Careers Markdown.

    ``index_url`` is the back navigation's target when the posting has none of
    its own. ``with_listing_fields=False`` leaves ``department`` and
    ``description`` out of the front matter, for exports whose
    ``careers-index.json`` already lists them.
    """
    attr = lambda value: html.escape(value, quote=True)  # noqa: E731
    out = [
        "---\n",
        _front_matter(doc, with_listing_fields=with_listing_fields),
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
            out.append("".join(f"- {list_item_markdown(item)}\n" for item in value) + "\n")
        else:
            out.append(rich_text_markdown(value))
    out.append(f'<CareerForm role="{attr(doc.role or doc.title)}" />\n')
    return "".join(out)
