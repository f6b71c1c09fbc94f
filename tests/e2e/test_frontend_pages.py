"""The reference frontend's pages, through Django's test client: what the server
renders from the API's JSON, before any script runs."""

import html
import json
import re

import pytest
from django.core.management import call_command

from tests.factories import DEMO, add_posting

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def api(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.json()


def positions(client):
    index = api(client, "/api/careers/")
    return [p for group in index["open_positions"]["departments"] for p in group["positions"]]


def markdown_bullets(text: str, section: str) -> list[str]:
    """The "- " items under a "### section" heading of a Careers Markdown file."""
    body = text.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    body = body.split("<CareerForm", 1)[0]
    return [line[2:] for line in body.splitlines() if line.startswith("- ")]


def test_the_seed_posting_shows_each_responsibility_and_qualification_once(client, imported_site):
    source = (imported_site / "postings" / "back-end-engineer.md").read_text()
    posting = api(client, "/api/careers/postings/back-end-engineer/")

    response = client.get("/company/careers/back-end-engineer")

    assert response.status_code == 200
    page = response.content.decode()
    for section in ("responsibilities", "qualifications"):
        items = posting[section]
        assert len(items) == len(markdown_bullets(source, section.title()))
        for item in items:
            assert page.count(f"<li>{item['value']}</li>") == 1, item["value"]
    assert page.count("<h2>Responsibilities</h2>") == 1
    assert page.count("<h2>Qualifications</h2>") == 1


@pytest.mark.parametrize("content", ["hoppscotch", "demo"])
def test_every_posting_renders_with_its_form(client, db, content, request, hiring_organization):
    folder = request.getfixturevalue("hoppscotch") if content == "hoppscotch" else DEMO
    call_command("import_careers", str(folder), verbosity=0)
    listed = positions(client)
    assert listed

    for position in listed:
        posting = api(client, f"/api/careers/postings/{position['slug']}/")
        form = posting["application_form"]
        response = client.get(position["url"])

        assert response.status_code == 200, position["url"]
        page = response.content.decode()
        assert f"<h1>{html.escape(posting['title'])}</h1>" in page
        # Without JavaScript the form posts to the page itself; the script, to the API.
        assert (
            f'<form action="{posting["url"]}" method="post" enctype="multipart/form-data"' in page
        )
        assert f'data-api-action="{form["action"]}"' in page
        for field in form["fields"]:
            assert f'<label for="field-{field["name"]}">{html.escape(field["label"])}' in page
            tag = re.search(rf'<(?:input|textarea)[^>]* name="{field["name"]}"[^>]*>', page)
            assert tag, field["name"]
            assert (" required" in tag[0]) is field["required"], field["name"]
            if field.get("placeholder"):
                assert f'placeholder="{html.escape(field["placeholder"])}"' in tag[0]
        assert f'<button class="button" type="submit">{form["submit_label"]}</button>' in page
        assert json.loads(JSON_LD.search(page)[1]) == posting["structured_data"]


def test_the_form_names_the_role_and_hides_the_honeypot(client, imported_site):
    page = client.get("/company/careers/back-end-engineer").content.decode()

    role = re.search(r'<input [^>]*name="role"[^>]*>', page)[0]
    assert 'value="Back-end Engineer"' in role
    assert " readonly" in role
    resume = re.search(r'<input [^>]*name="resume"[^>]*>', page)[0]
    assert 'type="file"' in resume
    assert 'accept=".pdf,' in resume
    assert "PDF, DOC, DOCX, ODT, RTF or TXT, up to 10.0" in page
    honeypot = re.search(
        r'<div class="visually-hidden"[^>]*>\s*<label[^>]*>[^<]*</label>\s*(<input [^>]*>)', page
    )
    assert 'name="website"' in honeypot[1]
    assert 'tabindex="-1"' in honeypot[1]
    assert 'autocomplete="off"' in honeypot[1]


def test_the_back_navigation_leads_to_the_index_and_says_so(client, imported_site):
    page = client.get("/company/careers/back-end-engineer").content.decode()

    link = re.search(r'<a class="back-link" href="([^"]+)" aria-label="([^"]+)">', page, re.S)
    assert link[1] == "/company/careers"
    assert link[2] == "Back to all open positions"
    assert '<p class="badge">Location: Remote</p>' in page
    assert '<html lang="en">' in page


def test_the_index_shows_the_sections_and_positions_by_department(client, imported_site):
    index = api(client, "/api/careers/")

    response = client.get("/company/careers")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 id="hero-heading">{index["hero"]["heading"]}</h1>' in page
    benefits = next(s for s in index["sections"] if s["type"] == "benefits")["value"]
    for card in benefits["items"]:
        assert f"<h3>{html.escape(card['title'])}</h3>" in page
    steps = next(s for s in index["sections"] if s["type"] == "hiring_process")["value"]["items"]
    for step in steps:
        assert f"<h3>{html.escape(step['title'])}</h3>" in page
    departments = [group["name"] for group in index["open_positions"]["departments"]]
    assert departments == ["Engineering", "Design", "Community"]
    headings = re.findall(r'<div class="department">\s*<h3>(?:<svg .*?</svg>)?([^<]+)</h3>', page)
    assert headings == departments
    for position in positions(client):
        assert page.count(f'href="{position["url"]}"') == 1


def test_the_success_page_shows_the_forms_texts(client, imported_site):
    success = api(client, "/api/careers/postings/back-end-engineer/")["application_form"]["success"]
    assert success["url"] == "/company/careers/success"

    response = client.get(success["url"])

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 id="success-heading">{html.escape(success["heading"])}</h1>' in page
    assert html.escape(success["subheading"]) in page


@pytest.mark.parametrize(
    "path",
    [
        "/company/careers/no-such-role",
        "/company/careers/back-end-engineer/apply",
        "/company/careers/%3Cscript%3E",
    ],
)
def test_unknown_paths_under_the_index_are_a_404_page(client, imported_site, path):
    response = client.get(path)

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/company/careers"' in page


def test_an_unpublished_posting_is_a_404(client, imported_site):
    from careers_pages.models import JobPostingPage

    JobPostingPage.objects.get(slug="site-reliability-engineer").unpublish()

    assert client.get("/company/careers/site-reliability-engineer").status_code == 404
    assert 'href="/company/careers/site-reliability-engineer"' not in (
        client.get("/company/careers").content.decode()
    )


def test_a_trailing_slash_redirects_to_the_page(client, imported_site):
    response = client.get("/company/careers/back-end-engineer/?ref=board")

    assert response.status_code == 301
    assert response["Location"] == "/company/careers/back-end-engineer?ref=board"


def test_paths_outside_the_index_stay_wagtails(client, imported_site):
    assert client.get("/company").status_code == 200  # the index's parent, a Wagtail page
    assert client.get("/no-such-page").status_code == 404
    assert client.post("/company/careers").status_code == 405


def test_without_a_hiring_organization_the_page_has_no_json_ld(client, imported_site):
    page = client.get("/company/careers/back-end-engineer").content.decode()
    assert "<h1>Back-end Engineer</h1>" in page
    assert JSON_LD.search(page) is None
    assert client.get("/api/careers/postings/back-end-engineer/").json()["structured_data"] is None


def test_the_json_ld_cannot_end_its_script_element(client, imported_site, hiring_organization):
    from careers_pages.models import CareersIndexPage

    title = "Engineer</script><script>alert(1)</script>"
    add_posting(CareersIndexPage.objects.get(), "tricky", title=title)

    page = client.get("/company/careers/tricky").content.decode()

    assert "<script>alert(1)" not in page
    data = json.loads(JSON_LD.search(page)[1])
    assert data["title"] == title


# Previews: drafts at the page's own path, through a preview token ---------------------

BANNER = (
    '<p class="preview-banner" role="status">'
    "Preview of a draft: not published, and only visible through this link.</p>"
)
POSTING = "/company/careers/back-end-engineer"


def assert_private(response):
    """Never cached, never indexed."""
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.fixture
def draft_preview(imported_site):
    """A draft edit of the seed posting (saved, not published) and its preview token."""
    from careers_pages.models import JobPostingPage
    from careers_pages.previews.tokens import create_preview

    page = JobPostingPage.objects.get(slug="back-end-engineer").get_latest_revision_as_object()
    page.overview = "<p>Draft overview: we now work from Lisbon.</p>"
    page.save_revision()
    return create_preview(page.get_latest_revision_as_object())


def test_a_draft_is_previewed_at_the_postings_path_and_the_public_sees_the_published(
    client, draft_preview
):
    published_overview = api(client, "/api/careers/postings/back-end-engineer/")["overview"]
    _, token = draft_preview

    response = client.get(POSTING, {"preview_token": token})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<p>Draft overview: we now work from Lisbon.</p>" in page
    assert published_overview not in page
    assert "<h1>Back-end Engineer</h1>" in page
    assert page.count(BANNER) == 1
    assert_private(response)

    public = client.get(POSTING)
    assert public.status_code == 200
    page = public.content.decode()
    assert published_overview in page
    assert "Draft overview" not in page
    assert "preview-banner" not in page
    assert "no-store" not in public.get("Cache-Control", "")
    assert not public.has_header("X-Robots-Tag")


def test_a_revoked_preview_link_is_a_410_page(client, draft_preview):
    from django.utils import timezone

    preview, token = draft_preview
    preview.revoked_at = timezone.now()
    preview.save()

    response = client.get(POSTING, {"preview_token": token})

    assert response.status_code == 410
    page = response.content.decode()
    assert "This preview is not available" in page
    assert "This preview link was revoked." in page
    assert "Draft overview" not in page
    assert "preview-banner" not in page
    assert_private(response)


def test_a_changed_preview_link_is_a_403_page(client, draft_preview):
    _, token = draft_preview

    response = client.get(POSTING, {"preview_token": token + "x"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "This preview link is not valid" in page
    assert "Draft overview" not in page
    assert_private(response)


def test_a_never_published_posting_is_previewed_at_its_path(client, imported_site):
    from careers_pages.models import CareersIndexPage
    from careers_pages.previews.tokens import create_preview

    page = add_posting(
        CareersIndexPage.objects.get(),
        "staff-engineer",
        publish=False,
        overview="<p>Only a draft so far.</p>",
        summary="<p>Lead the platform team.</p>",
        responsibilities=[("item", "<p>Set the technical direction</p>")],
    )
    _, token = create_preview(page)

    response = client.get("/company/careers/staff-engineer", {"preview_token": token})

    assert response.status_code == 200
    html_page = response.content.decode()
    assert "<h1>Staff Engineer</h1>" in html_page
    assert "<p>Only a draft so far.</p>" in html_page
    assert "<li>Set the technical direction</li>" in html_page
    assert '<a class="back-link" href="/company/careers" aria-label="Back to all' in html_page
    assert html_page.count(BANNER) == 1
    assert_private(response)
    assert client.get("/company/careers/staff-engineer").status_code == 404
    assert 'href="/company/careers/staff-engineer"' not in (
        client.get("/company/careers").content.decode()
    )
