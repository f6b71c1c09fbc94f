"""One rule says which postings of a careers index the public sees
(``careers_pages.visibility``), and every consumer follows it: the careers
API (index, list, detail, applications), the preview of the index, the
sitemap and the feed, the Markdown export and Wagtail's own page serving.

A posting is hidden by a view restriction of any kind (password, groups,
login) on itself or on the index above it, by being past its closing time
before ``publish_scheduled`` has unpublished it, by being unpublished, and
by never having been published (a draft)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from careers_pages import visibility
from careers_pages.exporting import export_careers
from careers_pages.models import CareersIndexPage, JobPostingPage
from careers_pages.previews.tokens import create_preview
from tests.api.test_api_visibility import (
    SECRET,
    make_draft,
    make_expired,
    make_groups_only,
    make_login_only,
    make_private,
    make_unpublished,
    restrict,
)
from tests.factories import add_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(db):
    home = Site.objects.get(is_default_site=True).root_page
    page = home.add_child(instance=CareersIndexPage(title="Careers", slug="careers"))
    page.save_revision().publish()
    index = CareersIndexPage.objects.get(pk=page.pk)
    add_posting(index, "open-role")
    return index


# The hidden kinds of the API's visibility tests, each adding "hidden-role".
HIDDEN_KINDS = {
    "password": make_private,
    "groups": make_groups_only,
    "login": make_login_only,
    "expired": make_expired,
    "unpublished": make_unpublished,
    "draft": make_draft,
}


@pytest.fixture(params=list(HIDDEN_KINDS))
def hidden_kind(request, index):
    HIDDEN_KINDS[request.param](index)
    return request.param


def test_the_rule_leaves_out_each_hidden_kind(index, hidden_kind):
    assert [p.slug for p in visibility.open_postings(index)] == ["open-role"]
    assert visibility.open_posting(index, "hidden-role") is None
    assert visibility.open_posting(index, "open-role").slug == "open-role"
    assert visibility.careers_index() == index
    assert [p.slug for p in index.open_postings()] == ["open-role"]


def test_the_careers_api_follows_the_rule(client, index, hidden_kind):
    listed = client.get("/api/careers/postings/").json()
    assert [p["slug"] for p in listed["results"]] == ["open-role"]
    assert listed["count"] == 1
    page = client.get("/api/careers/").json()
    slugs = [p["slug"] for d in page["open_positions"]["departments"] for p in d["positions"]]
    assert slugs == ["open-role"]
    assert client.get("/api/careers/postings/open-role/").status_code == 200
    assert client.get("/api/careers/postings/hidden-role/").status_code == 404
    apply = client.post(
        "/api/careers/postings/hidden-role/applications/",
        {"name": "A", "email": "a@example.com", "message": "Hi"},
    )
    assert apply.status_code == 404


def test_the_preview_of_the_index_lists_what_the_rule_shows(client, index, hidden_kind):
    _, token = create_preview(index.get_latest_revision_as_object())
    response = client.get("/api/careers/preview/", {"token": token})
    assert response.status_code == 200
    departments = response.json()["open_positions"]["departments"]
    assert [p["slug"] for d in departments for p in d["positions"]] == ["open-role"]
    assert SECRET not in response.content.decode()


def test_the_sitemap_and_the_feed_follow_the_rule(client, index, hidden_kind):
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == ["http://testserver/careers", "http://testserver/careers/open-role"]
    feed = client.get("/feeds/careers/").content.decode()
    assert "open-role" in feed and "hidden-role" not in feed and SECRET not in feed


def test_the_export_follows_the_rule(index, hidden_kind, tmp_path):
    export_careers(tmp_path, index)
    assert sorted(p.name for p in (tmp_path / "postings").iterdir()) == ["open-role.md"]
    assert "hidden-role" not in (tmp_path / "careers-index.json").read_text()


def test_wagtail_serves_only_what_the_rule_shows(index, hidden_kind):
    shown = {p.slug: p.specific.is_shown_publicly() for p in index.get_children()}
    assert shown == {"open-role": True, "hidden-role": False}
    assert index.is_shown_publicly()


@pytest.mark.parametrize("kind", ["password", "groups", "login"])
def test_a_restriction_above_the_index_hides_it_and_its_postings(client, index, kind, tmp_path):
    restrict(PageViewRestriction, kind, page=index.get_parent())
    assert visibility.careers_index() is None
    assert list(visibility.open_postings(index)) == []
    assert not index.is_shown_publicly()
    assert client.get("/api/careers/").status_code == 404
    assert client.get("/api/careers/postings/open-role/").status_code == 404
    assert client.get("/feeds/careers/").status_code == 404
    # The preview of the index shows it as the public would see it published: empty.
    _, token = create_preview(index.get_latest_revision_as_object())
    preview = client.get("/api/careers/preview/", {"token": token}).json()
    assert preview["open_positions"]["count"] == 0


def test_a_posting_expires_at_the_exact_moment(index):
    posting = JobPostingPage.objects.get(slug="open-role")
    moment = timezone.now() + datetime.timedelta(seconds=2)
    JobPostingPage.objects.filter(pk=posting.pk).update(expire_at=moment)
    assert visibility.open_posting(index, "open-role") is not None
    JobPostingPage.objects.filter(pk=posting.pk).update(expire_at=timezone.now())
    assert visibility.open_posting(index, "open-role") is None


def test_a_postings_frontend_path_is_under_its_index():
    assert visibility.posting_path("/company/careers", "back-end") == "/company/careers/back-end"
    assert visibility.posting_path("/company/careers/", "back-end") == "/company/careers/back-end"
    assert visibility.posting_path("/", "back-end") == "/back-end"


def test_every_frontend_path_is_the_same(client, index, settings):
    """The API, the sitemap, the feed and the admin's preview link name one path."""
    settings.CAREERS_FRONTEND_BASE_URL = "https://jobs.example"
    settings.CAREERS_PREVIEW_FRONTEND_URL = "https://jobs.example"
    path = "/careers/open-role"
    assert client.get("/api/careers/postings/open-role/").json()["url"] == path
    assert f"https://jobs.example{path}" in client.get("/sitemap.xml").content.decode()
    assert f"https://jobs.example{path}" in client.get("/feeds/careers/").content.decode()
    from careers_pages.previews.tokens import frontend_preview_url

    posting = JobPostingPage.objects.get(slug="open-role")
    assert frontend_preview_url(posting, index, "t").startswith(f"https://jobs.example{path}?")
