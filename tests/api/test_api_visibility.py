"""Drafts, unpublished, private and expired postings appear in no public endpoint;
nor do images and documents in a private collection."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from careers_pages.models import CareersIndexPage, JobPostingPage
from tests.factories import add_posting

pytestmark = pytest.mark.django_db

SECRET = "zanzibarian"  # a word only the hidden posting contains


def make_draft(index):
    return add_posting(index, "hidden-role", publish=False, overview=f"<p>{SECRET}</p>")


def make_unpublished(index):
    page = add_posting(index, "hidden-role", overview=f"<p>{SECRET}</p>")
    page.unpublish()
    return page


RESTRICTIONS = ["password", "login", "groups"]


def restrict(model, kind, **target):
    """A view restriction of ``kind`` (``model`` is PageViewRestriction or
    CollectionViewRestriction) on the page or collection in ``target``."""
    restriction = model.objects.create(restriction_type=kind, password="x", **target)
    if kind == "groups":
        restriction.groups.add(Group.objects.get_or_create(name="Staff")[0])
    return restriction


def restricted_posting(name, kind):
    """A maker (named ``name``, the test's id) of a posting with a ``kind`` restriction."""

    def make(index):
        page = add_posting(index, "hidden-role", overview=f"<p>{SECRET}</p>")
        restrict(PageViewRestriction, kind, page=page)
        return page

    make.__name__ = name
    return make


make_private = restricted_posting("make_private", "password")
make_login_only = restricted_posting("make_login_only", "login")
make_groups_only = restricted_posting("make_groups_only", "groups")


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
    [make_draft, make_unpublished, make_private, make_login_only, make_groups_only, make_expired],
    ids=lambda f: f.__name__,
)
def test_hidden_posting_is_in_no_public_endpoint(client, imported_site, make_hidden):
    page = make_hidden(CareersIndexPage.objects.get())
    path = page.get_url_parts()[2]
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
    assert client.get("/api/v2/pages/find/", {"html_path": path}).status_code == 404
    assert client.get("/api/v2/pages/find/", {"id": page.pk}).status_code == 404
    apply = client.post(
        "/api/careers/postings/hidden-role/applications/",
        {"name": "A", "email": "a@example.com", "message": "Hi"},
    )
    assert apply.status_code == 404
    # The other postings are still there.
    assert client.get("/api/careers/postings/").json()["count"] == 4


def test_a_restricted_index_hides_everything(client, imported_site):
    make_private_by_ancestor(CareersIndexPage.objects.get())
    assert client.get("/api/careers/").status_code == 404
    assert client.get("/api/careers/postings/back-end-engineer/").status_code == 404
    assert "back-end-engineer" not in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_restriction_on_the_index_hides_its_postings_everywhere(client, imported_site, kind):
    index = CareersIndexPage.objects.get()
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    path = posting.get_url_parts()[2]
    # Before: found by id and by path (a redirect to its detail).
    assert client.get("/api/v2/pages/find/", {"html_path": path}).status_code == 302
    restrict(PageViewRestriction, kind, page=index)

    listing = client.get("/api/v2/pages/", {"limit": 100})
    assert listing.status_code == 200
    ids = {item["id"] for item in listing.json()["items"]}
    assert ids and index.pk not in ids and posting.pk not in ids
    postings = client.get("/api/v2/pages/", {"type": "careers_pages.JobPostingPage"})
    assert postings.status_code == 200 and postings.json()["meta"]["total_count"] == 0
    assert client.get(f"/api/v2/pages/{posting.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{index.pk}/").status_code == 404
    assert client.get("/api/v2/pages/find/", {"html_path": path}).status_code == 404
    assert client.get("/api/careers/").status_code == 404
    # No public careers page: the postings' listing is gone with it.
    assert client.get("/api/careers/postings/").status_code == 404
    assert client.get("/api/careers/postings/back-end-engineer/").status_code == 404
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and "back-end-engineer" not in sitemap.content.decode()
    assert client.get("/feeds/careers/").status_code == 404


def test_an_editor_signed_in_to_the_admin_sees_what_the_public_sees(
    client, admin_user, imported_site
):
    # The v2 API answers the same to everyone (and so may be cached alike).
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    restrict(PageViewRestriction, "login", page=posting)
    client.force_login(admin_user)
    assert client.get(f"/api/v2/pages/{posting.pk}/").status_code == 404


def png() -> ImageFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, "PNG")
    return ImageFile(buffer, name="picture.png")


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_images_and_documents_in_a_restricted_collection_are_hidden(
    client, db, settings, tmp_path, kind
):
    settings.MEDIA_ROOT = tmp_path / "media"
    root = Collection.get_first_root_node()
    private = root.add_child(name="Private")
    # Restricted through its parent collection.
    inner = private.add_child(name="Inner")
    restrict(CollectionViewRestriction, kind, collection=private)
    for resource, model, make_file in (
        ("images", get_image_model(), png),
        ("documents", get_document_model(), lambda: ContentFile(b"text", name="notes.txt")),
    ):
        public = model.objects.create(title="Public", file=make_file(), collection=root)
        hidden = [
            model.objects.create(title=SECRET, file=make_file(), collection=collection)
            for collection in (private, inner)
        ]
        listing = client.get(f"/api/v2/{resource}/")
        assert listing.status_code == 200, resource
        assert [item["id"] for item in listing.json()["items"]] == [public.pk], resource
        assert SECRET not in client.get(f"/api/v2/{resource}/", {"search": SECRET}).content.decode()
        assert client.get(f"/api/v2/{resource}/{public.pk}/").status_code == 200
        for item in hidden:
            assert client.get(f"/api/v2/{resource}/{item.pk}/").status_code == 404, resource
            assert client.get(f"/api/v2/{resource}/find/", {"id": item.pk}).status_code == 404


def test_a_draft_edit_of_a_live_posting_shows_the_live_text(client, imported_site):
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


def test_the_closing_date_ends_visibility_at_the_exact_moment(client, imported_site, settings):
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    page.valid_through = timezone.localdate() - datetime.timedelta(days=1)
    page.save_revision().publish()
    assert client.get("/api/careers/postings/site-reliability-engineer/").status_code == 404
