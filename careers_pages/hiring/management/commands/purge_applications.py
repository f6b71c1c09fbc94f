"""Delete applications past the retention period, or all of one applicant's.

Meant to run once a day, from cron or any scheduler, for example::

    15 3 * * *  cd /srv/careers && .venv/bin/python manage.py purge_applications

Without ``--email`` it deletes the applications submitted more than
``--days`` days ago (default: ``CAREERS_APPLICATION_RETENTION_DAYS``). With
``--email`` it deletes every application of that applicant, whatever its age,
as when they ask to be forgotten. Resume files, notes, e-mails sent and the
application's entries in the admin's audit log go with their rows. An
application whose applicant joined the talent pool is kept, past its age,
until the day that consent ends (``talent_pool_until``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from careers_pages.hiring.models import Application
from careers_pages.hiring.resumes import delete_resume_files

# Rows deleted per transaction: a first purge of years of applications
# neither holds one long lock nor loads every row at once.
BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Delete applications submitted more than --days days ago (default: "
        "CAREERS_APPLICATION_RETENTION_DAYS), or with --email every application of one "
        "applicant, with their resume files. Meant to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Keep applications this many days (default: "
            f"CAREERS_APPLICATION_RETENTION_DAYS, now {settings.CAREERS_APPLICATION_RETENTION_DAYS}).",
        )
        parser.add_argument(
            "--email",
            help="Delete every application of this applicant, whatever its age "
            "(the address is matched case-insensitively).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be deleted; delete nothing."
        )

    def handle(self, *args, days, email, dry_run, **options):
        if email is not None:
            if days is not None:
                raise CommandError("Give --days or --email, not both: --email ignores age.")
            email = email.strip()
            if not email:
                raise CommandError("--email needs an address.")
            applications = Application.objects.filter(email__iexact=email)
            scope = f"of {email}"
        else:
            if days is None:
                days = settings.CAREERS_APPLICATION_RETENTION_DAYS
            if days < 1:
                raise CommandError("--days must be at least 1.")
            cutoff = timezone.now() - timedelta(days=days)
            # Those in the talent pool stay until that consent ends.
            applications = Application.objects.filter(submitted_at__lt=cutoff).exclude(
                talent_pool_until__gte=timezone.localdate()
            )
            scope = f"older than {days} days"

        if dry_run:
            rows = applications.count()
            resumes = applications.exclude(resume="").count()
            self.stdout.write(
                f"Would delete {plural(rows, 'application')} and "
                f"{plural(resumes, 'resume')} {scope} (dry run: nothing deleted)."
            )
            return

        failed: list[str] = []
        rows = resumes = 0
        while True:
            deleted, files = purge_batch(applications, failed)
            rows += deleted
            resumes += files
            if deleted < BATCH_SIZE:
                break
        summary = f"Deleted {plural(rows, 'application')} and {plural(resumes, 'resume')} {scope}."
        self.stdout.write(self.style.SUCCESS(summary))
        if failed:
            # Only known here when the command runs outside a transaction of its own caller.
            self.stderr.write(
                self.style.WARNING(
                    f"{plural(len(failed), 'resume file')} could not be deleted; see the log."
                )
            )


def purge_batch(applications, failed: list[str]) -> tuple[int, int]:
    """Delete up to ``BATCH_SIZE`` of ``applications`` in one transaction; once it
    commits, delete their resume files. The rows and files deleted (or to be)."""
    with transaction.atomic():
        batch = list(applications.order_by("pk").only("pk", "resume", "answers")[:BATCH_SIZE])
        if not batch:
            return 0, 0
        files = [f for app in batch for f in (app.resume, *app.answer_files()) if f.name]
        Application.objects.filter(pk__in=[app.pk for app in batch]).delete()
        # Their history in the admin's audit log names the applicant (its label,
        # the e-mails' subjects): it goes with them.
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id__in=[str(app.pk) for app in batch],
        ).delete()
        # After the commit only: a rolled-back delete must keep each row's file.
        transaction.on_commit(lambda: failed.extend(delete_resume_files(files)))
    return len(batch), len(files)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
