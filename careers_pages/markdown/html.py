"""Inline HTML (as Wagtail stores rich text) to Careers Markdown, and back to paragraphs.

Only the features postings allow are written as Markdown: bold, italic, inline
code, links and line breaks. Anything else (an attribute such as Draftail's
``data-block-key``, an unknown tag) is editor-only markup: its text is kept,
the markup is not.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
_VOID_TAGS = {"br", "hr", "img", "embed"}

# Characters that start Markdown syntax anywhere in a line.
_INLINE_SPECIALS = {"\\", "`", "*", "[", "]"}
_ENTITY_LIKE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# An entity's start at the very end of a text run: the next run (after an
# emphasis marker, say) may begin with the ";" that completes it.
_ENTITY_AT_END = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})\Z")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
_HTML_START = re.compile(r"<[A-Za-z/!?]")
# What HTML collapses at the edges of a block; other spaces (no-break, ideographic…) are text.
_HTML_WHITESPACE = " \t\n\r\f"


def _is_markdown_space(char: str) -> bool:
    """CommonMark's Unicode whitespace, which decides where emphasis may open
    and close, and what Markdown trims from the edges of a line."""
    return char in "\t\n\x0b\x0c\r " or unicodedata.category(char) == "Zs"


class _BlockSplitter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str | list[str]]] = []
        self._current: list[str] = []
        self._list: list[str] | None = None

    def _flush(self):
        text = "".join(self._current).strip(_HTML_WHITESPACE)
        self._current = []
        if not text:
            return
        if self._list is not None:
            self._list.append(text)
        else:
            self.blocks.append(("p", text))

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._flush()
            self._list = []
            self.blocks.append(("ul", self._list))
        elif tag in _BLOCK_TAGS:
            self._flush()
        else:
            self._current.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self._current.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self._flush()
            self._list = None
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag not in _VOID_TAGS:
            self._current.append(f"</{tag}>")

    def handle_data(self, data):
        self._current.append(html.escape(data, quote=False))


def complete_tags_only(markup: str) -> str:
    """``markup`` with every ``<`` that does not open a tag closed before the
    next ``<`` written as ``&lt;``, in one pass.

    Python's ``html.parser`` before 3.11.13 (and Wagtail's link rewriter, a
    ``<a[^>]*>`` search) scan the rest of the text again for each unclosed
    tag, which is quadratic in its length. Rich text saved by the editor never
    holds one; this keeps any other markup from making it so.
    """
    opening = markup.find("<")
    if opening == -1:
        return markup
    out = []
    done = 0
    closing = -1
    while opening != -1:
        if closing < opening:
            closing = markup.find(">", opening)
            if closing == -1:  # no '>' after this '<': none of the rest is a tag
                out += [markup[done:opening], markup[opening:].replace("<", "&lt;")]
                return "".join(out)
        following = markup.find("<", opening + 1)
        if following != -1 and following < closing:
            out += [markup[done:opening], "&lt;"]
            done = opening + 1
        opening = following
    out.append(markup[done:])
    return "".join(out)


def rich_text_blocks(rich_text: str) -> list[tuple[str, str | list[str]]]:
    """The blocks of a rich text value: ``("p", inner HTML)`` for a paragraph
    (or any other text block), ``("ul", [inner HTML of each item])`` for a list."""
    splitter = _BlockSplitter()
    splitter.feed(complete_tags_only(rich_text))
    splitter.close()
    splitter._flush()
    return [block for block in splitter.blocks if block[0] == "p" or block[1]]


def inline_html(rich_text: str) -> str:
    """The inner HTML of a one-paragraph rich text value, such as a list item's."""
    if len(rich_text) <= _REMEMBERED_LENGTH:
        return _remembered_inline_html(rich_text)
    return _inline_html(rich_text)


# A cache miss of the API serializes every item of every posting again, and
# most are unchanged since the last time: the parser's answer is remembered
# for short items (about 16 MB at most), as it depends on the text alone.
_REMEMBERED_LENGTH = 4096


@functools.lru_cache(maxsize=2048)
def _remembered_inline_html(rich_text: str) -> str:
    return _inline_html(rich_text)


def _inline_html(rich_text: str) -> str:
    return "<br/>".join(
        inner if kind == "p" else "<br/>".join(inner) for kind, inner in rich_text_blocks(rich_text)
    )


