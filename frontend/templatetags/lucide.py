"""``{% lucide_icon "map-pin" %}``: a bundled Lucide icon, inline, so that it
takes the colour of the text around it (``stroke="currentColor"``) and costs
no request. Icons are decoration beside words that say the same: hidden from
screen readers."""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: The characters of a Lucide icon's name; with ``is_icon_name``, lower-case
#: letters and digits in words joined by single hyphens. Anything else (a path,
#: markup) names no file.
ICON_CHARACTERS = re.compile(r"[a-z0-9-]{1,64}")


def is_icon_name(name) -> bool:
    """Whether ``name`` could be a Lucide icon's name: one scan of at most 64
    characters, whatever the text."""
    return (
        isinstance(name, str)
        and ICON_CHARACTERS.fullmatch(name) is not None
        and not name.startswith("-")
        and not name.endswith("-")
        and "--" not in name
    )


def icon_svg(name, css_class: str = "icon") -> SafeString:
    """The ``<svg>`` of the bundled icon ``name``, hidden from assistive
    technology, or an empty string for a name without a file."""
    if not is_icon_name(name):  # before the cache: it keeps icon names only
        return mark_safe("")
    return bundled_svg(name, css_class)


@lru_cache(maxsize=256)
def bundled_svg(name: str, css_class: str) -> SafeString:
    path = finders.find(f"frontend/icons/{name}.svg")
    if path is None:
        return mark_safe("")
    with open(path, encoding="utf-8") as file:
        svg = file.read()
    svg = svg[svg.index("<svg") :]  # the licence comment stays in the file
    svg = svg.replace("<svg", '<svg aria-hidden="true" focusable="false"', 1)
    svg = svg.replace('class="lucide ', f'class="{css_class} lucide ', 1)
    return mark_safe(" ".join(svg.split()))


@register.simple_tag
def lucide_icon(name, css_class: str = "icon") -> SafeString:
    return icon_svg(name or "", css_class)
