"""manage.py export_api: the public API as files, byte for byte the live
answers, at paths a static host serves; atomic; only what the public sees."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from careers_pages.distribution import static_export
from careers_pages.distribution.static_export import MARKER, export_path, export_urls
from careers_pages.models import CareersIndexPage
from tests.factories import add_posting

pytestmark = pytest.mark.django_db
BASE = "https://static.example.com"


def export(outdir, base=BASE):
    call_command("export_api", str(outdir), base_url=base, verbosity=0)


def files(outdir: Path) -> list[str]:
    return sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*") if p.is_file())


def live(client, settings, url, base=BASE):
    """What the running server answers for ``url`` on ``base``."""
    settings.CAREERS_API_BASE_URL = base
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, urlsplit(base).hostname]
    response = client.get(url, HTTP_HOST=urlsplit(base).netloc, secure=base.startswith("https"))
    assert response.status_code == 200, url
    return response.content


@pytest.fixture
def many_postings(imported_site):
    """45 postings: three list pages at the default page size of 20."""
    index = CareersIndexPage.objects.get()
    for number in range(41):
        add_posting(index, f"role-{number:02d}")


def test_every_file_is_the_live_answer_byte_for_byte(client, settings, many_postings, tmp_path):
    out = tmp_path / "site"
    export(out)
    urls = export_urls()
    assert len(urls) == 1 + 3 + 45 + 4
    for url in urls:
        assert (out / export_path(url)).read_bytes() == live(client, settings, url), url
    assert files(out) == sorted([MARKER, *(export_path(url) for url in urls)])


def test_list_pages_follow_the_apis_own_next_links(many_postings, tmp_path):
    out = tmp_path / "site"
    export(out)
    page = json.loads((out / "api/careers/postings/index.json").read_bytes())
    seen = []
    while True:
        seen += [posting["slug"] for posting in page["results"]]
        if page["next"] is None:
            break
        assert page["next"].startswith(BASE + "/api/careers/postings/?")
        # The file a static host serves for that link (deploy/static-api.nginx.conf).
        page = json.loads((out / export_path(page["next"].removeprefix(BASE))).read_bytes())
    assert len(seen) == len(set(seen)) == 45


def test_the_layout(imported_site, tmp_path):
    out = tmp_path / "site"
    export(out)
    assert files(out) == [
        MARKER,
        "api/careers/index.json",
        "api/careers/postings/back-end-engineer/index.json",
        "api/careers/postings/developer-advocate/index.json",
        "api/careers/postings/index.json",
        "api/careers/postings/product-designer/index.json",
        "api/careers/postings/site-reliability-engineer/index.json",
        "feeds/careers/index.xml",
        "feeds/indeed.xml",
        "feeds/linkedin.xml",
        "sitemap.xml",
    ]
    assert b"https://static.example.com/company/careers" in (out / "sitemap.xml").read_bytes()


def test_drafts_and_unpublished_postings_are_not_exported(imported_site, tmp_path):
    index = CareersIndexPage.objects.get()
    add_posting(index, "secret-draft", publish=False)
    index.get_children().get(slug="product-designer").specific.unpublish()
    out = tmp_path / "site"
    export(out)
    everything = b"".join((out / name).read_bytes() for name in files(out))
    assert b"secret-draft" not in everything and b"product-designer" not in everything


def test_a_failed_export_leaves_the_last_one_as_it_was(imported_site, tmp_path, monkeypatch):
    out = tmp_path / "site"
    export(out)
    before = {name: (out / name).read_bytes() for name in files(out)}
    add_posting(CareersIndexPage.objects.get(), "brand-new")
    real = static_export.render

    def fails_late(url, base_url):
        if "feeds" in url:
            raise static_export.ExportFailed(f"{url} answered 500")
        return real(url, base_url)

    monkeypatch.setattr(static_export, "render", fails_late)
    with pytest.raises(CommandError, match="answered 500"):
        export(out)
    assert {name: (out / name).read_bytes() for name in files(out)} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging left behind

    monkeypatch.setattr(static_export, "render", real)
    export(out)  # replaces the last export whole: the new posting is there
    assert "api/careers/postings/brand-new/index.json" in files(out)


def test_a_folder_of_other_files_is_refused(imported_site, tmp_path):
    out = tmp_path / "home"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="holds other files"):
        export(out)
    assert files(out) == ["notes.txt"]


@pytest.mark.parametrize("base", ["", "static.example.com", "ftp://x.example", "https://x/sub"])
def test_a_bad_base_url_is_refused_naming_the_option(imported_site, tmp_path, base):
    with pytest.raises(CommandError, match="--base-url"):
        export(tmp_path / "site", base)
    assert not (tmp_path / "site").exists()


def test_a_progress_bar_on_a_terminal(imported_site, tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    call_command("export_api", str(tmp_path / "site"), base_url=BASE)
    err = capsys.readouterr().err
    assert "\r[" in err and err.rstrip().endswith("] 10/10")
