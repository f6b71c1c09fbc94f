"""Hypothesis strategies for text nobody here wrote: all of Unicode, and above
all what Markdown and HTML treat specially."""

from hypothesis import strategies as st

MARKUP_CHARACTERS = list("&<>*_`[]()\\#!|~+-.:;=\"'/ \t")
UNUSUAL_CHARACTERS = [
    "\u00a0",  # no-break space
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\u202e",  # right-to-left override
    "\u0301",  # combining acute accent
    "\u05d0",  # Hebrew alef
    "\u0627",  # Arabic alef
    "\U0001f469\u200d\U0001f4bb",  # woman technologist: emoji with a joiner
    "\u2028",  # line separator
    "\x0b",
    "\x0c",
    "\x85",
    "\x00",
    "\r",
]
ENTITY_LIKE = ["&amp;", "&lt;", "&#60;", "&#x3C;", "&nbsp;", "&copy", "&#0;"]

characters = st.one_of(
    st.sampled_from(MARKUP_CHARACTERS),
    st.sampled_from(UNUSUAL_CHARACTERS),
    st.characters(exclude_categories=("Cs",)),  # all of Unicode but lone surrogates
)
pieces = st.one_of(characters, st.sampled_from(ENTITY_LIKE), st.sampled_from(["R&D", "2 < 3"]))


def editor_text(min_size=1, max_size=40):
    """One line of text an editor might type."""
    return st.lists(pieces, min_size=min_size, max_size=max_size).map("".join)


@st.composite
def inline_markdown(draw):
    """Inline Markdown made of text, emphasis, code and links around such text."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        text = draw(editor_text())
        kind = draw(st.sampled_from(["text", "em", "strong", "code", "link"]))
        if kind == "em":
            text = f"*{text}*"
        elif kind == "strong":
            text = f"**{text}**"
        elif kind == "code":
            text = f"`{text}`"
        elif kind == "link":
            href = draw(st.one_of(st.just("https://example.com/a"), editor_text(max_size=15)))
            text = f"[{text}]({href})"
        parts.append(text)
    return draw(st.sampled_from(["", " "])).join(parts)
