"""Careers Markdown: the file format of static careers sites, parsed and rendered.

Pure Python, no Django: one parser (:func:`parse_posting`) and one renderer
(:func:`render_posting`) for posting files, and the same pair for the
``careers-index.json`` file (:func:`parse_careers_index`, :func:`render_careers_index`).
The formats are described in docs/careers-markdown.md and docs/careers-index.md.
"""

from .document import (
    EMPLOYMENT_TYPE_LABELS,
    EMPLOYMENT_TYPES,
    SALARY_INTERVALS,
    SECTION_TITLES,
    WORKPLACE_TYPES,
    CareersFormatError,
    Location,
    PostingDocument,
    Salary,
)
from .html import inline_html, rich_text_blocks
from .index_file import (
    CareersIndexDocument,
    DepartmentEntry,
    PositionEntry,
    parse_careers_index,
    render_careers_index,
)
from .parser import parse_posting
from .questions import QUESTION_TYPES, Question
from .renderer import render_posting

__all__ = [
    "EMPLOYMENT_TYPES",
    "EMPLOYMENT_TYPE_LABELS",
    "QUESTION_TYPES",
    "SALARY_INTERVALS",
    "SECTION_TITLES",
    "WORKPLACE_TYPES",
    "CareersFormatError",
    "CareersIndexDocument",
    "DepartmentEntry",
    "Location",
    "PositionEntry",
    "PostingDocument",
    "Question",
    "Salary",
    "inline_html",
    "parse_careers_index",
    "parse_posting",
    "render_careers_index",
    "render_posting",
    "rich_text_blocks",
]
