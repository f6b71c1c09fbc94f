"""Builders the tests share: where the project's own content lives, and pages
made in the database. Tests import them from here, never from a conftest."""

import os
import socket
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEMO = PROJECT / "demo"  # the careers site the repository ships: `make run` seeds it

# The query parameters of Wagtail's API v2 page listing that the schema documents,
# and the field filters the project adds to it for postings.
V2_PAGE_PARAMETERS = (
    "type",
    "child_of",
    "descendant_of",
    "fields",
    "search",
    "search_operator",
    "order",
    "limit",
    "offset",
    "first_published_at",
)
V2_POSTING_FILTERS = ("valid_through", "employment_type", "compensation_note")

# The query parameters GET /api/careers/postings/ reads, as the README lists them.
POSTING_LIST_PARAMETERS = (
    "department",
    "location",
    "employment_type",
    "workplace_type",
    "q",
    "limit",
    "offset",
)


def add_posting(index, slug, *, publish=True, **fields):
    """Create a posting under ``index`` and publish it; with ``publish=False``, a
    posting never published: not live, its content only in a draft revision."""
    from wagtail.rich_text import RichText

    from careers_pages.models import JobPostingPage

    values = {
        "title": slug.replace("-", " ").title(),
        "location": "Remote",
        "overview": "<p>Overview.</p>",
        "summary": "<p>Summary.</p>",
        "responsibilities": [("item", RichText(f"<p>Do {n}</p>")) for n in range(3)],
        "qualifications": [("item", RichText(f"<p>Know {n}</p>")) for n in range(3)],
        **({} if publish else {"live": False}),
        **fields,
    }
    page = index.add_child(instance=JobPostingPage(slug=slug, **values))
    revision = page.save_revision()
    if publish:
        revision.publish()
    return JobPostingPage.objects.get(pk=page.pk)


def editor_rich_text(html):
    """A rich text field as the admin's editor (Draftail) posts it."""
    from wagtail.test.utils.form_data import rich_text

    from careers_pages.blocks import RICH_TEXT_FEATURES

    return rich_text(html, features=RICH_TEXT_FEATURES)


def editor_items(*html):
    """A list of items (responsibilities, qualifications) as the editor posts it."""
    from wagtail.test.utils.form_data import rich_text, streamfield

    from careers_pages.blocks import INLINE_FEATURES

    return streamfield([("item", rich_text(item, features=INLINE_FEATURES)) for item in html])


def editor_form(**fields):
    """What the admin's page editor posts for a new posting in Engineering (a QA
    Engineer), with ``fields`` in place of its values."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from careers_pages.models import Department

    return nested_form_data(
        {
            "title": "QA Engineer",
            "slug": "qa-engineer",
            "seo_title": "Hoppscotch - Careers | QA Engineer",
            "location": "Remote",
            "department": Department.objects.get(slug="engineering").pk,
            "description": "Break things before users do.",
            "overview": editor_rich_text(
                '<p>We <b>test</b> with <a href="https://hoppscotch.io">care</a>.</p>'
            ),
            "summary": editor_rich_text("<p>You own quality.</p>"),
            "responsibilities": editor_items(
                "<p>Write <code>pytest</code> suites</p>", "<p>Triage</p>"
            ),
            "qualifications": editor_items("<p>Curiosity</p>"),
            "employment_type": "FULL_TIME",
            "workplace_type": "remote",
            "posting_locations": inline_formset([]),
            "questions": streamfield([]),
            "remote_country_codes": "",
            "pay_ranges": inline_formset([]),
            "compensation_note": "",
            "valid_through": "",
            "application_role": "",
            "back_navigation_to": "",
            "search_description": "",
            "go_live_at": "",
            **fields,
        }
    )


def question(type_, name, label=None, *, required=False, options=(), help="", private=False):
    """A question of the application form, as a posting's StreamField holds it."""
    value = {
        "name": name,
        "label": label or name.replace("_", " ").capitalize(),
        "help_text": help,
        "required": required,
        "private": private,
    }
    if type_ in ("choice", "multichoice"):
        value["options"] = list(options)
    return (type_, value)


def notice_question():
    """A required single choice: the notice period."""
    return question(
        "choice", "notice", "Notice period", required=True, options=["None", "1 month", "3 months"]
    )


def add_question_posting(index, slug="platform-engineer", questions=None, **fields):
    """A published posting asking a choice, a yes/no and a required text
    question (or ``questions``), the flow of the hiring issue."""
    if questions is None:
        questions = [
            notice_question(),
            question("boolean", "relocate", "Would you relocate?"),
            question("text", "why_us", "Why us?", required=True),
        ]
    return add_posting(index, slug, questions=questions, **fields)


