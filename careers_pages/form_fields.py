"""The fields of the application form every posting shows, in one place.

The careers index has a label and a placeholder column for each field it words
(``WORDED_FIELDS``) and an admin panel for them; the index file
(``careers-index.json``) names its ``application_form`` keys after them; the
API describes the form from here, and the hiring app checks submissions
against these types and limits. No Django imports: the Markdown package uses
it too.
"""

from __future__ import annotations

from dataclasses import dataclass

MESSAGE_MAX_LENGTH = 5000


@dataclass(frozen=True)
class FormField:
    name: str
    type: str  # an HTML input type, or "textarea"
    required: bool
    max_length: int | None = None
    #: The admin's heading of its texts; blank for a field the careers index
    #: does not word (the role, which the posting fills in).
    heading: str = ""
    #: The default label, and placeholder (None: no default, left blank).
    label: str = ""
    placeholder: str | None = None


APPLICATION_FIELDS = (
    FormField("role", "text", True, 255),
    FormField("name", "text", True, 200, "Name", "Name", "Your name"),
    FormField("email", "email", True, 254, "Email", "Email", "Your email"),
    FormField("resume", "file", False, None, "Resume", "Resume"),
    FormField(
        "linkedin", "url", False, 500, "LinkedIn", "LinkedIn profile", "Your LinkedIn profile"
    ),
    FormField("github", "url", False, 500, "GitHub", "GitHub profile", "Your GitHub profile"),
    FormField(
        "message",
        "textarea",
        True,
        MESSAGE_MAX_LENGTH,
        "Message",
        "What is most important to you in your next role?",
        "Type here",
    ),
)

#: Where the applicant came from: sent with the form (a frontend fills them from
#: the page's URL, ``?source=`` and ``utm_*``), all optional, never shown to the
#: applicant as questions, so ``application_form.fields`` does not list them.
SOURCE_FIELDS = (
    FormField("source", "hidden", False, 100),
    FormField("utm_source", "hidden", False, 100),
    FormField("utm_medium", "hidden", False, 100),
    FormField("utm_campaign", "hidden", False, 200),
)

#: The longest origin (``scheme://host[:port]``) kept of a submission's Referer:
#: a scheme, a host name of at most 253 characters and a port.
REFERRER_ORIGIN_MAX_LENGTH = 300

#: The fields whose label and placeholder the careers index sets.
WORDED_FIELDS = tuple(field for field in APPLICATION_FIELDS if field.heading)

#: The longest value each field takes, by name (None: no limit).
FIELD_LIMITS = {field.name: field.max_length for field in (*APPLICATION_FIELDS, *SOURCE_FIELDS)}
