"""import_careers and export_careers on the project's own careers pages (demo/), the
real Hoppscotch pages where ../shared/fixtures has them, and made-up ones."""

import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision

from careers_pages.models import CareersIndexPage, Department, JobPostingPage
from tests.factories import DEMO

SEED_LINE_AS_FOUND = b'<CareerForm role="Back-end Engineer"/>\n'
SEED_LINE_CANONICAL = b'<CareerForm role="Back-end Engineer" />\n'

pytestmark = pytest.mark.django_db


def export(tmp_path, name="out"):
    out = tmp_path / name
    call_command("export_careers", str(out), verbosity=0)
    return out


@pytest.fixture(params=["demo", "hoppscotch"])
def imported_pages(request, db):
    """Each careers site the import and the round trip are proved on: the project's
    own, and the real Hoppscotch pages (skipped where ../shared/fixtures is absent)."""
    folder = DEMO if request.param == "demo" else request.getfixturevalue("hoppscotch")
    call_command("import_careers", str(folder), verbosity=0)
    return folder


def with_front_matter(source, lines):
    """The posting's text with ``lines`` added to its front matter, after its title."""
    opening, title, rest = source.split("\n", 2)
    return "\n".join([opening, title, lines.rstrip("\n"), rest])


def counts():
    return (
        CareersIndexPage.objects.count(),
        JobPostingPage.objects.count(),
        Department.objects.count(),
        Revision.objects.count(),
    )


def test_import_creates_the_index_and_seven_postings(imported_pages):
    listing = json.loads((imported_pages / "careers-index.json").read_text())
    index = CareersIndexPage.objects.get()
    assert index.url == "/company/careers"
    assert index.live
    assert index.seo_title == "Hoppscotch - Careers"
    assert index.hero_heading == listing["hero"]["heading"]
    assert [b.block_type for b in index.sections] == ["how_we_work", "benefits", "hiring_process"]
    assert index.message_label == "What is most important to you in your next role?"

    postings = JobPostingPage.objects.child_of(index).live().order_by("path")
    # seven on the Hoppscotch site, four on the project's own
    assert postings.count() == len(list((imported_pages / "postings").glob("*.md")))
    assert postings.count() == {"demo": 4, "hoppscotch": 7}[imported_pages.name]
    for department in listing["open_positions"]["departments"]:
        for position in department["positions"]:
            page = postings.get(slug=position["slug"])
            assert page.department.slug == department["key"]
            assert page.department.name == department["heading"]
            assert page.description == position["description"]
            assert page.title == position["title"]

    seed = postings.get(slug="back-end-engineer")
    assert seed.url == "/company/careers/back-end-engineer"
    assert seed.seo_title == "Hoppscotch - Careers | Back-end Engineer"
    assert seed.location == "Remote"
    assert len(seed.responsibilities) == 13
    assert seed.get_back_navigation_to() == "/company/careers"
    assert seed.role == "Back-end Engineer"


def test_export_gives_back_the_files(imported_pages, tmp_path):
    out = export(tmp_path)
    exported = sorted(p.name for p in (out / "postings").iterdir())
    originals = sorted(p.name for p in (imported_pages / "postings").iterdir())
    assert exported == originals
    for name in originals:
        source = (imported_pages / "postings" / name).read_bytes()
        if name == "back-end-engineer.md":
            source = source.replace(SEED_LINE_AS_FOUND, SEED_LINE_CANONICAL)
        assert (out / "postings" / name).read_bytes() == source, name
    index_source = (imported_pages / "careers-index.json").read_bytes()
    assert json.loads((out / "careers-index.json").read_bytes()) == json.loads(index_source)
    assert (out / "careers-index.json").read_bytes() == index_source


def test_export_import_export_is_a_fixed_point(imported_site, tmp_path):
    first = export(tmp_path, "first")
    call_command("import_careers", str(first), verbosity=0)
    second = export(tmp_path, "second")
    for path in sorted(first.rglob("*")):
        if path.is_file():
            assert (second / path.relative_to(first)).read_bytes() == path.read_bytes()


