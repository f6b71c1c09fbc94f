"""Careers Markdown into careers pages: ``import_careers`` (docs/careers-markdown.md).

A run reads and checks every file before it writes anything, then writes in
one transaction: either every file is imported or none is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as search_index_on_save
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from .blocks import question_blocks
from .exporting import INDEX_FILE_NAME, index_document, posting_document
from .markdown import (
    CareersFormatError,
    CareersIndexDocument,
    PositionEntry,
    PostingDocument,
    parse_careers_index,
    parse_posting,
    render_careers_index,
    render_posting,
)
from .markdown.index_file import FORM_FIELDS
from .markdown.renderer import LISTING_KEYS
from .models import (
    DEFAULT_INDEX_PATH,
    CareersIndexPage,
    Department,
    JobPostingPage,
    PayRange,
    PostingLocation,
    site_path,
)


class ImportRefused(Exception):
    """The run wrote nothing; ``errors`` says why, one line per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class _PostingFile:
    path: Path
    slug: str
    doc: PostingDocument


@dataclass
class ImportReport:
    index_path: str = DEFAULT_INDEX_PATH
    index_action: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    departments_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    publish: bool = True
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def postings(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)

    def summary(self) -> str:
        parts = [
            f"{self.postings} postings into {self.index_path}: {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged"
        ]
        if self.index_action:
            parts.append(f"careers index {self.index_action}")
        if self.departments_created:
            parts.append(f"{len(self.departments_created)} departments created")
        parts.append("published" if self.publish else "saved as drafts")
        prefix = "Dry run, nothing written: would import" if self.dry_run else "Imported"
        return f"{prefix} {'; '.join(parts)} ({self.seconds:.1f}s)."


def collect_files(paths: Iterable[Path | str]) -> tuple[Path | None, list[Path], list[str]]:
    """The index file and posting files that ``paths`` name, with any problems."""
    index_file: Path | None = None
    postings: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidate = path / INDEX_FILE_NAME
            found = sorted((path / "postings").glob("*.md")) or sorted(path.glob("*.md"))
            if candidate.is_file():
                if index_file is not None:
                    errors.append(
                        f"{candidate}: a second {INDEX_FILE_NAME} (the first is {index_file})"
                    )
                index_file = candidate
            if not found and not candidate.is_file():
                errors.append(f"{path}: holds no {INDEX_FILE_NAME}, postings/*.md or *.md")
            postings.extend(found)
        elif path.is_file() and path.suffix == ".md":
            postings.append(path)
        elif path.is_file() and path.name == INDEX_FILE_NAME:
            index_file = path
        elif path.exists():
            errors.append(f"{path}: not a .md file, a {INDEX_FILE_NAME} or a folder")
        else:
            errors.append(f"{path}: no such file or folder")
    return index_file, postings, errors


def read_files(
    index_file: Path | None, posting_paths: list[Path]
) -> tuple[CareersIndexDocument | None, list[_PostingFile], list[str]]:
    """Parse every file, collecting one message per refused file."""
    errors: list[str] = []
    index_doc = None
    if index_file is not None:
        try:
            index_doc = parse_careers_index(index_file.read_bytes(), str(index_file))
        except CareersFormatError as exc:
            errors.append(str(exc))
    postings: list[_PostingFile] = []
    seen: dict[str, Path] = {}
    for path in posting_paths:
        slug = path.stem
        try:
            validate_unicode_slug(slug)
        except ValidationError:
            errors.append(
                f"{path}: the file name must be the posting's slug: lower-case letters, "
                "digits and hyphens, such as back-end-engineer.md"
            )
            continue
        if slug in seen:
            errors.append(f"{path}: the slug '{slug}' is also imported from {seen[slug]}")
            continue
        seen[slug] = path
        try:
            postings.append(_PostingFile(path, slug, parse_posting(path.read_bytes(), str(path))))
        except CareersFormatError as exc:
            errors.append(str(exc))
    return index_doc, postings, errors


