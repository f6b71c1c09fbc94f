"""manage.py purge_applications: old applications and their resumes go, recent
ones stay; one applicant's can be erased on request; a dry run changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from careers_pages.hiring.models import Application

pytestmark = pytest.mark.django_db


def application(email="ada@example.com", days_ago=0, resume=True, name="Ada"):
    app = Application.objects.create(
        posting=None,
        role="X",
        name=name,
        email=email,
        message="m",
        fingerprint="x",
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    if resume:
        app.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 test"))
    return app


def resume_path(folder, app):
    return folder / app.resume.name


def purge(capture, *args):
    out = StringIO()
    with capture(execute=True):
        call_command("purge_applications", *args, stdout=out)
    return out.getvalue().strip()


def test_old_applications_go_with_their_resumes_and_recent_ones_stay(
    private_files, django_capture_on_commit_callbacks, settings
):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 30
    old = [application(days_ago=31), application(email="bob@example.com", days_ago=400)]
    old_without_resume = application(email="eve@example.com", days_ago=90, resume=False)
    recent = [application(days_ago=29), application(email="bob@example.com", days_ago=1)]
    old_files = [resume_path(private_files, app) for app in old]
    recent_files = [resume_path(private_files, app) for app in recent]
    assert all(path.is_file() for path in old_files + recent_files)

    summary = purge(django_capture_on_commit_callbacks)

    assert summary == "Deleted 3 applications and 2 resumes older than 30 days."
    assert set(Application.objects.values_list("pk", flat=True)) == {app.pk for app in recent}
    assert not Application.objects.filter(pk=old_without_resume.pk).exists()
    assert not any(path.exists() for path in old_files)
    assert all(path.read_bytes() == b"%PDF-1.4 test" for path in recent_files)


def test_days_overrides_the_retention_setting(
    private_files, django_capture_on_commit_callbacks, settings
):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 365
    old, recent = application(days_ago=10), application(days_ago=3)

    summary = purge(django_capture_on_commit_callbacks, "--days", "7")

    assert summary == "Deleted 1 application and 1 resume older than 7 days."
    assert list(Application.objects.all()) == [recent]
    assert not resume_path(private_files, old).exists()
    assert resume_path(private_files, recent).is_file()


def test_email_erases_one_applicants_applications_of_any_age(
    private_files, django_capture_on_commit_callbacks
):
    hers = [
        application(email="Ada@Example.com", days_ago=0),
        application(email="ada@example.com", days_ago=5000),
        application(email="ADA@EXAMPLE.COM", days_ago=3, resume=False),
    ]
    others = [
        application(email="bob@example.com", days_ago=0),
        application(email="ada@example.org", days_ago=5000),
        application(email="ada.lovelace@example.com", days_ago=2),
    ]
    her_files = [resume_path(private_files, app) for app in hers if app.resume]

    summary = purge(django_capture_on_commit_callbacks, "--email", "aDa@example.COM")

    assert summary == "Deleted 3 applications and 2 resumes of aDa@example.COM."
    assert set(Application.objects.values_list("pk", flat=True)) == {app.pk for app in others}
    assert not any(path.exists() for path in her_files)
    assert all(resume_path(private_files, app).is_file() for app in others)


def test_a_dry_run_reports_and_deletes_nothing(private_files, django_capture_on_commit_callbacks):
    apps = [
        application(days_ago=400),
        application(days_ago=500, resume=False),
        application(days_ago=1),
    ]

    summary = purge(django_capture_on_commit_callbacks, "--dry-run", "--days", "365")
    by_email = purge(django_capture_on_commit_callbacks, "--dry-run", "--email", "ADA@example.com")

    assert summary == (
        "Would delete 2 applications and 1 resume older than 365 days (dry run: nothing deleted)."
    )
    assert by_email == (
        "Would delete 3 applications and 2 resumes of ADA@example.com (dry run: nothing deleted)."
    )
    assert Application.objects.count() == 3
    assert all(resume_path(private_files, app).is_file() for app in apps if app.resume)


def test_a_purge_larger_than_a_batch_deletes_them_all(
    private_files, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 365
    from careers_pages.hiring.management.commands import purge_applications

    monkeypatch.setattr(purge_applications, "BATCH_SIZE", 2)
    old = [application(email=f"a{n}@example.com", days_ago=400 + n) for n in range(5)]
    recent = application(days_ago=1)

    summary = purge(django_capture_on_commit_callbacks)

    assert summary == "Deleted 5 applications and 5 resumes older than 365 days."
    assert list(Application.objects.all()) == [recent]
    assert not any(resume_path(private_files, app).exists() for app in old)


def test_nothing_to_delete_says_so(django_capture_on_commit_callbacks, settings):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 365
    application(days_ago=1)

    summary = purge(django_capture_on_commit_callbacks)

    assert summary == "Deleted 0 applications and 0 resumes older than 365 days."
    assert Application.objects.count() == 1


def test_a_rolled_back_purge_keeps_every_resume(private_files, django_capture_on_commit_callbacks):
    """Files go only once the deletion is committed."""
    old = application(days_ago=400)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        call_command("purge_applications", stdout=StringIO())
        raise RuntimeError("the surrounding transaction fails")

    assert Application.objects.filter(pk=old.pk).exists()
    assert resume_path(private_files, old).is_file()


@pytest.mark.parametrize(
    "args", [["--days", "0"], ["--days", "-3"], ["--days", "30", "--email", "a@example.com"]]
)
def test_unsafe_or_ambiguous_arguments_are_refused(args):
    application(days_ago=400)

    with pytest.raises(CommandError):
        call_command("purge_applications", *args, stdout=StringIO())

    assert Application.objects.count() == 1


def test_erasing_an_applicant_takes_their_notes_emails_and_history_too(
    private_files, django_capture_on_commit_callbacks, admin_user
):
    from wagtail.log_actions import log
    from wagtail.models import ModelLogEntry

    from careers_pages.hiring.models import ApplicationMessage, ApplicationNote, PipelineStage
    from careers_pages.hiring.pipeline import move_to_stage

    ada, bob = application(), application(email="bob@example.com", name="Bob")
    for app in (ada, bob):
        ApplicationNote.objects.create(application=app, author=admin_user, text="Good.")
        ApplicationMessage.objects.create(
            application=app, recipient=app.email, subject=f"Dear {app.name}", body="Hello"
        )
        move_to_stage(app, PipelineStage.objects.get(slug="interview"), admin_user)
        log(app, "careers_pages.download_resume", user=admin_user)

    purge(django_capture_on_commit_callbacks, "--email", "ada@example.com")

    assert list(Application.objects.all()) == [bob]
    assert list(ApplicationNote.objects.values_list("application", flat=True)) == [bob.pk]
    assert list(ApplicationMessage.objects.values_list("application", flat=True)) == [bob.pk]
    assert set(ModelLogEntry.objects.values_list("object_id", flat=True)) == {str(bob.pk)}
    assert ModelLogEntry.objects.count() == 2