def _code_span(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * (longest + 1)
    if (
        code.startswith("`")
        or code.endswith("`")
        or (code.startswith(" ") and code.endswith(" ") and code.strip(" "))
    ):
        code = f" {code} "
    return f"{fence}{code}{fence}"


def _link_destination(href: str) -> str:
    """A link destination that Markdown reads back as ``href``, character for
    character: backslashes and entity-like ``&`` escaped, and in ``<…>`` where
    it holds spaces, brackets or parentheses."""
    escaped = "".join(
        "\\" + char if char == "\\" or (char == "&" and _ENTITY_LIKE.match(href, i)) else char
        for i, char in enumerate(href)
    )
    if href and not any(c in " <>()" or ord(c) < 0x20 or ord(c) == 0x7F for c in href):
        return escaped
    escaped = escaped.replace("<", "\\<").replace(">", "\\>")
    return "<" + escaped.replace("\n", "%0A").replace("\r", "%0D") + ">"


def escape_text(text: str) -> str:
    """Escape plain text so that Markdown reads it back as the same text."""
    out = []
    for i, char in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (
            char in _INLINE_SPECIALS
            or (char == "_" and not (prev.isalnum() and nxt.isalnum()))
            or (char == "<" and _HTML_START.match(text, i))
            or (char == "&" and (_ENTITY_LIKE.match(text, i) or _ENTITY_AT_END.match(text, i)))
        ):
            out.append("\\" + char)
        elif char == "\r":  # Markdown reads a carriage return as a line break
            out.append("&#xD;")
        else:
            out.append(char)
    return "".join(out)


def escape_line_start(line: str) -> str:
    """Escape what would make a line start a block (heading, list, quote…)."""
    if not line:
        return line
    first = line[0]
    if (
        first in "#>"
        or (first in "-+" and (len(line) == 1 or line[1] in " \t"))
        or (first in "-=" and set(line.rstrip()) <= {first, " "})
        or line.startswith("~~~")
    ):
        return "\\" + line
    marker = _ORDERED_MARKER.match(line)
    if marker:
        digits, delimiter = marker.groups()
        return f"{digits}\\{delimiter}{line[marker.end() :]}"
    return line


_EMPHASIS = {"b": "b", "strong": "b", "i": "i", "em": "i"}


def _same_element(closed, tag: str, attrs: dict, out: list[str]) -> bool:
    """Whether ``tag`` opens right where the ``closed`` element of the same
    kind ended, with nothing written in between."""
    closed_tag, closed_attrs, _, closed_out, length = closed
    if closed_out is not out or len(out) != length:
        return False
    if tag in _EMPHASIS:
        return _EMPHASIS.get(closed_tag) == _EMPHASIS[tag]
    if tag == "code":
        return closed_tag == "code"
    return closed_tag == "a" == tag and closed_attrs.get("href") == attrs.get("href")


# A hard line break; no escaped text equals it (a literal backslash is written "\\\\").
_HARD_BREAK = "\\\n"


class _InlineMarkdownWriter(HTMLParser):
    def __init__(self, *, emphasis: bool = True):
        super().__init__(convert_charrefs=True)
        # Stack of output buffers: a link or emphasis collects its content first,
        # because whitespace at its edges has to be written differently.
        self._stack: list[tuple[str, dict, list[str]]] = [("", {}, [])]
        self._in_code = 0
        self._emphasis = emphasis
        # The element closed last, and where its Markdown went: reopened by a
        # start tag of the same kind that follows at once (<b>a</b><b>b</b>),
        # since two delimiter runs side by side would read as one.
        self._closed: tuple[str, dict, list[str], list[str], int] | None = None

    @property
    def _out(self) -> list[str]:
        return self._stack[-1][2]

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._out.append(_HARD_BREAK)
        elif tag in ("b", "strong", "i", "em", "a"):
            if tag in _EMPHASIS and not self._emphasis:
                return
            if self._closed and _same_element(self._closed, tag, dict(attrs), self._out):
                _, open_attrs, parts, _, _ = self._closed
                self._out.pop()
                self._stack.append((self._closed[0], open_attrs, parts))
                self._closed = None
                return
            self._stack.append((tag, dict(attrs), []))
        elif tag == "code":
            self._in_code += 1
            if self._closed and _same_element(self._closed, tag, {}, self._out):
                self._out.pop()
                self._stack.append((tag, {}, self._closed[2]))
                self._closed = None
                return
            self._stack.append((tag, {}, []))

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._out.append(_HARD_BREAK)

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _, _ in self._stack[1:]):
            return
        while True:
            open_tag, attrs, parts = self._stack.pop()
            self._out.append(self._wrap(open_tag, attrs, "".join(parts)))
            if open_tag == tag:
                break
        self._closed = (open_tag, attrs, parts, self._out, len(self._out))

    def _wrap(self, tag: str, attrs: dict, content: str) -> str:
        if tag == "code":
            self._in_code -= 1
            if "\n" in content or "\r" in content:
                # A code span reads line breaks as spaces: keep the text, not the code.
                return escape_text(content.replace("\n", "\r"))
            return _code_span(content) if content else ""
        if tag == "a":
            return f"[{content}]({_link_destination(attrs.get('href') or '')})"
        if not content:
            return ""
        # Emphasis opens only before, and closes only after, a character that is
        # not Markdown whitespace: any at its edges is written as a reference.
        delimiter = "**" if tag in ("b", "strong") else "*"
        return f"{delimiter}{_edge_spaces_as_references(content)}{delimiter}"

    def handle_data(self, data):
        self._out.append(data if self._in_code else escape_text(data))

    def result(self) -> str:
        while len(self._stack) > 1:
            self.handle_endtag(self._stack[-1][0])
        parts = self._out
        # A break at either edge of a paragraph shows nothing, and Markdown
        # could not write it: it would read back as a literal backslash.
        while parts and (parts[-1] == _HARD_BREAK or not parts[-1].strip(_HTML_WHITESPACE)):
            parts.pop()
        start = 0
        while start < len(parts) and (
            parts[start] == _HARD_BREAK or not parts[start].strip(_HTML_WHITESPACE)
        ):
            start += 1
        return "".join(parts[start:])


