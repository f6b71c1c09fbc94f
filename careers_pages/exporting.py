"""Careers pages to Careers Markdown: the documents of live pages, and ``export_careers``."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import questions_of
from .locations import posting_locations
from .markdown import (
    CareersFormatError,
    CareersIndexDocument,
    DepartmentEntry,
    Location,
    PositionEntry,
    PostingDocument,
    Salary,
    inline_html,
    parse_posting,
    render_careers_index,
    render_posting,
    rich_text_blocks,
)
from .markdown.index_file import FORM_FIELDS
from .models import CareersIndexPage, Department, JobPostingPage, site_path
from .pay import pay_ranges
from .rich_text import frontend_html, frontend_inline_html
from .visibility import open_postings

INDEX_FILE_NAME = "careers-index.json"


def posting_document(page: JobPostingPage) -> PostingDocument:
    """The posting as a Careers Markdown document, links resolved to URLs."""
    return PostingDocument(
        seo_title=page.seo_title or page.title,
        title=page.title,
        overview=frontend_html(page.overview),
        summary=frontend_html(page.summary),
        responsibilities=[frontend_inline_html(b.value.source) for b in page.responsibilities],
        qualifications=[frontend_inline_html(b.value.source) for b in page.qualifications],
        location=page.location,
        back_navigation_to=page.back_navigation_to or None,
        role=page.application_role or None,
        department=page.department.slug if page.department else None,
        description=page.description or None,
        employment_type=page.employment_type or None,
        workplace_type=page.workplace_type or None,
        valid_through=page.valid_through,
        pay=[Salary(r.min, r.max, r.currency, r.interval, r.label) for r in pay_ranges(page)]
        or None,
        compensation_note=page.compensation_note or None,
        questions=tuple(questions_of(page.questions)) or None,
        locations=[Location(loc.city, loc.region, loc.country) for loc in posting_locations(page)]
        or None,
        remote_countries=page.remote_countries_list() or None,
    )


def index_sections(index: CareersIndexPage) -> dict[str, object]:
    """The index's sections as the plain values of careers-index.json, in page order."""
    sections: dict[str, object] = {}
    for block in index.sections:
        value = block.value
        if block.block_type in sections:
            continue  # one of each; the block counts of IndexSectionsBlock keep it so
        if block.block_type == "how_we_work":
            sections["how_we_work"] = [dict(card) for card in value]
        elif block.block_type == "benefits":
            sections["benefits"] = {
                "heading": value["heading"],
                "subheading": value["subheading"],
                "items": [dict(card) for card in value["items"]],
            }
        else:
            sections["hiring_process"] = {
                "heading": value["heading"],
                "subheading": value["subheading"],
                "steps": [
                    {"title": step["title"], "tips": list(step["tips"])} for step in value["steps"]
                ],
            }
    return sections


def form_texts(index: CareersIndexPage) -> dict[str, object]:
    texts: dict[str, object] = {}
    for name in FORM_FIELDS:
        texts[name] = {"label": getattr(index, f"{name}_label")}
        if getattr(index, f"{name}_placeholder"):
            texts[name]["placeholder"] = getattr(index, f"{name}_placeholder")
    texts["heading"] = index.form_heading
    texts["submit"] = index.submit_label
    texts["success_message"] = index.success_heading
    texts["success_message_subheading"] = index.success_subheading
    return texts


def public_postings(index: CareersIndexPage):
    """The postings of ``index`` the public API shows, in page order, as they
    are live (not their drafts): ``visibility.open_postings``."""
    return open_postings(index).select_related("department")


def index_document(index: CareersIndexPage, postings=None) -> CareersIndexDocument:
    """The index page as careers-index.json, listing ``postings`` (by default its
    public ones) under their departments, in page order."""
    postings = list(public_postings(index) if postings is None else postings)
    departments = []
    for department in Department.objects.all():
        departments.append(
            DepartmentEntry(
                key=department.slug,
                heading=department.name,
                icon=department.icon,
                positions=[
                    PositionEntry(slug=p.slug, title=p.title, description=p.description)
                    for p in postings
                    if p.department_id == department.pk
                ],
            )
        )
    return CareersIndexDocument(
        url=site_path(index),
        title=index.seo_title or index.title,
        hero={
            "heading": index.hero_heading,
            "subheading": index.hero_subheading,
            "button_label": index.hero_button_label,
        },
        sections=index_sections(index),
        open_positions_heading=index.open_positions_heading,
        open_positions_subheading=index.open_positions_subheading,
        departments=departments,
        application_form=form_texts(index),
        success_page={
            "url": index.get_success_path(),
            "heading": index.success_heading,
            "subheading": index.success_subheading,
        },
        extra=dict(index.import_extras),
    )