#: The PostgreSQL server that tests of PostgreSQL's own features use when the
#: suite itself runs on SQLite (this machine's, by default).
#: Databases of the local Redis for the tests that need one (TEST_REDIS_DB
#: moves both, so that two runs of the suite can share a Redis).
TEST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "11"))
REDIS = f"redis://127.0.0.1:6379/{TEST_REDIS_DB}"
REDIS_SECOND = f"redis://127.0.0.1:6379/{TEST_REDIS_DB + 2}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def migrate(targets):
    """Migrate the test database to ``targets``, (app, migration) pairs where a
    migration of None means none of the app's; return the models as they were
    then, every other app's at its latest. For tests that cross a migration."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    targeted = {app for app, _ in targets}
    others = [node for node in loader.graph.leaf_nodes() if node[0] not in targeted]
    applied = [*others, *((app, name) for app, name in targets if name is not None)]
    return loader.project_state(applied).apps


def latest_migrations():
    """Each app's last migration: ``migrate(latest_migrations())`` goes back to now."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection).loader.graph.leaf_nodes()


POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_server_params() -> dict | None:
    """Connection parameters (psycopg's) of a PostgreSQL server to test against:
    the suite's own database when it runs on PostgreSQL, else ``POSTGRES_SERVER``
    if it answers; None when there is none."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return connection.get_connection_params()
    import psycopg

    try:
        with psycopg.connect(POSTGRES_SERVER, connect_timeout=2) as probe:
            info = probe.info
            return {
                "host": info.host,
                "port": info.port,
                "user": info.user,
                "password": info.password or None,
                "dbname": info.dbname,
            }
    except psycopg.OperationalError:
        return None


def publish_in_two_places(posting, **fields):
    """Publish ``posting`` (with ``fields`` set) as hybrid, in Bengaluru and
    Berlin, with a pay range for each: Berlin is in a jurisdiction that
    requires one to publish."""
    from careers_pages.models import PayRange, PostingLocation

    posting.workplace_type = "hybrid"
    for name, value in fields.items():
        setattr(posting, name, value)
    posting.posting_locations = [
        PostingLocation(city="Bengaluru", region="Karnataka", country="IN"),
        PostingLocation(city="Berlin", region="Berlin", country="DE"),
    ]
    posting.pay_ranges = [
        PayRange(label="Bengaluru", min=2400000, max=3600000, currency="INR", interval="YEAR"),
        PayRange(label="Berlin", min=65000, max=85000, currency="EUR", interval="YEAR"),
    ]
    posting.save_revision().publish()
    return posting


# The hiring inbox: applications as stored, users of the admin's groups.

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def apply(posting, **fields):
    """An application to ``posting`` stored as the submit service would, ``fields`` over Ada's."""
    from careers_pages.hiring.models import Application

    values = {
        "posting": posting,
        "role": posting.role,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "linkedin": "https://www.linkedin.com/in/ada",
        "message": "Working on engines that compute.",
        "fingerprint": "test",
        **fields,
    }
    return Application.objects.create(**values)


def application_form(fields=None, /, **overrides):
    """What Ada posts to apply: her name, e-mail and message, then ``fields``
    and ``overrides`` over them; a field given as None is left out."""
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "message": "Engines.",
        **(fields or {}),
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not None}


def back_end_application(**overrides):
    """What Ada posts to apply for the demo's Back-end Engineer: her LinkedIn
    and a PDF resume besides ``application_form``'s fields, ``overrides`` over
    them (None leaves a field out)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    resume = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    fields = {
        "role": "Back-end Engineer",
        "linkedin": "https://www.linkedin.com/in/ada",
        "message": "Working on engines that compute.",
        "resume": resume,
    }
    return application_form(fields, **overrides)


def with_resume(application, content=PDF, filename="Ada Lovelace – CV.pdf"):
    from django.core.files.base import ContentFile

    application.resume_filename = filename
    application.resume_content_type = "application/pdf"
    application.resume_size = len(content)
    application.resume.save("cv.pdf", ContentFile(content))
    return application


def user_in(django_user_model, group_name, username):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def listing(client, **params):
    from django.urls import reverse

    return client.get(reverse("applications:index"), params)


def resume_url(application):
    from django.urls import reverse

    return reverse("careers_pages_application_resume", args=(application.pk,))
