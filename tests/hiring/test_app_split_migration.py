"""A database made before careers_pages was split into apps migrates without
loss: applications, previews, webhooks, their content types, permissions, the
"Hiring team" group and the admin's log entries all carry over, and back."""

from __future__ import annotations

import importlib
import io
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from careers_pages.hiring.models import Application
from careers_pages.models import JobPostingPage
from careers_pages.previews.models import PagePreview
from careers_pages.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import DEMO, latest_migrations, migrate

# serialized_rollback: the database as migrations made it (the root page, the
# Hiring team group), and after the test no content types made again with new ids.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_APPS = ("careers_hiring", "careers_previews", "careers_webhooks")
#: The migrations as they were before the split (careers_pages 0001 to 0008, squashed).
SQUASHED_BEFORE_SPLIT = "careers_pages.migrations.0001_squashed_0008_initial"
BEFORE_SPLIT = [
    ("careers_pages", SQUASHED_BEFORE_SPLIT.rsplit(".", 1)[1]),
    *((app, None) for app in NEW_APPS),
]
MOVED = {
    "application": "careers_hiring",
    "pagepreview": "careers_previews",
    "webhookendpoint": "careers_webhooks",
    "webhookdelivery": "careers_webhooks",
}
HIRING_TEAM = {
    "view_application",
    "change_application",
    "delete_application",
    "download_resume",
    "access_admin",
}


def content_type_labels() -> dict[str, list[str]]:
    """The app labels of the moved models' content types, by model."""
    labels: dict[str, list[str]] = {model: [] for model in MOVED}
    for app_label, model in ContentType.objects.filter(model__in=MOVED).values_list(
        "app_label", "model"
    ):
        labels[model].append(app_label)
    return labels


@pytest.fixture
def posting():
    """A posting of the demo content, which ``make run`` imports."""
    call_command("import_careers", str(DEMO), stdout=io.StringIO())
    return JobPostingPage.objects.order_by("path").first()


def test_rows_content_types_permissions_and_the_hiring_team_survive_the_split(posting):
    try:
        old = migrate(BEFORE_SPLIT)
        rows = fill_the_old_tables(old, posting)
        assert content_type_labels() == {model: ["careers_pages"] for model in MOVED}

        migrate(latest_migrations())
        assert_moved(rows, posting)

        migrate(BEFORE_SPLIT)  # and back again
        assert content_type_labels() == {model: ["careers_pages"] for model in MOVED}
        assert old_group_permissions() == rows["group_permissions"]
        migrate(latest_migrations())
        assert_moved(rows, posting)
    finally:
        migrate(latest_migrations())


def fill_the_old_tables(old, posting) -> dict:
    """Rows of every moved model and the Hiring team group, made with the models
    of careers_pages before the split, as a database of that time holds them."""
    ContentType_ = old.get_model("contenttypes", "ContentType")
    # Their content types, as post_migrate made them on that database.
    types = {
        model: ContentType_.objects.get_or_create(app_label="careers_pages", model=model)[0].pk
        for model in MOVED
    }
    # The group as the squashed migration makes it (its permissions and all).
    hiring_team = importlib.import_module(SQUASHED_BEFORE_SPLIT)
    hiring_team.create_hiring_team(old, None)

    Application_ = old.get_model("careers_pages", "Application")
    application = Application_.objects.create(
        posting_id=posting.pk,
        role="Back-end Engineer",
        name="Ada Lovelace",
        email="ada@example.com",
        message="Engines.",
        resume="resumes/2026/12/ada.pdf",
        resume_filename="cv.pdf",
        resume_content_type="application/pdf",
        resume_size=1234,
        fingerprint="f" * 64,
    )
    preview = old.get_model("careers_pages", "PagePreview").objects.create(
        page_id=posting.pk,
        parent_id=posting.get_parent().pk,
        content_type_id=ContentType.objects.get_for_model(JobPostingPage).pk,
        content={"title": "Back-end Engineer"},
        content_hash="h" * 64,
        expires_at=timezone.now() + timezone.timedelta(hours=1),
    )
    endpoint = old.get_model("careers_pages", "WebhookEndpoint").objects.create(
        name="Site", url="https://example.com/hook", secret="s3cret"
    )
    delivery = old.get_model("careers_pages", "WebhookDelivery").objects.create(
        endpoint_id=endpoint.pk, event="posting.published", payload={"event": "posting.published"}
    )
    # What the admin logged about the application (a resume download).
    old.get_model("wagtailcore", "ModelLogEntry").objects.create(
        content_type_id=types["application"],
        object_id=str(application.pk),
        label="Ada Lovelace for Back-end Engineer",
        action="careers_pages.download_resume",
        timestamp=timezone.now(),
        uuid=uuid.uuid4(),
    )
    return {
        "types": types,
        "application": (application.pk, application.uuid),
        "preview": (preview.pk, preview.uuid),
        "endpoint": endpoint.pk,
        "delivery": (delivery.pk, delivery.uuid),
        "group_permissions": old_group_permissions(),
    }


def old_group_permissions() -> set[tuple[int, str]]:
    return set(Group.objects.get(name="Hiring team").permissions.values_list("pk", "codename"))


def assert_moved(rows, posting):
    # Each content type is the same row, under its new app's label, and alone.
    assert content_type_labels() == {model: [app] for model, app in MOVED.items()}
    for model, pk in rows["types"].items():
        assert ContentType.objects.get(pk=pk).app_label == MOVED[model]
    for model_class in (Application, PagePreview, WebhookEndpoint, WebhookDelivery):
        assert (
            ContentType.objects.get_for_model(model_class).pk
            == rows["types"][model_class._meta.model_name]
        )

    application = Application.objects.get(pk=rows["application"][0])
    assert application.uuid == rows["application"][1]
    assert application.posting == posting
    assert application.resume.name == "resumes/2026/12/ada.pdf"
    assert application.resume_filename == "cv.pdf"
    preview = PagePreview.objects.get(pk=rows["preview"][0])
    assert preview.uuid == rows["preview"][1]
    assert preview.page.specific == posting
    assert preview.content_type.model_class() is JobPostingPage
    delivery = WebhookDelivery.objects.get(pk=rows["delivery"][0])
    assert delivery.uuid == rows["delivery"][1]
    assert delivery.endpoint == WebhookEndpoint.objects.get(pk=rows["endpoint"])

    # The group holds the very same permissions, now the hiring app's; none doubled.
    group = Group.objects.get(name="Hiring team")
    assert set(group.permissions.values_list("pk", "codename")) == rows["group_permissions"]
    assert {codename for _, codename in rows["group_permissions"]} >= HIRING_TEAM
    assert set(
        group.permissions.filter(codename__in=HIRING_TEAM - {"access_admin"}).values_list(
            "content_type__app_label", flat=True
        )
    ) == {"careers_hiring"}
    assert Permission.objects.filter(codename="download_resume").count() == 1
    assert not Permission.objects.filter(
        content_type__app_label="careers_pages", content_type__model__in=MOVED
    ).exists()
    member = group.user_set.model.objects.create_user("recruiter", password="x")
    member.groups.add(group)
    assert member.has_perm("careers_hiring.download_resume")
    assert member.has_perm("careers_hiring.view_application")

    # The admin's history of the application follows it.
    entry = ModelLogEntry.objects.get(object_id=str(application.pk))
    assert entry.content_type.model_class() is Application
    member.delete()
