"""Careers Markdown to :class:`PostingDocument`: lenient where real files vary,
strict where content would be lost or unsafe (docs/careers-markdown.md)."""

from __future__ import annotations

import datetime
import html
import re
from html.parser import HTMLParser

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .document import (
    EMPLOYMENT_TYPES,
    SECTION_TITLES,
    WORKPLACE_TYPES,
    CareersFormatError,
    PostingDocument,
)
from .html import inline_markdown
from .locations import FRONT_MATTER_KEYS as LOCATION_FRONT_MATTER_KEYS
from .locations import read_locations, read_remote_countries
from .pay import FRONT_MATTER_KEYS as PAY_FRONT_MATTER_KEYS
from .pay import read_compensation_note, read_pay
from .questions import read_questions

FRONT_MATTER_KEYS = (
    "title",
    "department",
    "description",
    "employment_type",
    "workplace_type",
    "valid_through",
    "salary",
    "questions",
    *LOCATION_FRONT_MATTER_KEYS,
    *PAY_FRONT_MATTER_KEYS,
)
LIST_SECTIONS = ("responsibilities", "qualifications")
SAFE_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
KNOWN_TAGS = "<BackNavigation>, the location <span> and <CareerForm>"

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_SLUG = re.compile(r"^[-a-z0-9_]+$")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin)
    # Links are judged below, with a file and line to name, instead of being
    # silently left as text; and they are kept as written rather than percent-encoded.
    md.validateLink = lambda url: True
    md.normalizeLink = lambda url: url
    return md


_md = _markdown()


def link_is_safe(href: str) -> bool:
    """True for http(s), mailto and tel links and for relative ones."""
    scheme = _SCHEME.match(_CONTROL_AND_SPACE.sub("", html.unescape(href)).lower())
    return scheme is None or scheme.group(1) in SAFE_LINK_SCHEMES