def inline_markdown(inline_html: str, *, emphasis: bool = True) -> str:
    """Inline HTML to one Markdown paragraph (lines are joined by soft breaks);
    with ``emphasis=False``, its bold and italic are left out."""
    writer = _InlineMarkdownWriter(emphasis=emphasis)
    writer.feed(complete_tags_only(inline_html))
    writer.close()
    text = writer.result().strip(_HTML_WHITESPACE)
    return _paragraph_lines(text)


def _is_trimmed(char: str) -> bool:
    """What Markdown trims from the edges of a paragraph (JavaScript's trim)."""
    return _is_markdown_space(char) or char in "\u2028\u2029"


def _is_indent(char: str) -> bool:
    return char in " \t"


def _edge_spaces_as_references(text: str, lead=_is_markdown_space, trail=None) -> str:
    """``text`` with the spaces at its edges that Markdown would trim, or that
    would keep emphasis from opening or closing, written as character
    references (which Markdown reads as text)."""
    trail = trail or lead
    start, end = 0, len(text)
    while start < end and lead(text[start]):
        start += 1
    while end > start and trail(text[end - 1]):
        end -= 1
    if start == 0 and end == len(text):
        return text
    return _references(text[:start]) + text[start:end] + _references(text[end:])


def _references(spaces: str) -> str:
    # A vertical tab has no valid character reference; Markdown trims it.
    return "".join(c if c == "\x0b" else f"&#x{ord(c):X};" for c in spaces)


def _paragraph_lines(text: str) -> str:
    """Lines of one paragraph, each protected from what Markdown strips: the
    paragraph's edges, indentation and the spaces before a soft break."""
    lines = text.split("\n")
    last = len(lines) - 1
    out = []
    for number, line in enumerate(lines):
        line = _edge_spaces_as_references(
            line,
            lead=_is_trimmed if number == 0 else _is_indent,
            trail=_is_trimmed if number == last else (lambda c: c == " "),
        )
        out.append(escape_line_start(line))
    return "\n".join(out)


def rich_text_markdown(rich_text: str, inline=inline_markdown) -> str:
    """Rich text (paragraphs and bullet lists) to Markdown blocks, each
    followed by a blank line; ``inline`` writes each paragraph and item."""
    out = []
    for kind, inner in rich_text_blocks(rich_text):
        if kind == "p":
            out.append(inline(inner) + "\n\n")
        else:
            out.append("".join(f"- {list_item_markdown(item, inline)}\n" for item in inner) + "\n")
    return "".join(out)


def list_item_markdown(inline_html: str, inline=inline_markdown) -> str:
    """One list item's Markdown, continuation lines indented under the '- '."""
    return inline(inline_html).replace("\n", "\n  ")
