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

#: A Lucide icon's name: lower-case letters, digits and single hyphens. Anything
#: else (a path, markup) names no file.
ICON_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@lru_cache(maxsize=256)
def icon_svg(name: str, css_class: str = "icon") -> SafeString:
    """The ``<svg>`` of the bundled icon ``name``, hidden from assistive
    technology, or an empty string for a name without a file."""
    if not isinstance(name, str) or not ICON_NAME.fullmatch(name):
        return mark_safe("")
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
