"""Preview links: drafts in the frontend's shape, for editors and shared links."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from careers_pages.models import CareersIndexPage, JobPostingPage
from careers_pages.previews.models import PagePreview
from careers_pages.previews.tokens import SALT, create_preview
from tests.factories import add_posting, editor_form, editor_items, editor_rich_text

pytestmark = pytest.mark.django_db

PREVIEW = "/api/careers/preview/"


def token_from(url: str) -> str:
    return url.split("preview_token=", 1)[1]


def shared_link(html: str) -> str:
    return re.search(r'value="([^"]*preview_token=[^"]*)"', html).group(1)


def preview_of(client, token, **params):
    return client.get(PREVIEW, {"token": token, **params})


def assert_private(response):
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def draft_of(slug):
    return JobPostingPage.objects.get(slug=slug).get_latest_revision_as_object()


def test_a_draft_edit_is_previewed_while_the_public_api_shows_the_live_version(
    client, imported_site
):
    page = draft_of("back-end-engineer")
    page.location = "Lisbon"
    page.save_revision()
    _, token = create_preview(page.get_latest_revision_as_object())

    response = preview_of(client, token, slug="back-end-engineer")
    assert response.status_code == 200
    assert_private(response)
    assert response["X-Careers-Page-Type"] == "posting"
    draft = response.json()
    published = client.get("/api/careers/postings/back-end-engineer/").json()
    assert draft["location"] == "Lisbon" and published["location"] == "Remote"
    # Exactly the shape of the published form.
    assert list(draft) == list(published)
    assert draft["application_form"]["role"] == "Back-end Engineer"


def test_a_never_published_posting_is_previewed(client, imported_site):
    index = CareersIndexPage.objects.get()
    page = add_posting(index, "staff-engineer", publish=False, overview="<p>Draft <b>only</b>.</p>")
    _, token = create_preview(page)
    posting = preview_of(client, token).json()
    assert posting["title"] == "Staff Engineer"
    assert posting["url"] == "/company/careers/staff-engineer"
    assert posting["overview"] == "<p>Draft <b>only</b>.</p>"
    assert posting["back_navigation"]["to"] == "/company/careers"
    assert client.get("/api/careers/postings/staff-engineer/").status_code == 404


def test_the_index_page_is_previewed_with_its_draft_sections(client, imported_site):
    index = CareersIndexPage.objects.get().get_latest_revision_as_object()
    index.hero_heading = "Come build with us"
    index.sections = [(b.block_type, b.value) for b in index.sections if b.block_type != "benefits"]
    index.save_revision()
    _, token = create_preview(index.get_latest_revision_as_object())
    response = preview_of(client, token, slug="careers")
    assert response["X-Careers-Page-Type"] == "index"
    data = response.json()
    assert data["hero"]["heading"] == "Come build with us"
    assert [s["type"] for s in data["sections"]] == ["how_we_work", "hiring_process"]
    assert data["open_positions"]["count"] == 4
    assert (
        client.get("/api/careers/").json()["hero"]["heading"]
        == "Build the API tools developers love"
    )


# Refusals: each a 4xx with a message, never the page ---------------------------


@pytest.fixture
def preview_token(imported_site):
    preview, token = create_preview(draft_of("back-end-engineer"))
    return preview, token


def test_a_tampered_token_is_refused(client, preview_token):
    _, token = preview_token
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), token + "x", "garbage"):
        response = preview_of(client, bad)
        assert response.status_code == 403
        assert "not valid" in response.json()["detail"]
        assert_private(response)
    # A validly signed token naming another preview's content is refused too.
    preview, _ = preview_token
    forged = signing.dumps(
        {"preview": str(preview.uuid), "page": preview.page_id, "hash": "0" * 16},
        salt=SALT,
        compress=True,
    )
    assert preview_of(client, forged).status_code == 403


def assert_gone(client, token, reason):
    """The token's preview answers 410 Gone, saying why."""
    response = preview_of(client, token)
    assert response.status_code == 410
    assert reason in response.json()["detail"]


def test_an_expired_token_is_refused(client, preview_token):
    preview, token = preview_token
    preview.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    preview.save()
    assert_gone(client, token, "expired")


def test_editor_tokens_expire_after_an_hour_by_default(preview_token, settings):
    preview, _ = preview_token
    lifetime = preview.expires_at - preview.created_at
    assert abs(
        lifetime - datetime.timedelta(seconds=settings.CAREERS_PREVIEW_SECONDS)
    ) < datetime.timedelta(seconds=5)
    assert settings.CAREERS_PREVIEW_SECONDS == 3600


def test_a_revoked_token_is_refused(client, preview_token):
    preview, token = preview_token
    preview.revoked_at = timezone.now()
    preview.save()
    assert_gone(client, token, "revoked")


def test_a_token_for_another_page_is_refused(client, preview_token):
    _, token = preview_token
    response = preview_of(client, token, slug="site-reliability-engineer")
    assert response.status_code == 403
    assert "another page" in response.json()["detail"]


def test_no_token_is_400(client, db):
    response = client.get(PREVIEW)
    assert response.status_code == 400 and "token" in response.json()["detail"]


# The admin's Preview opens the frontend ---------------------------------------------