def test_importing_again_duplicates_nothing_and_makes_no_revision(imported_site, capsys):
    before = counts()
    call_command("import_careers", str(imported_site))
    assert counts() == before
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out


def test_a_changed_file_makes_a_new_revision_of_the_same_page(imported_site, tmp_path, capsys):
    folder = tmp_path / "site"
    shutil.copytree(imported_site, folder)
    seed = folder / "postings" / "back-end-engineer.md"
    seed.write_text(seed.read_text().replace("Location: Remote", "Location: Berlin"))
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    revisions = page.revisions.count()

    call_command("import_careers", str(folder))

    assert "0 created, 1 updated, 3 unchanged" in capsys.readouterr().out
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    assert page.location == "Berlin"
    assert page.revisions.count() == revisions + 1
    assert JobPostingPage.objects.count() == 4


def test_draft_import_leaves_the_live_page_alone(imported_site, tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(imported_site, folder)
    seed = folder / "postings" / "back-end-engineer.md"
    seed.write_text(seed.read_text().replace("Location: Remote", "Location: Berlin"))

    call_command("import_careers", str(seed), "--draft", verbosity=0)

    page = JobPostingPage.objects.get(slug="back-end-engineer")
    assert page.live and page.location == "Remote"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().location == "Berlin"


def test_draft_import_of_a_new_posting_is_not_live(db, careers_site):
    call_command("import_careers", str(careers_site), "--draft", verbosity=0)
    assert JobPostingPage.objects.count() == 4
    assert not JobPostingPage.objects.live().exists()


def test_dry_run_writes_nothing(db, careers_site, capsys):
    before = counts()
    call_command("import_careers", str(careers_site), "--dry-run")
    assert counts() == before
    assert "Dry run, nothing written: would import 4 postings" in capsys.readouterr().out


def test_one_bad_file_among_good_ones_writes_nothing(db, careers_site, tmp_path, capsys):
    folder = tmp_path / "site"
    shutil.copytree(careers_site, folder)
    bad = folder / "postings" / "site-reliability-engineer.md"
    bad.write_text(bad.read_text().replace("### Summary", "### Benefits"))
    before = counts()
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="Import refused, nothing written: 1 problem"):
        call_command("import_careers", str(folder))

    assert counts() == before
    assert Page.objects.count() == pages
    err = capsys.readouterr().err
    assert f"{bad}:30: unknown section '### Benefits'" in err


def test_every_refused_file_is_reported(db, tmp_path, capsys):
    (tmp_path / "a.md").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: x\n")
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_careers", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    err = capsys.readouterr().err
    assert f"{tmp_path / 'a.md'}:1: not UTF-8" in err
    assert f"{tmp_path / 'b.md'}:1: front matter opened here is never closed" in err


def test_unknown_department_is_refused_with_its_line(db, tmp_path, capsys, careers_site):
    source = (careers_site / "postings" / "site-reliability-engineer.md").read_text()
    target = tmp_path / "site-reliability-engineer.md"
    target.write_text(with_front_matter(source, "department: marketing"))
    with pytest.raises(CommandError):
        call_command("import_careers", str(target))
    assert f"{target}:3: unknown department 'marketing'" in capsys.readouterr().err
    assert not JobPostingPage.objects.exists()