def _listing_keys(page: JobPostingPage) -> set[str]:
    """The listing fields the posting's front matter carries: those its file had
    there, and its description if the index file does not list it (no department)."""
    keys = set(page.front_matter_keys)
    if page.department_id is None:
        keys.add("description")
    return keys


def posting_markdown(page: JobPostingPage, document: PostingDocument | None = None) -> str:
    """The posting (or ``document``, made of it) as Careers Markdown; no value
    moves from its file to the index file."""
    return render_posting(
        document or posting_document(page),
        index_url=site_path(page.get_parent()),
        listing_keys=_listing_keys(page),
    )


@dataclass
class ExportReport:
    index_path: str
    written: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    pruned: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        postings = len(self.written) - 1
        line = f"Exported {self.index_path}: careers-index.json and {postings} postings"
        if self.pruned:
            line += f"; removed {len(self.pruned)} stale files"
        elif self.stale:
            line += f"; {len(self.stale)} stale files left (--prune removes them)"
        return line + "."


def export_careers(
    outdir: Path,
    index: CareersIndexPage,
    *,
    prune: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ExportReport:
    """Write ``careers-index.json`` and ``postings/<slug>.md`` for every public
    posting. Everything is rendered first and written into a temporary folder,
    which then takes the place of the last export: a failure leaves it as it was."""
    report = ExportReport(index_path=site_path(index))
    postings = list(public_postings(index))
    index_text = render_careers_index(index_document(index, postings))
    texts: dict[str, str] = {}
    for number, page in enumerate(postings, start=1):
        name = f"{page.slug}.md"
        document = posting_document(page)
        text = texts[name] = posting_markdown(page, document)
        progress(f"[{number}/{len(postings)}] {outdir / 'postings' / name}")
        problem = _what_markdown_loses(document, text, name)
        if problem:
            report.warnings.append(
                f"{outdir / 'postings' / name}: some formatting of '{page.title}' cannot be "
                f"written as Careers Markdown exactly ({problem}); check the file"
            )
    _swap_in(outdir, index_text, texts, prune=prune, report=report)
    return report


def _what_markdown_loses(document: PostingDocument, text: str, name: str) -> str:
    """What of the page's text would not read back from its file, or ''."""
    try:
        reread = parse_posting(text, name)
    except CareersFormatError as refused:
        return f"import would refuse it: line {refused.line}: {refused.message}"
    for key in ("title", "location"):
        if getattr(reread, key) != getattr(document, key):
            return key
    for key in ("overview", "summary"):
        if rich_text_blocks(getattr(reread, key)) != rich_text_blocks(getattr(document, key)):
            return key
    for key in ("responsibilities", "qualifications"):
        if [inline_html(i) for i in getattr(reread, key)] != [
            inline_html(i) for i in getattr(document, key)
        ]:
            return key
    return ""


def _swap_in(outdir: Path, index_text: str, texts: dict[str, str], *, prune, report):
    """Put ``careers-index.json`` and ``postings/`` in place through a staging
    folder next to them. Other files in ``postings/`` are kept (stale ``.md``
    files only unless ``prune``)."""
    outdir.mkdir(parents=True, exist_ok=True)
    postings_dir = outdir / "postings"
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=outdir))
    try:
        new_postings = staging / "postings"
        new_postings.mkdir()
        if postings_dir.is_dir():
            for path in sorted(postings_dir.iterdir()):
                if path.name in texts:
                    continue
                if path.suffix == ".md":
                    if prune:
                        report.pruned.append(postings_dir / path.name)
                        continue
                    report.stale.append(postings_dir / path.name)
                copy = shutil.copytree if path.is_dir() else shutil.copy2
                copy(path, new_postings / path.name)
        for name, text in texts.items():
            (new_postings / name).write_text(text, encoding="utf-8")
        (staging / INDEX_FILE_NAME).write_text(index_text, encoding="utf-8")
        if postings_dir.exists():
            postings_dir.rename(staging / "previous-postings")
        new_postings.rename(postings_dir)
        (staging / INDEX_FILE_NAME).replace(outdir / INDEX_FILE_NAME)
    except BaseException:
        previous = staging / "previous-postings"
        if previous.exists() and not postings_dir.exists():
            previous.rename(postings_dir)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.written.append(outdir / INDEX_FILE_NAME)
    report.written.extend(postings_dir / name for name in texts)
