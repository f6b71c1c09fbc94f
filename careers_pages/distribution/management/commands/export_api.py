import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careers_pages.distribution.static_export import ExportFailed, export_api


class ProgressBar:
    """``[#####-----] 12/40`` on one line of a terminal; nothing elsewhere."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.shown = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Write the public API's answers (index, list pages, posting details, feeds, "
        "sitemap) as files a static host can serve, byte for byte what the API answers."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path, metavar="OUTDIR")
        parser.add_argument(
            "--base-url",
            default=settings.CAREERS_API_BASE_URL,
            help="The static host's origin, for the absolute links in the files "
            "(default: CAREERS_API_BASE_URL), such as https://careers.example.com.",
        )

    def handle(self, *args, outdir, base_url, **options):
        parts = urlsplit(base_url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
            raise CommandError(
                "--base-url: give the static host's origin, such as "
                f"https://careers.example.com, not {base_url!r}"
                + ("" if base_url else " (or set CAREERS_API_BASE_URL)")
            )
        progress = ProgressBar(sys.stderr) if options["verbosity"] >= 1 else None
        try:
            export = export_api(outdir, base_url, progress=progress or (lambda done, total: None))
        except ExportFailed as failure:
            raise CommandError(str(failure)) from None
        self.stdout.write(self.style.SUCCESS(export.summary()))
