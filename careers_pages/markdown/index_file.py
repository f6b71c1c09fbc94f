"""``careers-index.json`` (docs/careers-index.md): the index page, its departments and
positions, and the application form's texts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..form_fields import WORDED_FIELDS
from .document import CareersFormatError

# The keys of application_form that hold a field's label and placeholder.
FORM_FIELDS = tuple(spec.name for spec in WORDED_FIELDS)
FORM_TEXTS = ("heading", "submit", "success_message", "success_message_subheading")
# The sections an editor can add, reorder and remove, as the file names them.
SECTION_KEYS = ("how_we_work", "benefits", "hiring_process")
_KNOWN_KEYS = {
    "url",
    "title",
    "hero",
    *SECTION_KEYS,
    "open_positions",
    "application_form",
    "success_page",
}


@dataclass
class PositionEntry:
    slug: str
    title: str
    description: str
    # Where the file lists it, such as "open_positions.departments[0].positions[2]".
    where: str = field(default="", compare=False)


@dataclass
class DepartmentEntry:
    key: str
    heading: str
    icon: str
    positions: list[PositionEntry] = field(default_factory=list)


@dataclass
class CareersIndexDocument:
    """The file, with the sections kept in file order and as plain JSON values
    (their shape is checked here; the Django side maps them to blocks)."""

    url: str
    # None where the file leaves a value out: importing leaves it as it is.
    title: str | None
    hero: dict[str, str]
    sections: dict[str, object]
    open_positions_heading: str | None
    open_positions_subheading: str | None
    departments: list[DepartmentEntry]
    # {"name": {"label": …, "placeholder": …}, …, "heading": …, "submit": …}
    application_form: dict[str, object]
    success_page: dict[str, str]
    # Top-level keys this CMS does not model (such as "source"), given back on export.
    extra: dict[str, object] = field(default_factory=dict)

    def positions(self) -> dict[str, tuple[DepartmentEntry, PositionEntry]]:
        """Each listed posting slug, with its department and entry."""
        return {p.slug: (d, p) for d in self.departments for p in d.positions}


class _Checker:
    def __init__(self, filename: str):
        self.filename = filename

    def fail(self, path: str, message: str):
        raise CareersFormatError(f"{path}: {message}", filename=self.filename)

    def obj(self, value, path) -> dict:
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
        return value

    def array(self, value, path) -> list:
        if not isinstance(value, list):
            self.fail(path, "must be an array")
        return value

    def text(self, parent: dict, key: str, path: str, *, required=True, default="") -> str | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.fail(f"{path}.{key}", "is missing")
            return default
        if not isinstance(value, str):
            self.fail(f"{path}.{key}", "must be a string")
        return value

    def cards(self, value, path, keys) -> list[dict[str, str]]:
        return [
            {k: self.text(self.obj(card, f"{path}[{n}]"), k, f"{path}[{n}]") for k in keys}
            for n, card in enumerate(self.array(value, path))
        ]


def parse_careers_index(source: bytes | str, filename: str = "careers-index.json"):
    """Parse and check ``careers-index.json``; errors name the file and the
    JSON line (syntax) or the path of the offending key (content)."""
    try:
        data = json.loads(source)
    except UnicodeDecodeError:
        raise CareersFormatError("not UTF-8 text", filename=filename) from None
    except json.JSONDecodeError as exc:
        raise CareersFormatError(
            f"not valid JSON: {exc.msg}", filename=filename, line=exc.lineno
        ) from None
    check = _Checker(filename)
    check.obj(data, "$")
    hero = check.obj(data.get("hero", {}), "hero")
    sections: dict[str, object] = {}
    for key in data:
        if key == "how_we_work":
            sections[key] = check.cards(data[key], key, ("icon", "title", "description"))
        elif key == "benefits":
            block = check.obj(data[key], key)
            sections[key] = {
                "heading": check.text(block, "heading", key),
                "subheading": check.text(block, "subheading", key, required=False),
                "items": check.cards(
                    block.get("items", []), f"{key}.items", ("icon", "title", "description")
                ),
            }
        elif key == "hiring_process":
            block = check.obj(data[key], key)
            steps = []
            for n, step in enumerate(check.array(block.get("steps", []), f"{key}.steps")):
                path = f"{key}.steps[{n}]"
                step = check.obj(step, path)
                tips = check.array(step.get("tips", []), f"{path}.tips")
                for t, tip in enumerate(tips):
                    if not isinstance(tip, str):
                        check.fail(f"{path}.tips[{t}]", "must be a string")
                steps.append({"title": check.text(step, "title", path), "tips": tips})
            sections[key] = {
                "heading": check.text(block, "heading", key),
                "subheading": check.text(block, "subheading", key, required=False),
                "steps": steps,
            }

    positions_block = check.obj(data.get("open_positions", {}), "open_positions")
    departments = []
    seen_slugs: dict[str, str] = {}
    for n, dep in enumerate(
        check.array(positions_block.get("departments", []), "open_positions.departments")
    ):
        path = f"open_positions.departments[{n}]"
        dep = check.obj(dep, path)
        entry = DepartmentEntry(
            key=check.text(dep, "key", path),
            heading=check.text(dep, "heading", path),
            icon=check.text(dep, "icon", path, required=False),
        )
        for m, pos in enumerate(check.array(dep.get("positions", []), f"{path}.positions")):
            ppath = f"{path}.positions[{m}]"
            pos = check.obj(pos, ppath)
            slug = check.text(pos, "slug", ppath)
            if slug in seen_slugs:
                check.fail(f"{ppath}.slug", f"'{slug}' is already listed at {seen_slugs[slug]}")
            seen_slugs[slug] = ppath
            entry.positions.append(
                PositionEntry(
                    slug=slug,
                    title=check.text(pos, "title", ppath, required=False),
                    description=check.text(pos, "description", ppath, required=False),
                    where=ppath,
                )
            )
        departments.append(entry)

    form = check.obj(data.get("application_form", {}), "application_form")
    form_texts: dict[str, object] = {}
    for name in FORM_FIELDS:
        if name in form:
            texts = check.obj(form[name], f"application_form.{name}")
            form_texts[name] = {
                k: check.text(texts, k, f"application_form.{name}", required=False)
                for k in ("label", "placeholder")
                if k in texts
            }
    for key in FORM_TEXTS:
        if key in form:
            form_texts[key] = check.text(form, key, "application_form")
    success = check.obj(data.get("success_page", {}), "success_page")
    success_page = {
        k: check.text(success, k, "success_page")
        for k in ("url", "heading", "subheading")
        if k in success
    }
    for page_key, form_key in (
        ("heading", "success_message"),
        ("subheading", "success_message_subheading"),
    ):
        if (
            page_key in success_page
            and form_key in form_texts
            and success_page[page_key] != form_texts[form_key]
        ):
            check.fail(
                f"success_page.{page_key}",
                f"differs from application_form.{form_key}; the success page shows that text, "
                "so give both the same value",
            )

    return CareersIndexDocument(
        url=check.text(data, "url", "$", required=False, default="/company/careers"),
        title=check.text(data, "title", "$", required=False, default=None),
        hero={
            k: check.text(hero, k, "hero")
            for k in ("heading", "subheading", "button_label")
            if k in hero
        },
        sections=sections,
        open_positions_heading=check.text(
            positions_block, "heading", "open_positions", required=False, default=None
        ),
        open_positions_subheading=check.text(
            positions_block, "subheading", "open_positions", required=False, default=None
        ),
        departments=departments,
        application_form=form_texts,
        success_page=success_page,
        extra={k: v for k, v in data.items() if k not in _KNOWN_KEYS},
    )


def _card(card: dict) -> dict:
    return {"icon": card["icon"], "description": card["description"], "title": card["title"]}


def render_careers_index(doc: CareersIndexDocument) -> str:
    """The file, keys in the order of the Hoppscotch original, sections in page order."""
    data: dict[str, object] = {**doc.extra, "url": doc.url, "title": doc.title, "hero": doc.hero}
    for key, value in doc.sections.items():
        if key == "how_we_work":
            data[key] = [_card(c) for c in value]
        elif key == "benefits":
            data[key] = {**value, "items": [_card(c) for c in value["items"]]}
        else:
            data[key] = value
    data["open_positions"] = {
        "heading": doc.open_positions_heading,
        "subheading": doc.open_positions_subheading,
        "departments": [
            {
                "key": d.key,
                "heading": d.heading,
                "icon": d.icon,
                "positions": [
                    {"slug": p.slug, "description": p.description, "title": p.title}
                    for p in d.positions
                ],
            }
            for d in doc.departments
        ],
    }
    data["application_form"] = dict(sorted(doc.application_form.items()))
    data["success_page"] = doc.success_page
    return json.dumps(data, indent=2, ensure_ascii=False)
