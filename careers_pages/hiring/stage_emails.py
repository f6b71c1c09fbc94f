"""Stage e-mails: the texts editors write with placeholders, filled in for
one application in a single pass (never ``str.format`` on an editor's text,
which would read ``{name.__class__}``)."""

from __future__ import annotations

import re

from django.conf import settings
from wagtail.models import Site

from careers_pages.models import HiringOrganization

#: The placeholders a template may hold, each replaced by this application's value.
PLACEHOLDERS = ("candidate_name", "posting_title", "organization_name")
# Anything in single braces, up to a bound; a character class, no nested
# quantifier: linear in the text's length.
PLACEHOLDER = re.compile(r"\{([^{}\r\n]{0,100})\}")


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in ``text`` that are not among PLACEHOLDERS, as written."""
    return [
        match.group(0) for match in PLACEHOLDER.finditer(text) if match.group(1) not in PLACEHOLDERS
    ]


def placeholder_error(text: str) -> str | None:
    """What is wrong with a template's text, for the form's field, or None."""
    unknown = unknown_placeholders(text)
    if not unknown:
        return None
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    return f"Unknown placeholder {', '.join(dict.fromkeys(unknown))}: use {known}."


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value, in one pass:
    a value is never read again for placeholders (a candidate named
    "{posting_title}" stays so)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def placeholder_values(application) -> dict[str, str]:
    posting = application.posting
    site = None if posting is not None else Site.objects.filter(is_default_site=True).first()
    if posting is not None:
        organization = HiringOrganization.for_page(posting).name
    else:
        organization = HiringOrganization.for_site(site).name if site else ""
    # An e-mail must say who writes: the site's name while the setting has none
    # (the JSON-LD, read by machines, leaves the organization out instead).
    organization = organization or settings.WAGTAIL_SITE_NAME
    return {
        "candidate_name": application.name,
        "posting_title": posting.title if posting is not None else application.role,
        "organization_name": organization,
    }


def filled_email(template, application) -> tuple[str, str]:
    """(subject, body) of ``template`` for ``application``; the subject on one line."""
    from .tasks import single_line

    values = placeholder_values(application)
    return (
        single_line(fill_placeholders(template.subject, values)),
        fill_placeholders(template.body, values),
    )
