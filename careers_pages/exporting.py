"""Careers pages to Careers Markdown: the documents of live pages, and ``export_careers``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .markdown import (
    CareersIndexDocument,
    DepartmentEntry,
    PositionEntry,
    PostingDocument,
    Salary,
    parse_posting,
    render_careers_index,
    render_posting,
)
from .markdown.index_file import FORM_FIELDS
from .models import CareersIndexPage, Department, JobPostingPage, site_path
from .rich_text import frontend_html, frontend_inline_html


def posting_document(page: JobPostingPage) -> PostingDocument:
    """The posting as a Careers Markdown document, links resolved to URLs."""
    salary = None
    if page.salary_min is not None or page.salary_max is not None:
        salary = Salary(
            page.salary_min, page.salary_max, page.salary_currency, page.salary_interval
        )
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
        salary=salary,
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


def live_postings(index: CareersIndexPage):
    return (
        JobPostingPage.objects.child_of(index)
        .live()
        .public()
        .select_related("department")
        .order_by("path")
    )


def index_document(index: CareersIndexPage, postings=None) -> CareersIndexDocument:
    """The index page as careers-index.json, listing ``postings`` (by default its
    live ones) under their departments, in page order."""
    postings = list(live_postings(index) if postings is None else postings)
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


def posting_markdown(page: JobPostingPage, *, listed_in_index: bool) -> str:
    """The posting as Careers Markdown. A posting the index file lists under a
    department gets its department and description from there, not the front matter."""
    return render_posting(
        posting_document(page),
        index_url=site_path(page.get_parent()),
        with_listing_fields=not listed_in_index,
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
    """Write ``careers-index.json`` and ``postings/<slug>.md`` for every live posting."""
    report = ExportReport(index_path=site_path(index))
    postings_dir = outdir / "postings"
    postings_dir.mkdir(parents=True, exist_ok=True)
    postings = list(live_postings(index))

    index_file = outdir / "careers-index.json"
    index_file.write_text(render_careers_index(index_document(index, postings)), encoding="utf-8")
    report.written.append(index_file)

    for number, page in enumerate(postings, start=1):
        text = posting_markdown(page, listed_in_index=page.department_id is not None)
        target = postings_dir / f"{page.slug}.md"
        target.write_text(text, encoding="utf-8")
        report.written.append(target)
        progress(f"[{number}/{len(postings)}] {target}")
        # The file must read back as what was written; if not, some text could
        # not be expressed in Markdown and the editor should know.
        reread = render_posting(
            parse_posting(text, str(target)),
            index_url=site_path(index),
            with_listing_fields=page.department_id is None,
        )
        if reread != text:
            report.warnings.append(
                f"{target}: some formatting of '{page.title}' cannot be written as Careers "
                "Markdown exactly; check the file"
            )

    live_slugs = {page.slug for page in postings}
    for path in sorted(postings_dir.glob("*.md")):
        if path.stem not in live_slugs:
            if prune:
                path.unlink()
                report.pruned.append(path)
            else:
                report.stale.append(path)
    return report
