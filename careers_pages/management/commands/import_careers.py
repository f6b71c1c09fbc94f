from django.core.management.base import BaseCommand, CommandError

from careers_pages.importing import ImportRefused, import_careers


class Command(BaseCommand):
    help = (
        "Import Careers Markdown: .md posting files, or folders holding careers-index.json "
        "and/or postings/*.md (or *.md). One run is one transaction: if any file is "
        "refused, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--draft", action="store_true", help="Save new revisions without publishing them."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but write nothing."
        )

    def handle(self, *args, paths, draft, dry_run, **options):
        verbose = options["verbosity"] >= 1
        try:
            report = import_careers(
                paths,
                publish=not draft,
                dry_run=dry_run,
                progress=(lambda message: self.stdout.write(message)) if verbose else print_nothing,
            )
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Import refused, nothing written: {len(refused.errors)} problem(s)."
            ) from None
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(report.summary()))


def print_nothing(message: str) -> None:
    pass
