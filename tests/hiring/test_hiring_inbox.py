"""The hiring inbox: applications in the Wagtail admin, for the hiring team only."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from careers_pages.hiring.models import Application, PipelineStage
from careers_pages.models import Department
from tests.factories import PDF, apply, listing, resume_url, with_resume

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_listing_shows_applications_newest_first(client, hiring_member, backend, designer):
    apply(backend, submitted_at=timezone.now() - datetime.timedelta(days=2))
    apply(designer, name="Grace Hopper", email="grace@example.com")
    client.force_login(hiring_member)

    response = listing(client)

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Ada Lovelace", "ada@example.com", "Back-end Engineer", "New", "Grace Hopper"):
        assert text in html
    assert html.index("Grace Hopper") < html.index("Ada Lovelace")


def test_the_listing_has_no_add_button(client, hiring_member, admin_user, backend):
    apply(backend)
    for user in (hiring_member, admin_user):
        client.force_login(user)
        html = listing(client).content.decode()
        assert "Add application" not in html
        assert "/admin/applications/new/" not in html
    assert client.get("/admin/applications/new/").status_code == 404


def test_the_listing_filters_by_stage_posting_department_and_date(
    client, hiring_member, backend, designer
):
    apply(backend, stage=PipelineStage.objects.get(slug="rejected"))
    apply(
        designer,
        name="Grace Hopper",
        email="grace@example.com",
        submitted_at=timezone.now() - datetime.timedelta(days=40),
    )
    client.force_login(hiring_member)

    def names(**params):
        html = listing(client, **params).content.decode()
        return {name for name in ("Ada Lovelace", "Grace Hopper") if name in html}

    assert names(stage="rejected") == {"Ada Lovelace"}
    assert names(stage="new") == {"Grace Hopper"}
    assert names(posting=designer.pk) == {"Grace Hopper"}
    assert names(posting=backend.pk) == {"Ada Lovelace"}
    design, engineering = (
        Department.objects.get(slug=slug).pk for slug in ("design", "engineering")
    )
    assert names(department=design) == {"Grace Hopper"}
    assert names(department=engineering, stage="new") == set()
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert names(submitted_at_from=week_ago) == {"Ada Lovelace"}
    assert names(submitted_at_to=week_ago) == {"Grace Hopper"}


def test_search_finds_an_application_by_email(client, hiring_member, backend):
    apply(backend)
    apply(backend, name="Grace Hopper", email="grace@navy.example")
    client.force_login(hiring_member)

    html = listing(client, q="navy.example").content.decode()

    assert "Grace Hopper" in html
    assert "Ada Lovelace" not in html


def test_the_inspect_view_shows_every_field_and_links_the_resume(client, hiring_member, backend):
    application = with_resume(apply(backend, github="https://github.com/ada"))
    client.force_login(hiring_member)

    # The address the notification e-mail links to.
    response = client.get(f"/admin/applications/inspect/{application.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Ada Lovelace",
        "mailto:ada@example.com",
        "https://www.linkedin.com/in/ada",
        "https://github.com/ada",
        "Working on engines that compute.",
        "Ada Lovelace – CV.pdf",
        "Back-end Engineer",
        "Applied",
        "Stage",
    ):
        assert text in html
    assert html.count(f'href="{resume_url(application)}"') == 2  # the field and the button


def test_the_inspect_view_has_no_resume_link_without_a_resume(client, hiring_member, backend):
    application = apply(backend)
    client.force_login(hiring_member)

    response = client.get(reverse("applications:inspect", args=(application.pk,)))

    assert response.status_code == 200
    assert resume_url(application) not in response.content.decode()


def test_a_hiring_team_member_changes_the_stage(client, hiring_member, backend):
    application = apply(backend)
    client.force_login(hiring_member)
    url = reverse("applications:edit", args=(application.pk,))

    form = client.get(url).context["form"]
    assert list(form.fields) == ["stage"]
    interview = PipelineStage.objects.get(slug="interview")
    response = client.post(url, {"stage": interview.pk, "name": "Someone Else"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == interview
    assert application.name == "Ada Lovelace"


def test_deleting_an_application_deletes_its_resume(
    client, hiring_member, backend, private_files, django_capture_on_commit_callbacks
):
    application = with_resume(apply(backend))
    stored = private_files / application.resume.name
    assert stored.is_file()
    client.force_login(hiring_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:delete", args=(application.pk,)))

    assert response.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not stored.exists()


def test_csv_export_contains_the_applicant(client, hiring_member, backend):
    apply(backend, message='=HYPERLINK("https://evil.example")')
    client.force_login(hiring_member)

    response = listing(client, export="csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["Name"] == "Ada Lovelace"
    assert row["Email"] == "ada@example.com"
    assert row["Posting"] == "Back-end Engineer"
    assert row["Department"] == "Engineering"
    assert row["Stage"] == "New"
    # What an applicant typed never runs as a spreadsheet formula.
    assert row["Message"] == '\'=HYPERLINK("https://evil.example")'


def test_xlsx_export_is_a_workbook_with_the_applicant(client, hiring_member, backend):
    apply(backend)
    client.force_login(hiring_member)

    response = listing(client, export="xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Name", "Email", "Role")
    assert rows[1][:3] == ("Ada Lovelace", "ada@example.com", "Back-end Engineer")


def test_a_hiring_team_member_downloads_the_exact_resume(client, hiring_member, backend):
    content = PDF + bytes(range(256))
    application = with_resume(apply(backend), content=content)
    client.force_login(hiring_member)

    response = client.get(resume_url(application))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    # Named after the applicant and the recognised type, not the uploaded name.
    assert response["Content-Disposition"] == 'attachment; filename="ada-lovelace-resume.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    # Who read which resume stays on the application's history.
    assert ModelLogEntry.objects.filter(
        object_id=str(application.pk), action="careers_pages.download_resume", user=hiring_member
    ).exists()


def test_anonymous_users_are_sent_to_the_login(client, backend):
    application = with_resume(apply(backend))

    response = client.get(resume_url(application))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_editor_cannot_download_a_resume(client, editor, backend):
    application = with_resume(apply(backend))
    client.force_login(editor)

    response = client.get(resume_url(application))

    assert response.status_code == 403
    assert PDF not in response.content


def test_no_resume_is_404(client, hiring_member, backend):
    application = apply(backend)
    client.force_login(hiring_member)

    assert client.get(resume_url(application)).status_code == 404
    assert (
        client.get(resume_url(application).replace(str(application.pk), "999999")).status_code
        == 404
    )


def test_an_editor_sees_no_applications(client, editor, backend):
    application = apply(backend)
    client.force_login(editor)

    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert reverse("applications:index") not in dashboard.content.decode()

    for url in (
        reverse("applications:index"),
        reverse("applications:index") + "?export=csv",
        reverse("applications:inspect", args=(application.pk,)),
        reverse("applications:edit", args=(application.pk,)),
        reverse("applications:delete", args=(application.pk,)),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")
        assert "Ada Lovelace" not in response.content.decode()


def test_the_hiring_team_sees_the_menu_item(client, hiring_member):
    client.force_login(hiring_member)

    dashboard = client.get(reverse("wagtailadmin_home"))

    assert dashboard.status_code == 200
    assert reverse("applications:index") in dashboard.content.decode()
