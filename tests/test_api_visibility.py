"""Drafts, unpublished, private and expired postings appear in no public endpoint."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from careers_pages.models import CareersIndexPage, JobPostingPage

from .conftest import add_posting

pytestmark = pytest.mark.django_db

SECRET = "zanzibarian"  # a word only the hidden posting contains


def make_draft(index):
    page = JobPostingPage(
        slug="hidden-role",
        title="Hidden Role",
        location="Remote",
        overview=f"<p>{SECRET}</p>",
        summary="<p>x</p>",
        responsibilities=[("item", "<p>x</p>")],
        qualifications=[("item", "<p>x</p>")],
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision()
    return page


def make_unpublished(index):
    page = add_posting(index, "hidden-role", overview=f"<p>{SECRET}</p>")
    page.unpublish()
    return page


def make_private(index):
    page = add_posting(index, "hidden-role", overview=f"<p>{SECRET}</p>")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    return page


def make_expired(index):
    page = add_posting(index, "hidden-role", overview=f"<p>{SECRET}</p>")
    # Past its closing time, but publish_scheduled has not run: still live=True.
    JobPostingPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert JobPostingPage.objects.get(pk=page.pk).live
    return page


def make_private_by_ancestor(index):
    page = add_posting(index, "hidden-role", overview=f"<p>{SECRET}</p>")
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    return page


@pytest.mark.parametrize(
    "make_hidden",
    [make_draft, make_unpublished, make_private, make_expired],
    ids=lambda f: f.__name__,
)
def test_hidden_posting_is_in_no_public_endpoint(client, imported_hoppscotch, make_hidden):
    page = make_hidden(CareersIndexPage.objects.get())
    endpoints = {
        "list": "/api/careers/postings/?limit=100",
        "search": f"/api/careers/postings/?q={SECRET}",
        "index": "/api/careers/",
        "sitemap": "/sitemap.xml",
        "feed": "/feeds/careers/",
        "v2 list": "/api/v2/pages/?type=careers_pages.JobPostingPage&fields=*&limit=100",
        "v2 search": f"/api/v2/pages/?search={SECRET}",
    }
    for name, url in endpoints.items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "hidden-role" not in body and SECRET not in body, name
    assert client.get("/api/careers/postings/hidden-role/").status_code == 404
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    apply = client.post(
        "/api/careers/postings/hidden-role/applications/",
        {"name": "A", "email": "a@example.com", "message": "Hi"},
    )
    assert apply.status_code == 404
    # The other postings are still there.
    assert client.get("/api/careers/postings/").json()["count"] == 7


def test_a_restricted_index_hides_everything(client, imported_hoppscotch):
    make_private_by_ancestor(CareersIndexPage.objects.get())
    assert client.get("/api/careers/").status_code == 404
    assert client.get("/api/careers/postings/back-end-engineer/").status_code == 404
    assert "back-end-engineer" not in client.get("/sitemap.xml").content.decode()


def test_a_draft_edit_of_a_live_posting_shows_the_live_text(client, imported_hoppscotch):
    page = JobPostingPage.objects.get(slug="back-end-engineer").get_latest_revision_as_object()
    page.location = "Mars"
    page.save_revision()
    assert client.get("/api/careers/postings/back-end-engineer/").json()["location"] == "Remote"
    assert (
        "Mars"
        not in client.get(
            "/api/v2/pages/?type=careers_pages.JobPostingPage&fields=*"
        ).content.decode()
    )


def test_the_closing_date_ends_visibility_at_the_exact_moment(
    client, imported_hoppscotch, settings
):
    page = JobPostingPage.objects.get(slug="devops-engineer")
    page.valid_through = timezone.localdate() - datetime.timedelta(days=1)
    page.save_revision().publish()
    assert client.get("/api/careers/postings/devops-engineer/").status_code == 404
