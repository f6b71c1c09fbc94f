"""Requests aimed at ``CachedResponseMiddleware``: a cached answer (a hit
answered early in MIDDLEWARE) must be what the full stack, with the cache
switched off, answers to the same request."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from careers_pages.models import JobPostingPage
from tests.api.test_api_visibility import RESTRICTIONS, restrict

pytestmark = pytest.mark.django_db

LIST = "/api/careers/postings/"
INDEX = "/api/careers/"
SEED = "/api/careers/postings/back-end-engineer/"

#: Headers a hit must answer as the full stack does (Date and the like aside).
COMPARED = (
    "Content-Type",
    "Cache-Control",
    "Vary",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Security-Policy",
    "Access-Control-Allow-Origin",
)


def answer(response) -> dict:
    return {
        "status": response.status_code,
        "content": response.content,
        **{name: response.get(name) for name in COMPARED},
    }


def full_stack(settings, method, path, **extra):
    """What the project answers without the cache."""
    settings.CAREERS_API_CACHE = False
    try:
        return answer(getattr(Client(), method)(path, **extra))
    finally:
        settings.CAREERS_API_CACHE = True


def hit(method, path, prime=None, **extra):
    """The answer to ``path`` once its entry is cached: primed by a plain GET
    of ``prime`` (by default ``path`` itself, with the same headers)."""
    client = Client()
    if prime is None:
        client.get(path, **extra)
    else:
        client.get(prime)
    return answer(getattr(client, method)(path, **extra))


VARIANTS = {
    "plain": ("get", SEED, {}),
    "list": ("get", LIST, {}),
    "index": ("get", INDEX, {}),
    "list page 2": ("get", LIST + "?page=2&page_size=1", {}),
    "format json": ("get", SEED + "?format=json", {}),
    "format unknown": ("get", SEED + "?format=xml", {}),
    "no trailing slash": ("get", SEED.rstrip("/"), {}),
    "percent encoded": ("get", SEED.replace("back-end", "back%2Dend"), {}),
    "encoded slash": ("get", SEED.replace("back-end", "back%2Fend"), {}),
    "semicolon parameter": ("get", SEED.rstrip("/") + ";x=1/", {}),
    "double slash inside": ("get", SEED.replace("/careers/", "//careers/"), {}),
    "double slash first": ("get", "/" + SEED, {}),
    "non utf-8 path": ("get", LIST + "%FF/", {}),
    "non utf-8 query": ("get", LIST + "?department=%FF&%FE=1", {}),
    "long path": ("get", LIST + "x" * 8000 + "/", {}),
    "long query": ("get", LIST + "?q=" + "y" * 20000, {}),
    "head": ("head", SEED, {}),
    "head list": ("head", LIST, {}),
    "indeed feed": ("get", "/feeds/indeed.xml", {}),
    "linkedin feed": ("get", "/feeds/linkedin.xml", {}),
    "feed with a query": ("get", "/feeds/indeed.xml?format=json", {}),
    "host upper case": ("get", SEED, {"headers": {"Host": "LOCALHOST"}}),
    "host default port": ("get", SEED, {"headers": {"Host": "localhost:80"}}),
    "x-forwarded-host": ("get", SEED, {"headers": {"X-Forwarded-Host": "evil.example"}}),
    "host not allowed": ("get", SEED, {"headers": {"Host": "evil.example"}}),
    "host not ascii": ("get", SEED, {"headers": {"Host": "\u00e9vil.example"}}),
    "host with a path": ("get", SEED, {"headers": {"Host": "localhost/x"}}),
    "nul in path": ("get", LIST + "%00/", {}),
    "nul in location": ("get", LIST + "?location=%00", {}),
    "nul in country": ("get", LIST + "?country=a%00b", {}),
    "nul in department": ("get", LIST + "?department=%00", {}),
    "cors allowed origin": ("get", SEED, {"headers": {"Origin": "https://jobs.example"}}),
    "cors other origin": ("get", SEED, {"headers": {"Origin": "https://evil.example"}}),
}


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://jobs.example"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]


@pytest.mark.parametrize("name", VARIANTS)
def test_a_hit_answers_as_the_full_stack(name, imported_site, settings, cors):
    method, path, extra = VARIANTS[name]
    expected = full_stack(settings, method, path, **extra)
    assert hit(method, path, **extra) == expected
    # Primed by the canonical URL, then the variant.
    assert hit(method, path, prime=SEED, **extra) == expected


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_other_methods_are_never_answered_from_the_cache(method, imported_site, settings):
    expected = full_stack(settings, method, SEED)
    assert hit(method, SEED) == expected


def test_a_disallowed_host_is_refused_on_a_hit_with_a_base_url(imported_site, settings):
    """With CAREERS_API_BASE_URL the key never reads the Host, so the hit must
    not skip CommonMiddleware's Host check."""
    settings.CAREERS_API_BASE_URL = "https://careers.example.com"
    settings.ALLOWED_HOSTS = ["testserver"]
    evil = {"headers": {"Host": "evil.example"}}
    assert full_stack(settings, "get", SEED, **evil)["status"] == 400
    assert hit("get", SEED, prime=SEED, **evil)["status"] == 400