class _TagReader(HTMLParser):
    """Reads the tags of one HTML block, such as ``<CareerForm role="X"/>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.other_text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, {}))

    def handle_data(self, data):
        self.other_text += data.strip()

    def handle_comment(self, data):
        self.other_text += "<!--"


class _PostingReader:
    def __init__(self, text: str, filename: str):
        self.text = text
        self.filename = filename
        self.last_line = text.count("\n") + 1

    def error(self, message: str, line: int | None) -> CareersFormatError:
        return CareersFormatError(message, filename=self.filename, line=line)

    # Front matter -----------------------------------------------------------

    def front_matter(self, content: str) -> tuple[dict, dict[str, int]]:
        first = 2  # the line after the opening '---'
        try:
            node = yaml.compose(content, Loader=yaml.SafeLoader)
            data = yaml.safe_load(content)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            raise self.error(
                f"front matter is not valid YAML: {problem}",
                first + mark.line if mark else first,
            ) from None
        if node is None:
            raise self.error("front matter has no 'title'", 1)
        if not isinstance(node, yaml.MappingNode):
            raise self.error("front matter must be 'key: value' lines", first)
        lines: dict[str, int] = {}
        self.value_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = first + key_node.start_mark.line
            if key in lines:
                raise self.error(f"front matter key '{key}' is repeated", line)
            if key not in FRONT_MATTER_KEYS:
                raise self.error(
                    f"unknown front matter key '{key}'; known keys: {', '.join(FRONT_MATTER_KEYS)}",
                    line,
                )
            lines[key] = line
            self.value_nodes[key] = value_node
        return data, lines

    def text_value(self, data: dict, key: str, lines: dict[str, int]) -> str | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if not isinstance(value, str):
            raise self.error(f"'{key}' must be text, not {value!r}; put it in quotes", lines[key])
        value = value.strip()
        if not value:
            raise self.error(f"'{key}' is empty", lines[key])
        return value

    def choice(self, data, key, lines, choices, normalise) -> str | None:
        value = self.text_value(data, key, lines)
        if value is None:
            return None
        value = normalise(value)
        if value not in choices:
            raise self.error(
                f"'{key}' must be one of {', '.join(choices)}, not {data[key]!r}", lines[key]
            )
        return value

    def date_value(self, data, key, lines) -> datetime.date | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise self.error(
                f"'{key}' must be a date such as 2026-12-31, not {value!r}", lines[key]
            ) from None

    # Inline content -------------------------------------------------------

    def inline_html(self, inline: Token, line: int) -> str:
        """Inline tokens to the HTML Wagtail stores (``<b>``, ``<i>``, …)."""
        out = []
        for child in inline.children or []:
            kind = child.type
            if kind == "text":
                out.append(html.escape(child.content, quote=False))
            elif kind == "softbreak":
                out.append("\n")
                line += 1
            elif kind == "hardbreak":
                out.append("<br/>")
                line += 1
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                tag = "b" if kind.startswith("strong") else "i"
                out.append(f"<{tag}>" if kind.endswith("open") else f"</{tag}>")
            elif kind == "code_inline":
                out.append(f"<code>{html.escape(child.content, quote=False)}</code>")
            elif kind == "link_open":
                href = child.attrGet("href") or ""
                if not link_is_safe(href):
                    raise self.error(
                        f"link to {href!r} refused: only http(s), mailto, tel and "
                        "relative links are allowed",
                        line,
                    )
                out.append(f'<a href="{html.escape(str(href))}">')
            elif kind == "link_close":
                out.append("</a>")
            elif kind == "html_inline":
                raise self.error(
                    f"raw HTML {child.content!r} refused: only {KNOWN_TAGS} are allowed",
                    line,
                )
            elif kind == "image":
                raise self.error("images are not supported in postings", line)
            else:  # pragma: no cover - commonmark has no other inline tokens
                raise self.error(f"unsupported Markdown ({kind})", line)
        return "".join(out)

    def text_html(self, inline: Token, line: int) -> str:
        """A paragraph's or list item's HTML, refused when it would not read back
        the same once written as Markdown, so that every accepted file is a
        fixed point of import and export."""
        value = self.inline_html(inline, line)
        written = inline_markdown(value)
        if read_inline(written) != value:
            raise self.error(
                "this text reads differently once written back as Markdown "
                f"({_shorten(written)!r}); escape literal '*' and '_' with a backslash, "
                "and do not put one emphasis right after another",
                line,
            )
        return value

    def plain_text(self, inline: Token, line: int, what: str) -> str:
        parts = []
        for child in inline.children or []:
            if child.type != "text":
                raise self.error(f"{what} must be plain text", line)
            parts.append(child.content)
        return "".join(parts).strip()

    def location(self, inline: Token) -> str | None:
        """The location of ``<span …>Location: X</span>``, or None if not that line."""
        children = inline.children or []
        if (
            len(children) >= 3
            and children[0].type == "html_inline"
            and children[0].content.lower().startswith("<span")
            and children[-1].type == "html_inline"
            and children[-1].content.lower() == "</span>"
            and all(c.type in ("text", "softbreak") for c in children[1:-1])
        ):
            text = "".join(c.content if c.type == "text" else " " for c in children[1:-1]).strip()
            label, colon, value = text.partition(":")
            if colon and label.strip().lower() == "location":
                return value.strip()
        return None

    # The body -------------------------------------------------------------

    def read(self) -> PostingDocument:
        tokens = _md.parse(self.text)
        if not tokens or tokens[0].type != "front_matter":
            if self.text.split("\n", 1)[0].rstrip() == "---":
                raise self.error("front matter opened here is never closed by a '---' line", 1)
            raise self.error(
                "no front matter: the file must start with a '---' line, 'title: …' and '---'", 1
            )
        data, fm_lines = self.front_matter(tokens[0].content)
        if "title" not in data:
            raise self.error("front matter has no 'title'", 1)

        title: str | None = None
        title_line = 0
        location = ""
        back_to: str | None = None
        back_line = 0
        role: str | None = None
        form_line = 0
        sections: dict[str, list[str]] = {}
        section_lines: dict[str, int] = {}
        current: str | None = None

        i = 1
        while i < len(tokens):
            token = tokens[i]
            end = _block_end(tokens, i)
            line = token.map[0] + 1 if token.map else self.last_line
            if form_line:
                raise self.error(
                    f"content after <CareerForm> (line {form_line}); it must end the file", line
                )
            kind = token.type
            if kind == "html_block":
                tag, attrs = self.known_tag(token.content, line)
                if tag == "backnavigation":
                    if back_line:
                        raise self.error(
                            f"<BackNavigation> repeated (first at line {back_line})", line
                        )
                    if current is not None:
                        raise self.error("<BackNavigation> must come before the sections", line)
                    self.only_attributes(attrs, {"to"}, "<BackNavigation>", line)
                    back_to = (attrs.get("to") or "").strip() or None
                    back_line = line
                else:
                    if title is None:
                        raise self.error("<CareerForm> before the '# ' role title", line)
                    self.only_attributes(attrs, {"role"}, "<CareerForm>", line)
                    role = (attrs.get("role") or "").strip() or None
                    form_line = line
            elif kind == "heading_open" and token.tag == "h1":
                if title is not None:
                    raise self.error(
                        f"a second '# ' title (the first is at line {title_line})", line
                    )
                title = self.plain_text(tokens[i + 1], line, "the '# ' role title")
                if not title:
                    raise self.error("the '# ' role title is empty", line)
                title_line = line
            elif kind == "heading_open" and token.tag == "h3":
                name = self.plain_text(tokens[i + 1], line, "a section heading")
                key = next(
                    (k for k, v in SECTION_TITLES.items() if v.lower() == name.lower()), None
                )
                if key is None:
                    raise self.error(
                        f"unknown section '### {name}'; a posting has the sections "
                        + ", ".join(SECTION_TITLES.values()),
                        line,
                    )
                if title is None:
                    raise self.error(f"section '### {name}' before the '# ' role title", line)
                if key in sections:
                    raise self.error(
                        f"section '### {SECTION_TITLES[key]}' is repeated "
                        f"(first at line {section_lines[key]})",
                        line,
                    )
                sections[key] = []
                section_lines[key] = line
                current = key
            elif kind == "heading_open":
                raise self.error(
                    f"a '{'#' * int(token.tag[1])} ' heading; postings use '# ' for the "
                    "role title and '### ' for sections",
                    line,
                )
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                if title is None:
                    raise self.error("text before the '# ' role title", line)
                if current is None:
                    found = self.location(inline)
                    if found is None or location:
                        raise self.error(
                            "text outside a section; sections start with '### Overview', "
                            "'### Summary', '### Responsibilities' or '### Qualifications'",
                            line,
                        )
                    location = found
                elif current in LIST_SECTIONS:
                    raise self.error(
                        f"'### {SECTION_TITLES[current]}' holds a paragraph; "
                        "its items must be a '- ' list",
                        line,
                    )
                else:
                    text = self.text_html(inline, line)
                    if text:  # a line of spaces Markdown trims away is no paragraph
                        sections[current].append(f"<p>{text}</p>")
            elif kind == "bullet_list_open":
                if current is None:
                    raise self.error("a list outside a section", line)
                items = self.list_items(tokens, i, end)
                if current in LIST_SECTIONS:
                    sections[current].extend(items)
                else:
                    sections[current].append(
                        "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
                    )
            else:
                raise self.error(f"unsupported Markdown here ({_describe(token)})", line)
            i = end

        if title is None:
            raise self.error("no '# ' role title", self.last_line)
        for position, key in enumerate(SECTION_TITLES):
            if key not in sections:
                later = [
                    section_lines[k]
                    for k in list(SECTION_TITLES)[position + 1 :]
                    if k in section_lines
                ]
                line = later[0] if later else (form_line or self.last_line)
                raise self.error(f"missing section '### {SECTION_TITLES[key]}'", line)
            if not sections[key]:
                what = "has no list items" if key in LIST_SECTIONS else "is empty"
                raise self.error(f"section '### {SECTION_TITLES[key]}' {what}", section_lines[key])

        lines = {**fm_lines, **section_lines, "title_heading": title_line}
        return PostingDocument(
            seo_title=self.text_value(data, "title", fm_lines) or "",
            title=title,
            location=location,
            back_navigation_to=back_to,
            role=role,
            overview="".join(sections["overview"]),
            summary="".join(sections["summary"]),
            responsibilities=sections["responsibilities"],
            qualifications=sections["qualifications"],
            department=self.slug_value(data, fm_lines),
            description=self.text_value(data, "description", fm_lines),
            employment_type=self.choice(
                data,
                "employment_type",
                fm_lines,
                EMPLOYMENT_TYPES,
                lambda v: v.upper().replace("-", "_").replace(" ", "_"),
            ),
            workplace_type=self.choice(
                data,
                "workplace_type",
                fm_lines,
                WORKPLACE_TYPES,
                lambda v: v.lower().replace("_", "-").replace("onsite", "on-site"),
            ),
            valid_through=self.date_value(data, "valid_through", fm_lines),
            pay=read_pay(data, fm_lines, self.entry_line("salary", fm_lines), self.error),
            compensation_note=read_compensation_note(
                data, fm_lines.get("compensation_note", 0), self.error
            ),
            questions=self.questions(data, fm_lines),
            locations=read_locations(data, fm_lines.get("locations", 0), self.error),
            remote_countries=read_remote_countries(
                data, fm_lines.get("remote_countries", 0), self.error
            ),
            lines=lines,
        )

    def entry_line(self, key: str, lines: dict[str, int]):
        """``line_of(n)``: the line of the n-th entry of the list ``key`` holds
        (the key's own line if it holds no list)."""
        items = self.value_nodes.get(key)

        def line_of(position: int) -> int:
            if position < 0 or not isinstance(items, yaml.SequenceNode):
                return lines[key]
            return 2 + items.value[position].start_mark.line

        return line_of

    def questions(self, data, lines) -> tuple | None:
        if data.get("questions") is None:
            return None
        return read_questions(data["questions"], self.entry_line("questions", lines), self.error)

    def slug_value(self, data, lines) -> str | None:
        value = self.text_value(data, "department", lines)
        if value is not None and not _SLUG.match(value):
            raise self.error(
                f"'department' must be a department slug such as 'engineering', not {value!r}",
                lines["department"],
            )
        return value

    def known_tag(self, content: str, line: int) -> tuple[str, dict]:
        reader = _TagReader()
        reader.feed(content)
        reader.close()
        names = [name for name, _ in reader.tags]
        if (
            len(reader.tags) == 1
            and names[0] in ("backnavigation", "careerform")
            and not reader.other_text
        ):
            return reader.tags[0]
        if names and names[0] in ("backnavigation", "careerform"):
            raise self.error("put the tag on a line of its own, followed by a blank line", line)
        shown = content.strip().split("\n", 1)[0]
        raise self.error(f"raw HTML {shown!r} refused: only {KNOWN_TAGS} are allowed", line)

    def only_attributes(self, attrs: dict, allowed: set[str], tag: str, line: int):
        unknown = sorted(set(attrs) - allowed)
        if unknown:
            raise self.error(f"{tag} has an unknown attribute '{unknown[0]}'", line)

    def list_items(self, tokens: list[Token], start: int, end: int) -> list[str]:
        items = []
        i = start + 1
        while i < end - 1:
            item_open = tokens[i]
            item_end = _block_end(tokens, i)
            line = item_open.map[0] + 1
            inner = tokens[i + 1 : item_end - 1]
            if not inner:
                raise self.error("empty list item", line)
            if len(inner) != 3 or inner[0].type != "paragraph_open" or inner[1].type != "inline":
                raise self.error(
                    "a list item must be one paragraph of text (no nested lists or blocks)",
                    line,
                )
            value = self.text_html(inner[1], line)
            if not value.strip():
                raise self.error("empty list item", line)
            items.append(value)
            i = item_end
        return items


def read_inline(markdown: str) -> str | None:
    """One paragraph of ``markdown`` as inline HTML, or None if it would be refused."""
    try:
        return _PostingReader(markdown, "<inline>").inline_html(_md.parseInline(markdown)[0], 1)
    except CareersFormatError:
        return None


def _block_end(tokens: list[Token], start: int) -> int:
    """Index just after the block that starts at ``start``."""
    if tokens[start].nesting != 1:
        return start + 1
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i + 1
    return len(tokens)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(token: Token) -> str:
    return {
        "ordered_list_open": "a numbered list; items use '- '",
        "blockquote_open": "a quote",
        "fence": "a code block",
        "code_block": "an indented code block (check the indentation)",
        "hr": "a horizontal rule",
    }.get(token.type, token.type)


def _decode(source: bytes | str, filename: str) -> str:
    if isinstance(source, str):
        text = source
    else:
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = source[: exc.start].count(b"\n") + 1
            raise CareersFormatError(
                f"not UTF-8 text (byte 0x{source[exc.start]:02x}); save the file as UTF-8",
                filename=filename,
                line=line,
            ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def parse_posting(source: bytes | str, filename: str = "<posting>") -> PostingDocument:
    """Parse one Careers Markdown posting; raise :class:`CareersFormatError` naming
    the file and line of the first problem."""
    text = _decode(source, filename)
    return _PostingReader(text, filename).read()