class _Importer:
    def __init__(self, report: ImportReport, progress: Callable[[str], None]):
        self.report = report
        self.publish = report.publish
        self.progress = progress
        self.errors: list[str] = []
        self.index_file: Path | None = None
        self.positions: dict[str, PositionEntry] = {}

    def save(self, page: Page, *, changed: bool):
        """A new revision when the content changed; published if the run publishes."""
        revision = page.save_revision(log_action=True) if changed else page.latest_revision
        if self.publish and revision and (changed or not page.live or page.has_unpublished_changes):
            revision.publish(log_action=True)

    # The index ---------------------------------------------------------------

    def ensure_index(self, url: str) -> CareersIndexPage:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise ImportRefused(["There is no default Wagtail site to import into."])
        parent = site.root_page
        segments = [segment for segment in url.strip("/").split("/") if segment]
        if not segments:
            raise ImportRefused([f"{url!r}: the careers index cannot be the site's home page"])
        for depth, segment in enumerate(segments, start=1):
            child = parent.get_children().filter(slug=segment).first()
            if child is None:
                if depth == len(segments):
                    return self.create_index(parent, segment)
                child = parent.add_child(
                    instance=Page(title=segment.replace("-", " ").capitalize(), slug=segment)
                )
            parent = child
        index = parent.specific
        if not isinstance(index, CareersIndexPage):
            raise ImportRefused(
                [
                    f"{url}: the page there is a {index.specific_class._meta.verbose_name}, "
                    "not a careers index"
                ]
            )
        return index

    def create_index(self, parent: Page, slug: str) -> CareersIndexPage:
        index = CareersIndexPage(title=slug.replace("-", " ").capitalize(), slug=slug, live=False)
        parent.add_child(instance=index)
        self.save(index, changed=True)
        self.report.index_action = "created"
        return index

    def apply_index(self, index: CareersIndexPage, doc: CareersIndexDocument):
        page = index.get_latest_revision_as_object()
        before = render_careers_index(index_document(page, postings=[]))
        if doc.title is not None:
            page.seo_title = doc.title
        for key, value in doc.hero.items():
            setattr(page, f"hero_{key}", value)
        page.sections = [{"type": key, "value": value} for key, value in doc.sections.items()]
        if doc.open_positions_heading is not None:
            page.open_positions_heading = doc.open_positions_heading
        if doc.open_positions_subheading is not None:
            page.open_positions_subheading = doc.open_positions_subheading
        form = doc.application_form
        for name in FORM_FIELDS:
            for text in ("label", "placeholder"):
                if text in form.get(name, {}):
                    setattr(page, f"{name}_{text}", form[name][text])
        for key, attribute in (
            ("heading", "form_heading"),
            ("submit", "submit_label"),
            ("success_message", "success_heading"),
            ("success_message_subheading", "success_subheading"),
        ):
            if key in form:
                setattr(page, attribute, form[key])
        success = doc.success_page
        page.success_heading = success.get("heading", page.success_heading)
        page.success_subheading = success.get("subheading", page.success_subheading)
        if "url" in success:
            default = f"{doc.url.rstrip('/')}/success"
            page.success_path = "" if success["url"] == default else success["url"]
        page.import_extras = doc.extra
        changed = render_careers_index(index_document(page, postings=[])) != before
        try:
            self.save(page, changed=changed)
        except ValidationError as exc:
            self.errors.extend(f"{INDEX_FILE_NAME}: {m}" for m in _messages(exc))
            return
        if changed and not self.report.index_action:
            self.report.index_action = "updated"

    def apply_departments(self, doc: CareersIndexDocument):
        for order, entry in enumerate(doc.departments):
            department, created = Department.objects.get_or_create(
                slug=entry.key,
                defaults={"name": entry.heading, "icon": entry.icon, "sort_order": order},
            )
            if created:
                self.report.departments_created.append(entry.key)
            elif (department.name, department.icon, department.sort_order) != (
                entry.heading,
                entry.icon,
                order,
            ):
                department.name, department.icon, department.sort_order = (
                    entry.heading,
                    entry.icon,
                    order,
                )
                department.save()

    # Postings ----------------------------------------------------------------

    def agrees_with_index(self, item: _PostingFile, listing) -> bool:
        """A value given in both the posting's front matter and the index file
        must be the same in both; otherwise neither place can be trusted."""
        position = self.positions.get(item.slug)
        if position is None:
            return True
        for key, listed in zip(LISTING_KEYS, listing, strict=True):
            own = getattr(item.doc, key)
            if own is not None and listed and own != listed:
                line = item.doc.lines.get(key)
                self.errors.append(
                    f"{item.path}:{line}: {key} {own!r} disagrees with {self.index_file}, "
                    f"{position.where} ({listed!r}); give it in one place, or the same in both"
                )
                return False
        return True

    def apply_posting(
        self,
        index: CareersIndexPage,
        item: _PostingFile,
        listing: tuple[str | None, str | None],
        number: str,
    ):
        doc = item.doc
        listed_department, listed_description = listing
        if not self.agrees_with_index(item, listing):
            return
        department_slug = doc.department or listed_department
        department = None
        if department_slug:
            department = Department.objects.filter(slug=department_slug).first()
            if department is None:
                known = ", ".join(Department.objects.values_list("slug", flat=True)) or "none yet"
                line = doc.lines.get("department")
                where = f"{item.path}:{line}" if line else str(item.path)
                self.errors.append(
                    f"{where}: unknown department '{department_slug}' (known: {known})"
                )
                return
        existing = index.get_children().filter(slug=item.slug).first()
        if existing is not None and not isinstance(existing.specific, JobPostingPage):
            self.errors.append(
                f"{item.path}: '{item.slug}' is taken by a page that is not a posting"
            )
            return
        index_path = site_path(index)
        if existing is None:
            page = JobPostingPage(slug=item.slug, live=False)
            before = None
        else:
            page = existing.specific.get_latest_revision_as_object()
            before = _posting_state(page, index_path)
        page.title = doc.title
        page.seo_title = doc.seo_title
        page.location = doc.location
        page.overview = doc.overview
        page.summary = doc.summary
        page.responsibilities = [("item", RichText(f"<p>{i}</p>")) for i in doc.responsibilities]
        page.qualifications = [("item", RichText(f"<p>{i}</p>")) for i in doc.qualifications]
        page.department = department
        page.description = (
            doc.description if doc.description is not None else (listed_description or "")
        )
        page.front_matter_keys = [key for key in LISTING_KEYS if getattr(doc, key) is not None]
        page.employment_type = doc.employment_type or ""
        page.workplace_type = doc.workplace_type or ""
        page.valid_through = doc.valid_through
        page.pay_ranges = [
            PayRange(label=r.label, min=r.min, max=r.max, currency=r.currency, interval=r.interval)
            for r in doc.pay or ()
        ]
        page.compensation_note = doc.compensation_note or ""
        page.posting_locations = [
            PostingLocation(city=loc.city, region=loc.region, country=loc.country)
            for loc in doc.locations or ()
        ]
        page.remote_country_codes = ", ".join(doc.remote_countries or ())
        page.back_navigation_to = (
            "" if doc.back_navigation_to in (None, index_path) else doc.back_navigation_to
        )
        page.application_role = "" if doc.role in (None, doc.title) else doc.role
        page.questions = question_blocks(doc.questions or ())
        try:
            if existing is None:
                index.add_child(instance=page)
                self.save(page, changed=True)
                outcome = "created"
            else:
                changed = _posting_state(page, index_path) != before
                self.save(page, changed=changed)
                outcome = "updated" if changed else "unchanged"
        except ValidationError as exc:
            self.errors.extend(f"{item.path}: {m}" for m in _messages(exc))
            return
        getattr(self.report, outcome).append(item.slug)
        self.progress(f"[{number}] {item.path}: {outcome}")


