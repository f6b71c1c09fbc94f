"""The public API as files for a static host (``manage.py export_api``), and
the files a change touches (named in the webhook payload).

Each public URL is answered by the project's own view, as a live request for
it would be, and its bytes written to a file whose path a static host finds
from the URL (``deploy/static-api.nginx.conf``):

================================================  =======================================
URL                                               file
================================================  =======================================
``/api/careers/``                                 ``api/careers/index.json``
``/api/careers/postings/``                        ``api/careers/postings/index.json``
``/api/careers/postings/?limit=20&offset=20``     ``api/careers/postings/offset-20.json``
``/api/careers/postings/<slug>/``                 ``api/careers/postings/<slug>/index.json``
``/feeds/careers/``                               ``feeds/careers/index.xml``
``/sitemap.xml``, ``/feeds/indeed.xml`` …         the same path
================================================  =======================================

List pages are the default page size, at the offsets the API's own ``next``
links name. The whole folder is written beside the last export and swapped in
once complete: a failed run leaves the last export as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import resolve, reverse

from careers_pages import visibility
from cms.folders import replaced_whole

#: Marks a folder as an export: only such a folder (or an empty one) is replaced.
MARKER = ".careers-api-export"
FEED_URL_NAMES = ("careers-feed", "indeed-feed", "linkedin-feed", "sitemap")


class ExportFailed(Exception):
    """A URL did not answer 200, or OUTDIR is not a folder this command may replace."""


def _page_size() -> int:
    from api.pagination import StrictLimitOffsetPagination

    return StrictLimitOffsetPagination.default_limit


def list_urls(count: int) -> list[str]:
    """The list pages of ``count`` postings, as the API's ``next`` links name them."""
    base = reverse("careers-api:posting-list")
    size = _page_size()
    return [base] + [f"{base}?limit={size}&offset={offset}" for offset in range(size, count, size)]


def export_urls() -> list[str]:
    """Every public URL the export holds, in a stable order."""
    index = visibility.careers_index()
    slugs = list(visibility.open_postings(index).values_list("slug", flat=True)) if index else []
    urls = [reverse("careers-api:index"), *list_urls(len(slugs))] if index else []
    urls += [reverse("careers-api:posting-detail", args=[slug]) for slug in slugs]
    return urls + [reverse(name) for name in FEED_URL_NAMES]


def export_path(url: str) -> str:
    """The file (relative to OUTDIR) holding the answer to ``url``."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    offset = parse_qs(parts.query).get("offset")
    if offset:
        return f"{path}offset-{offset[-1]}.json"
    if not path.endswith("/"):
        return path  # sitemap.xml, feeds/indeed.xml
    # A folder URL: JSON under /api/, the Atom feed elsewhere.
    return path + ("index.json" if path.startswith("api/") else "index.xml")


def changed_export_paths(posting_slug: str | None = None) -> list[str]:
    """The export's files a publish, unpublish or deletion may change: the
    posting's detail (``posting_slug``; None for the careers index, which every
    detail names), the index, every list page and the one after the last (a
    posting removed may have emptied it), the feeds and the sitemap."""
    index = visibility.careers_index()
    count = visibility.open_postings(index).count() if index else 0
    urls = [reverse("careers-api:index"), *list_urls(count + _page_size())]
    if posting_slug is not None:
        urls.append(reverse("careers-api:posting-detail", args=[posting_slug]))
    elif index is not None:
        slugs = visibility.open_postings(index).values_list("slug", flat=True)
        urls += [reverse("careers-api:posting-detail", args=[slug]) for slug in slugs]
    return [export_path(url) for url in urls + [reverse(name) for name in FEED_URL_NAMES]]


def _answers_as(base_url: str):
    """Settings under which this process answers as ``base_url`` would: the API's
    links on it, its host accepted (the requests never leave the process)."""
    host = urlsplit(base_url).hostname
    return override_settings(
        CAREERS_API_BASE_URL=base_url, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, host]
    )


def render(url: str, base_url: str) -> bytes:
    """The body the live server answers for a GET of ``url`` on ``base_url``."""
    parts = urlsplit(base_url)
    request = RequestFactory().get(url, HTTP_HOST=parts.netloc, secure=parts.scheme == "https")
    match = resolve(urlsplit(url).path)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise ExportFailed(f"{url} answered {response.status_code}")
    return response.content


@dataclass
class ApiExport:
    outdir: Path
    files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"Exported the careers API to {self.outdir}: {len(self.files)} files."


def export_api(
    outdir: Path, base_url: str, progress: Callable[[int, int], None] = lambda done, total: None
) -> ApiExport:
    """Write every public answer under ``outdir``, replacing the last export whole."""
    outdir = Path(outdir)
    if outdir.exists() and not (outdir / MARKER).exists() and any(outdir.iterdir()):
        raise ExportFailed(
            f"{outdir} holds other files: give an empty folder or one export_api wrote"
        )
    export = ApiExport(outdir=outdir)
    # 0755: mkdtemp's 0700 would hide the files from the web server.
    with replaced_whole(outdir, mode=0o755) as staging, _answers_as(base_url.rstrip("/")):
        urls = export_urls()
        for done, url in enumerate(urls, start=1):
            target = staging / export_path(url)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render(url, base_url.rstrip("/")))
            export.files.append(export_path(url))
            progress(done, len(urls))
        (staging / MARKER).write_text(f"{base_url}\n")
    return export
