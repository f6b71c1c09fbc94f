"""The careers pages at their page URLs show what the public API shows, and
nothing else: with the reference frontend off (Wagtail serving its templates,
or redirecting to a frontend on another origin) and with it on.

Every hidden kind answers 404 at its page URL, whoever asks: a login, groups
or password restriction on the posting or on the careers index above it, a
posting past its closing time that ``publish_scheduled`` has not unpublished
yet, one scheduled to go live later, a draft, and an unpublished index."""

from __future__ import annotations

import datetime
import sys
import types

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from careers_pages.models import CareersIndexPage, JobPostingPage
from tests.factories import PROJECT, add_posting

pytestmark = pytest.mark.django_db

INDEX = "/company/careers"
SECRET = "zanzibarian"  # a word only the hidden posting contains
HIDDEN_TITLE = "Quartermaster Of Hidden Things"
FRONTEND = "https://careers.example.org"
PASSWORD = "open sesame"


def project_urlconf(frontend_enabled: bool) -> str:
    """The name of a module holding ``cms/urls.py`` as it is built with the
    reference frontend on or off. The project decides that once, when the
    URLconf is imported; here each variant is built once, from the same file."""
    name = f"tests.project_urls_frontend_{'on' if frontend_enabled else 'off'}"
    if name not in sys.modules:
        path = PROJECT / "cms" / "urls.py"
        module = types.ModuleType(name)
        module.__file__ = str(path)
        with override_settings(CAREERS_FRONTEND_ENABLED=frontend_enabled):
            exec(compile(path.read_text(), str(path), "exec"), module.__dict__)
        sys.modules[name] = module
    return name


MODES = {
    # The production default: no reference frontend, and no other frontend
    # named, so this server's own page templates are the site.
    "frontend-off": {"CAREERS_FRONTEND_ENABLED": False, "CAREERS_FRONTEND_BASE_URL": ""},
    # Headless: the site is a frontend on another origin.
    "frontend-elsewhere": {
        "CAREERS_FRONTEND_ENABLED": False,
        "CAREERS_FRONTEND_BASE_URL": FRONTEND,
    },
    # The reference frontend serves the careers pages from the API.
    "frontend-on": {"CAREERS_FRONTEND_ENABLED": True, "CAREERS_FRONTEND_BASE_URL": ""},
}


@pytest.fixture(params=list(MODES))
def mode(request, settings):
    for name, value in MODES[request.param].items():
        setattr(settings, name, value)
    settings.ROOT_URLCONF = project_urlconf(settings.CAREERS_FRONTEND_ENABLED)
    return request.param


@pytest.fixture
def frontend_off(settings):
    for name, value in MODES["frontend-off"].items():
        setattr(settings, name, value)
    settings.ROOT_URLCONF = project_urlconf(False)


# How each posting or index is hidden ----------------------------------------


def hidden_posting(index) -> JobPostingPage:
    return add_posting(index, "hidden-role", title=HIDDEN_TITLE, overview=f"<p>{SECRET}</p>")


def restrict(page, kind: str) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=PASSWORD if kind == "password" else ""
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.get_or_create(name="Hiring managers")[0])
    return restriction


def posting_login(index):
    restrict(hidden_posting(index), "login")


def posting_groups(index):
    restrict(hidden_posting(index), "groups")


def posting_password(index):
    restrict(hidden_posting(index), "password")


def posting_expired(index):
    page = hidden_posting(index)
    # Past its closing time, but publish_scheduled has not run: still live.
    JobPostingPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert JobPostingPage.objects.get(pk=page.pk).live


def posting_scheduled(index):
    page = add_posting(
        index,
        "hidden-role",
        title=HIDDEN_TITLE,
        overview=f"<p>{SECRET}</p>",
        go_live_at=timezone.now() + datetime.timedelta(days=1),
        live=False,
    )
    assert not page.live and page.go_live_at > timezone.now()


def posting_draft(index):
    add_posting(
        index, "hidden-role", publish=False, title=HIDDEN_TITLE, overview=f"<p>{SECRET}</p>"
    )


def index_login(index):
    restrict(index, "login")


def index_groups(index):
    restrict(index, "groups")


def index_password(index):
    restrict(index, "password")