def _posting_state(page: JobPostingPage, index_path: str) -> tuple[str, list[str]]:
    """What an import compares to tell whether a posting changed."""
    return render_posting(posting_document(page), index_url=index_path), page.front_matter_keys


@contextmanager
def index_updates_once() -> Iterator[None]:
    """Update the search and reference indexes once per page, in bulk, after the block.

    Creating and publishing a page saves it three times, and each save would
    update both indexes: most of an import's time. Signals are process-wide,
    so this is for commands, which run in a process of their own.
    """
    page_models = (Page, CareersIndexPage, JobPostingPage)
    saved: dict[type, set] = {}

    def remember(sender, instance, raw=False, **kwargs):
        if sender in page_models and not raw:
            saved.setdefault(sender, set()).add(instance.pk)

    for model in page_models:
        post_save.disconnect(search_index_on_save, sender=model)
    post_save.connect(remember)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(remember)
        for model in page_models:
            post_save.connect(search_index_on_save, sender=model)
    for model, pks in saved.items():
        pages = list(model.objects.filter(pk__in=pks))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {' '.join(m)}" for name, m in exc.message_dict.items()]
    return list(exc.messages)


def import_careers(
    paths: Iterable[Path | str],
    *,
    publish: bool = True,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportReport:
    """Import careers-index.json and posting files; raise :class:`ImportRefused`
    (having written nothing) if any file is refused."""
    started = time.monotonic()
    index_file, posting_paths, errors = collect_files(paths)
    index_doc, postings, parse_errors = read_files(index_file, posting_paths)
    errors += parse_errors
    if errors:
        raise ImportRefused(errors)

    report = ImportReport(publish=publish, dry_run=dry_run)
    listed = index_doc.positions() if index_doc else {}
    # Postings the index lists come first, in its order, so that the page tree
    # (and therefore the export) keeps the order of the file.
    order = {slug: n for n, slug in enumerate(listed)}
    postings.sort(key=lambda p: order.get(p.slug, len(order)))
    missing = sorted(set(listed) - {p.slug for p in postings})
    report.warnings += [
        f"{index_file}: lists '{slug}', but no {slug}.md was imported; left as it is"
        for slug in missing
    ]

    importer = _Importer(report, progress)
    importer.index_file = index_file
    importer.positions = {slug: position for slug, (_, position) in listed.items()}
    with index_updates_once(), transaction.atomic():
        index = importer.ensure_index(index_doc.url if index_doc else DEFAULT_INDEX_PATH)
        report.index_path = site_path(index)
        if index_doc is not None:
            importer.apply_departments(index_doc)
            importer.apply_index(index, index_doc)
        for n, item in enumerate(postings, start=1):
            department, position = listed.get(item.slug, (None, None))
            listing = (
                department.key if department else None,
                position.description if position else None,
            )
            importer.apply_posting(index, item, listing, f"{n}/{len(postings)}")
        if importer.errors:
            raise ImportRefused(importer.errors)
        if dry_run:
            transaction.set_rollback(True)
    report.seconds = time.monotonic() - started
    return report