def test_missing_path_is_refused(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_careers", str(tmp_path / "nope"), verbosity=0)


def test_single_file_goes_under_the_default_index(db, careers_site):
    call_command(
        "import_careers", str(careers_site / "postings" / "developer-advocate.md"), verbosity=0
    )
    page = JobPostingPage.objects.get()
    assert page.url == "/company/careers/developer-advocate"
    assert page.department is None


def test_posting_fields_from_front_matter_round_trip(db, tmp_path, careers_site):
    call_command("import_careers", str(careers_site), verbosity=0)
    source = (careers_site / "postings" / "developer-advocate.md").read_text()
    front = (
        "employment_type: FULL_TIME\nworkplace_type: remote\nvalid_through: 2099-06-30\n"
        "salary:\n  min: 70000\n  max: 90000\n  currency: EUR\n  interval: YEAR\n"
    )
    target = tmp_path / "postings" / "developer-advocate.md"
    target.parent.mkdir()
    as_found = "employment_type: CONTRACTOR\nworkplace_type: remote\n"
    assert as_found in source
    target.write_text(source.replace(as_found, front, 1))
    call_command("import_careers", str(target), verbosity=0)

    page = JobPostingPage.objects.get(slug="developer-advocate")
    assert (page.employment_type, page.workplace_type) == ("FULL_TIME", "remote")
    [pay_range] = page.pay_ranges.all()
    assert (pay_range.min, pay_range.max, pay_range.currency) == (70000, 90000, "EUR")
    assert page.expire_at.isoformat() == "2099-07-01T00:00:00+00:00"

    out = export(tmp_path)
    assert (out / "postings" / "developer-advocate.md").read_text() == target.read_text()


def test_export_refuses_without_an_index(db, tmp_path):
    with pytest.raises(CommandError, match="no public careers index"):
        call_command("export_careers", str(tmp_path), verbosity=0)


def test_export_reports_stale_files_and_prunes_on_request(imported_site, tmp_path):
    out = tmp_path / "out"
    (out / "postings").mkdir(parents=True)
    stale = out / "postings" / "closed-role.md"
    stale.write_text("old")
    call_command("export_careers", str(out), verbosity=0)
    assert stale.exists()
    call_command("export_careers", str(out), "--prune", verbosity=0)
    assert not stale.exists()


def test_unpublished_postings_are_not_exported(imported_site, tmp_path):
    JobPostingPage.objects.get(slug="developer-advocate").unpublish()
    out = export(tmp_path)
    assert not (out / "postings" / "developer-advocate.md").exists()
    listed = json.loads((out / "careers-index.json").read_text())
    slugs = [p["slug"] for d in listed["open_positions"]["departments"] for p in d["positions"]]
    assert "developer-advocate" not in slugs and len(slugs) == 3


def test_a_posting_the_index_did_not_list_is_added_under_its_department(imported_site, tmp_path):
    source = (imported_site / "postings" / "developer-advocate.md").read_text()
    new = tmp_path / "support-engineer.md"
    new.write_text(with_front_matter(source, "department: engineering\ndescription: Keeps it up."))
    call_command("import_careers", str(new), verbosity=0)
    out = export(tmp_path)
    listed = json.loads((out / "careers-index.json").read_text())
    engineering = listed["open_positions"]["departments"][0]
    assert engineering["positions"][-1] == {
        "slug": "support-engineer",
        "description": "Keeps it up.",
        "title": "Developer Advocate",
    }
    # Listed in the index now, and still in the front matter: no value moves.
    exported = (out / "postings" / "support-engineer.md").read_text()
    assert exported == new.read_text()
    # And the exported folder is canonical: it imports and exports back byte for byte.
    call_command("import_careers", str(out), verbosity=0)
    again = export(tmp_path, "again")
    assert files_of(again) == files_of(out)


def files_of(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_front_matter_that_disagrees_with_the_index_file_is_refused_naming_both(
    db, careers_site, tmp_path, capsys
):
    site = tmp_path / "site"
    shutil.copytree(careers_site, site)
    target = site / "postings" / "site-reliability-engineer.md"
    target.write_text(with_front_matter(target.read_text(), "description: Something else."))
    with pytest.raises(CommandError):
        call_command("import_careers", str(site), verbosity=0)
    message = capsys.readouterr().err
    assert f"{target}:3: description 'Something else.' disagrees with" in message
    assert "careers-index.json, open_positions.departments[" in message
    assert JobPostingPage.objects.count() == 0


def test_front_matter_that_agrees_with_the_index_file_stays_where_it_was(
    db, careers_site, tmp_path
):
    site = tmp_path / "site"
    shutil.copytree(careers_site, site)
    target = site / "postings" / "site-reliability-engineer.md"
    target.write_text(with_front_matter(target.read_text(), "department: engineering"))
    call_command("import_careers", str(site), verbosity=0)
    out = export(tmp_path)
    assert (out / "postings" / "site-reliability-engineer.md").read_text() == target.read_text()
    assert (out / "careers-index.json").read_bytes() == (site / "careers-index.json").read_bytes()


def test_expired_postings_are_not_exported(imported_site, tmp_path):
    from django.utils import timezone

    page = JobPostingPage.objects.get(slug="developer-advocate")
    JobPostingPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert JobPostingPage.objects.get(pk=page.pk).live  # expired, not yet unpublished
    out = export(tmp_path)
    assert not (out / "postings" / "developer-advocate.md").exists()
    listed = (out / "careers-index.json").read_text()
    assert '"developer-advocate"' not in listed


def test_restricted_postings_are_not_exported(imported_site, tmp_path):
    from wagtail.models import PageViewRestriction

    page = JobPostingPage.objects.get(slug="developer-advocate")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    out = export(tmp_path)
    assert not (out / "postings" / "developer-advocate.md").exists()


def test_a_failed_export_leaves_the_last_one_untouched(imported_site, tmp_path, monkeypatch):
    from careers_pages import exporting

    out = export(tmp_path)
    before = files_of(out)
    (out / "postings" / "notes.txt").write_text("the owner's own file")
    before[(out / "postings" / "notes.txt").relative_to(out)] = b"the owner's own file"
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    page.title = "Changed"
    page.save_revision().publish()
    rendered = []

    def fail_half_way(page):
        if len(rendered) == 3:
            raise RuntimeError("a posting that cannot be rendered")
        rendered.append(page)
        return real(page)

    real = exporting.posting_document
    monkeypatch.setattr(exporting, "posting_document", fail_half_way)
    with pytest.raises(RuntimeError):
        call_command("export_careers", str(out), verbosity=0)
    assert files_of(out) == before
    assert {p.name for p in out.iterdir()} == {"careers-index.json", "postings"}
    monkeypatch.undo()
    call_command("export_careers", str(out), verbosity=0)
    assert (out / "postings" / "notes.txt").read_text() == "the owner's own file"
    assert "# Changed" in (out / "postings" / "site-reliability-engineer.md").read_text()


def test_a_failed_write_leaves_the_last_export_untouched(imported_site, tmp_path, monkeypatch):
    out = export(tmp_path)
    before = files_of(out)
    for page in JobPostingPage.objects.all():
        page.title = f"{page.title} (changed)"
        page.save_revision().publish()
    written = []
    real_write = type(out).write_text

    def fail_on_the_fifth_file(self, *args, **kwargs):
        written.append(self)
        if len(written) == 5:
            raise OSError(28, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(type(out), "write_text", fail_on_the_fifth_file)
    with pytest.raises(OSError):
        call_command("export_careers", str(out), verbosity=0)
    monkeypatch.undo()
    assert files_of(out) == before
    assert {p.name for p in out.iterdir()} == {"careers-index.json", "postings"}


def test_internal_links_are_exported_as_urls(imported_site, tmp_path):
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    target = JobPostingPage.objects.get(slug="back-end-engineer")
    page.overview = f'<p>See <a linktype="page" id="{target.pk}">the back-end role</a>.</p>'
    page.save_revision().publish()
    out = export(tmp_path)
    text = (out / "postings" / "site-reliability-engineer.md").read_text()
    assert "See [the back-end role](/company/careers/back-end-engineer)." in text


def test_imported_postings_are_searchable_and_later_edits_reindex(imported_site):
    found = JobPostingPage.objects.live().search("GraphQL")
    assert {p.slug for p in found} == {"back-end-engineer", "developer-advocate"}
    found = JobPostingPage.objects.live().search("stipulated")
    assert [p.slug for p in found] == ["back-end-engineer"]

    page = JobPostingPage.objects.get(slug="developer-advocate")
    page.summary = "<p>Knowledge of zygomorphic roadmaps.</p>"
    page.save_revision().publish()
    assert [p.slug for p in JobPostingPage.objects.live().search("zygomorphic")] == [
        "developer-advocate"
    ]