def index_expired(index):
    CareersIndexPage.objects.filter(pk=index.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def index_unpublished(index):
    index.unpublish()  # its postings stay live, under a page nobody may see


POSTING_KINDS = [
    posting_login,
    posting_groups,
    posting_password,
    posting_expired,
    posting_scheduled,
    posting_draft,
]
INDEX_KINDS = [index_login, index_groups, index_password, index_expired, index_unpublished]


def hide(make_hidden) -> tuple[str, bool]:
    """Hide a posting (or the index) as ``make_hidden`` does: the posting's
    path, and whether the index is hidden too."""
    make_hidden(CareersIndexPage.objects.get())
    if make_hidden in INDEX_KINDS:
        return f"{INDEX}/back-end-engineer", True
    return f"{INDEX}/hidden-role", False


def assert_not_found(client, url):
    """``url`` answers 404, after at most the frontend's removal of a trailing
    slash, which it does for any path under the index; never a redirect
    elsewhere, a login page or a password form."""
    response = client.get(url, follow=True)
    assert response.status_code == 404, url
    for location, _ in response.redirect_chain:
        assert location == url.rstrip("/"), (url, location)
    body = response.content.decode()
    assert SECRET not in body and HIDDEN_TITLE not in body, url
    assert "password" not in body.lower(), url


# Page URLs ------------------------------------------------------------------


@pytest.mark.parametrize("make_hidden", POSTING_KINDS + INDEX_KINDS, ids=lambda f: f.__name__)
def test_a_hidden_page_answers_404_at_its_page_url(client, imported_site, mode, make_hidden):
    posting_path, index_hidden = hide(make_hidden)

    assert_not_found(client, posting_path)
    assert_not_found(client, posting_path + "/")
    if index_hidden:
        assert_not_found(client, INDEX)
        assert_not_found(client, INDEX + "/")
        return
    index = client.get(INDEX)
    if mode == "frontend-elsewhere":
        assert index.status_code == 302
        assert index["Location"] == FRONTEND + INDEX
    else:
        assert index.status_code == 200
        body = index.content.decode()
        assert "hidden-role" not in body and HIDDEN_TITLE not in body and SECRET not in body
        assert "Back-end Engineer" in body


@pytest.mark.parametrize("make_hidden", POSTING_KINDS + INDEX_KINDS, ids=lambda f: f.__name__)
def test_sitemap_and_feed_leave_every_hidden_kind_out(client, imported_site, make_hidden):
    posting_path, _ = hide(make_hidden)
    slug = posting_path.rsplit("/", 1)[1]
    for url in ("/sitemap.xml", "/feeds/careers/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 404), url  # the feed: no careers page, no feed
        assert f"/{slug}<" not in body and HIDDEN_TITLE not in body and SECRET not in body, url


@pytest.mark.parametrize("kind", ["login", "groups", "password"])
@pytest.mark.parametrize("on", ["posting", "index"])
def test_meeting_the_restriction_does_not_open_the_page(
    client, imported_site, frontend_off, kind, on
):
    """The API shows restricted pages to nobody; neither do their page URLs,
    not even to a signed-in member of the group or someone with the password."""
    index = CareersIndexPage.objects.get()
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    restriction = restrict(posting if on == "posting" else index, kind)
    if kind == "password":
        response = client.post(
            reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, posting.pk]),
            {"password": PASSWORD, "return_url": "/"},
        )
        assert response.status_code == 302  # Wagtail took the password
    else:
        user = User.objects.create_superuser("manager", "manager@example.com", "x")
        user.groups.add(*restriction.groups.all())
        client.force_login(user)

    assert client.get(f"{INDEX}/back-end-engineer").status_code == 404
    assert client.get(INDEX).status_code == (404 if on == "index" else 200)


# What the visible pages are, with the frontend off ---------------------------


def test_the_index_lists_what_the_api_lists_in_its_order(client, imported_site, frontend_off):
    index = CareersIndexPage.objects.get()
    posting_expired(index)
    restrict(JobPostingPage.objects.get(slug="site-reliability-engineer"), "login")
    listed = client.get("/api/careers/postings/", {"limit": 100}).json()["results"]
    assert "site-reliability-engineer" not in {p["slug"] for p in listed}

    page = client.get(INDEX).content.decode()

    links = [line for line in page.split("<li>") if line.startswith('<a href="')]
    assert [link.split('"')[1] for link in links] == [p["url"] for p in listed]


def test_a_live_page_says_nothing_of_a_preview(client, imported_site, frontend_off):
    for url in (INDEX, f"{INDEX}/back-end-engineer"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Preview" not in response.content.decode(), url
    assert "<h1>Back-end Engineer</h1>" in client.get(f"{INDEX}/back-end-engineer").content.decode()


def test_visible_pages_redirect_to_the_frontend_on_another_origin(
    client, imported_site, frontend_off, settings
):
    settings.CAREERS_FRONTEND_BASE_URL = FRONTEND
    for path, target in [
        (INDEX, INDEX),
        (INDEX + "/", INDEX),
        (f"{INDEX}/back-end-engineer", f"{INDEX}/back-end-engineer"),
        (
            f"{INDEX}/back-end-engineer/?utm_source=feed",
            f"{INDEX}/back-end-engineer?utm_source=feed",
        ),
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == FRONTEND + target, path
    # A slug no page has is not found here, not sent on.
    assert client.get(f"{INDEX}/no-such-role").status_code == 404


def test_a_frontend_base_url_of_this_server_serves_the_page(
    client, imported_site, frontend_off, settings
):
    """Naming this very server (any scheme: a proxy may end TLS) must not loop."""
    for base in ("http://testserver", "https://testserver"):
        settings.CAREERS_FRONTEND_BASE_URL = base
        response = client.get(f"{INDEX}/back-end-engineer")
        assert response.status_code == 200, base