def test_too_many_query_parameters_are_refused_on_a_hit(imported_site, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    many = SEED + "?" + "&".join(f"p{n}=1" for n in range(20))
    expected = full_stack(settings, "get", many)
    assert expected["status"] == 400
    assert hit("get", many, prime=SEED) == expected


def test_a_head_miss_stores_the_whole_body_for_the_next_get(imported_site, settings):
    expected = full_stack(settings, "get", SEED)
    client = Client()
    client.head(SEED)
    assert answer(client.get(SEED)) == expected


@pytest.mark.parametrize("feed", ["/feeds/indeed.xml", "/feeds/linkedin.xml"])
def test_a_feed_hit_answers_head_as_its_view_does(feed, imported_site, settings):
    """The feeds answer HEAD (``require_safe``) as GET, without the body."""
    expected = full_stack(settings, "head", feed)
    assert hit("head", feed, prime=feed) == expected


def test_an_accept_the_api_cannot_render_is_answered_as_without_the_cache(imported_site, settings):
    html = {"headers": {"Accept": "text/html"}}
    expected = full_stack(settings, "get", SEED, **html)
    assert hit("get", SEED, prime=SEED, **html) == expected


@pytest.mark.parametrize("kind", RESTRICTIONS)
@pytest.mark.parametrize("target", ["posting", "index"])
def test_a_restriction_hides_the_cached_posting_at_once(
    kind, target, imported_site, django_capture_on_commit_callbacks
):
    client = Client()
    assert client.get(SEED).status_code == 200
    assert b"back-end-engineer" in client.get(LIST).content
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    page = posting if target == "posting" else posting.get_parent()
    with django_capture_on_commit_callbacks(execute=True):  # Redis bumps on commit
        restrict(PageViewRestriction, kind, page=page)
    assert client.get(SEED).status_code == 404
    assert b"back-end-engineer" not in client.get(LIST).content


def test_unpublishing_and_drafts_never_reach_a_hit(
    imported_site, django_capture_on_commit_callbacks
):
    client = Client()
    before = client.get(SEED).content
    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    posting.title = "Draft title only"
    with django_capture_on_commit_callbacks(execute=True):
        posting.save_revision()
    assert client.get(SEED).content == before
    assert b"Draft title only" not in client.get(LIST).content
    with django_capture_on_commit_callbacks(execute=True):
        posting.unpublish()
    assert client.get(SEED).status_code == 404
    assert b"back-end-engineer" not in client.get(LIST).content


def test_a_miss_never_hands_its_key_to_another_view(imported_site):
    """The key and generation the middleware hands down are those of the
    resolved view: the entry stored is found by that URL alone."""
    client = Client()
    seed, listing = client.get(SEED), client.get(LIST)
    assert client.get(SEED).content == seed.content
    assert client.get(LIST).content == listing.content
    assert seed.content != listing.content


def test_a_user_agent_django_refuses_is_refused_on_a_hit(imported_site, settings):
    """CommonMiddleware answers DISALLOWED_USER_AGENTS 403, below the cache."""
    import re

    settings.DISALLOWED_USER_AGENTS = [re.compile("BadBot")]
    bad = {"headers": {"User-Agent": "BadBot/1.0"}}
    assert full_stack(settings, "get", SEED, **bad)["status"] == 403
    assert hit("get", SEED, prime=SEED, **bad)["status"] == 403


def test_a_hit_names_the_methods_allowed_as_the_view_does(imported_site, settings):
    """DRF's views answer ``Allow``; an entry keeps only the body and its type."""
    settings.CAREERS_API_CACHE = False
    allow = Client().get(SEED)["Allow"]
    settings.CAREERS_API_CACHE = True
    client = Client()
    assert client.get(SEED)["Allow"] == allow  # the miss
    assert client.get(SEED).get("Allow") == allow  # the hit


def test_prepend_www_redirects_a_hit_as_the_full_stack_does(imported_site, settings):
    """CommonMiddleware redirects a Host without www. under PREPEND_WWW (with a
    base URL, both hosts have one key)."""
    settings.PREPEND_WWW = True
    settings.CAREERS_API_BASE_URL = "https://www.careers.example"
    settings.ALLOWED_HOSTS = ["testserver", "careers.example", "www.careers.example"]
    host = {"headers": {"Host": "careers.example"}}
    expected = full_stack(settings, "get", SEED, **host)
    assert expected["status"] == 301
    client = Client()
    client.get(SEED, headers={"Host": "www.careers.example"})
    client.get(SEED, **host)
    assert answer(client.get(SEED, **host)) == expected


@pytest.mark.parametrize("method", ["get", "head", "post"])
@pytest.mark.parametrize("path", [LIST + "back%00end/", LIST + "back%00end/applications/"])
def test_a_nul_in_the_slug_is_no_posting_never_a_server_error(method, path, imported_site):
    """PostgreSQL refuses NUL in text: the slug must not reach it (a 500 there)."""
    response = getattr(Client(raise_request_exception=False), method)(path)
    assert response.status_code in (404, 405)
