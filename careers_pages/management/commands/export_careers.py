from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers_pages.exporting import export_careers
from careers_pages.models import site_path
from careers_pages.visibility import careers_indexes


class Command(BaseCommand):
    help = (
        "Export the careers index and the postings the public API shows as Careers Markdown: "
        "OUTDIR/careers-index.json and OUTDIR/postings/<slug>.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path, metavar="OUTDIR")
        parser.add_argument(
            "--index",
            metavar="PATH",
            help="The careers index to export, by its path (such as /company/careers); "
            "needed only when there are several.",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete .md files in OUTDIR/postings that are not public postings.",
        )

    def handle(self, *args, outdir, index, prune, **options):
        indexes = list(careers_indexes())
        if index:
            indexes = [page for page in indexes if site_path(page) == index.rstrip("/")]
        if not indexes:
            raise CommandError(
                f"No public careers index at {index}."
                if index
                else "There is no public careers index."
            )
        if len(indexes) > 1:
            paths = ", ".join(site_path(page) for page in indexes)
            raise CommandError(f"Several careers indexes ({paths}); choose one with --index.")
        verbose = options["verbosity"] >= 1
        report = export_careers(
            outdir,
            indexes[0],
            prune=prune,
            progress=(lambda message: self.stdout.write(message)) if verbose else (lambda m: None),
        )
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        for path in report.stale:
            self.stderr.write(
                self.style.WARNING(f"{path}: not a public posting (--prune removes it)")
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