def test_the_admin_preview_redirects_to_the_frontend_with_a_token(admin_client, imported_site):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    data = editor_form(
        title="Back-end Engineer",
        slug="back-end-engineer",
        seo_title="Hoppscotch - Careers | Back-end Engineer",
        location="Kyiv",
        overview=editor_rich_text("<p>Changed in the editor.</p>"),
        summary=editor_rich_text("<p>Summary.</p>"),
        responsibilities=editor_items("<p>One</p>"),
        qualifications=editor_items("<p>Two</p>"),
    )
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert admin_client.post(preview_url, data).json()["is_valid"]
    response = admin_client.get(preview_url)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/company/careers/back-end-engineer?preview_token=")
    posting = preview_of(admin_client, token_from(location), slug="back-end-engineer").json()
    assert posting["location"] == "Kyiv"
    assert posting["overview"] == "<p>Changed in the editor.</p>"
    # Nothing was saved or published by previewing.
    assert JobPostingPage.objects.get(pk=page.pk).location == "Remote"


def test_the_admin_preview_of_a_page_being_created(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    data = editor_form(
        title="Data Engineer",
        slug="data-engineer",
        responsibilities=editor_items("<p>Pipelines</p>"),
    )
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=("careers_pages", "jobpostingpage", index.pk)
    )
    assert admin_client.post(url, data).json()["is_valid"]
    location = admin_client.get(url)["Location"]
    assert location.startswith("/company/careers/data-engineer?preview_token=")
    posting = preview_of(admin_client, token_from(location)).json()
    assert (
        posting["title"] == "Data Engineer"
        and posting["responsibilities"][0]["value"] == "Pipelines"
    )
    assert not Page.objects.filter(slug="data-engineer").exists()


# Shared links -----------------------------------------------------------------------


def test_shared_links_are_listed_expire_and_can_be_revoked(admin_client, client, imported_site):
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    draft = page.get_latest_revision_as_object()
    draft.location = "Tallinn"
    draft.save_revision()
    share_url = reverse("careers_share_preview", args=[page.pk])

    response = admin_client.post(
        share_url, {"days": "7", "follow_latest": "", "note": "Hiring manager"}
    )
    assert response.status_code == 302
    listing = admin_client.get(share_url).content.decode()
    assert "Hiring manager" in listing and "preview_token=" in listing
    shared = PagePreview.objects.get(kind="shared")
    assert (
        datetime.timedelta(days=6, hours=23)
        < shared.expires_at - timezone.now()
        <= datetime.timedelta(days=7)
    )

    token = token_from(shared_link(listing))
    # Someone without an account sees the draft, and later drafts do not change this link.
    assert preview_of(client, token).json()["location"] == "Tallinn"
    draft.location = "Riga"
    draft.save_revision()
    assert preview_of(client, token).json()["location"] == "Tallinn"

    admin_client.post(reverse("careers_revoke_preview", args=[shared.uuid]))
    assert preview_of(client, token).status_code == 410
    assert "preview_token=" not in admin_client.get(share_url).content.decode()


def test_a_shared_link_can_follow_the_latest_draft(admin_client, client, imported_site):
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    admin_client.post(
        reverse("careers_share_preview", args=[page.pk]), {"days": "1", "follow_latest": "1"}
    )
    html = admin_client.get(reverse("careers_share_preview", args=[page.pk])).content.decode()
    token = token_from(shared_link(html))
    draft = page.get_latest_revision_as_object()
    draft.location = "Oslo"
    draft.save_revision()
    assert preview_of(client, token).json()["location"] == "Oslo"


def test_shared_links_expire(client, imported_site, admin_user):
    _, token = create_preview(
        draft_of("site-reliability-engineer"),
        kind=PagePreview.Kind.SHARED,
        lifetime=datetime.timedelta(days=7),
        user=admin_user,
    )
    assert preview_of(client, token).status_code == 200
    PagePreview.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert preview_of(client, token).status_code == 410


def test_people_who_cannot_edit_the_page_cannot_share_it(client, imported_site, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(user)
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    response = client.get(reverse("careers_share_preview", args=[page.pk]))
    assert response.status_code in (302, 403)


# Tokens in URLs: no page reached by one passes it on as a Referer -------------


def test_every_preview_answer_sends_no_referrer(client, admin_client, imported_site):
    """A preview URL holds its token: the page it opens (in the reference
    frontend or any other) must not send that URL on to the images, scripts,
    links and servers it reaches."""
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    admin_client.post(reverse("careers_share_preview", args=[page.pk]), {"days": "7"})
    shared = shared_link(
        admin_client.get(reverse("careers_share_preview", args=[page.pk])).content.decode()
    )
    token = token_from(shared)
    answers = {
        "API preview": preview_of(client, token),
        "API refusal": preview_of(client, token + "x"),
        "API without a token": client.get(PREVIEW),
        "shared link page": client.get(shared.split("testserver", 1)[-1]),
        "frontend refusal": client.get(
            "/company/careers/site-reliability-engineer?preview_token=garbage"
        ),
    }
    assert answers["shared link page"].status_code == 200
    assert b"Preview" in answers["shared link page"].content
    for what, response in answers.items():
        assert response["Referrer-Policy"] == "no-referrer", what
    # Public pages keep the site's own policy.
    assert client.get("/api/careers/")["Referrer-Policy"] == "same-origin"
    assert (
        client.get("/company/careers/site-reliability-engineer")["Referrer-Policy"] == "same-origin"
    )
