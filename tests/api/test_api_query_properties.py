"""Property: no query string makes a public GET endpoint fail with a server error.
Names are the ones the endpoints know (and a few they do not); values are of
every kind a client may send: numbers past any database's range, dates that
are no dates, long runs of words, any Unicode text."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers_pages.models import JobPostingPage
from tests.factories import POSTING_LIST_PARAMETERS, V2_PAGE_PARAMETERS, V2_POSTING_FILTERS
from tests.strategies import characters

pytestmark = pytest.mark.django_db

V2_NAMES = [
    *V2_PAGE_PARAMETERS,
    *V2_POSTING_FILTERS,
    *("ancestor_of", "translation_of", "locale", "site", "id", "html_path", "title", "slug"),
    *("show_in_menus", "width", "height", "tags", "department", "responsibilities"),
]
CAREERS_NAMES = [*POSTING_LIST_PARAMETERS, "token"]
PAGE_TYPES = ["careers_pages.JobPostingPage", "careers_pages.CareersIndexPage", "wagtailcore.Page"]

values = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["NaN", "inf", "-0", "1e400", "0.001", "true", "maybe", "", "root", "*"]),
    st.dates().map(str),
    st.sampled_from(["2026-13-45", "99999-01-01", "2026-02-30T25:61", "9999-12-31T23:59:59"]),
    st.lists(st.sampled_from(["engineer", "a", "remote", "OR", "-", '"']), max_size=160).map(
        " ".join
    ),
    st.lists(characters, max_size=30).map("".join),
)


def queries(names):
    return st.lists(st.tuples(st.sampled_from([*names, "x"]), values), max_size=5)


def page_id():
    return JobPostingPage.objects.get(slug="back-end-engineer").pk


ENDPOINTS = {
    "v2 pages": ("/api/v2/pages/", V2_NAMES),
    "v2 page": ("/api/v2/pages/{id}/", V2_NAMES),
    "v2 find": ("/api/v2/pages/find/", V2_NAMES),
    "v2 images": ("/api/v2/images/", V2_NAMES),
    "v2 documents": ("/api/v2/documents/", V2_NAMES),
    "careers index": ("/api/careers/", CAREERS_NAMES),
    "postings": ("/api/careers/postings/", CAREERS_NAMES),
    "posting": ("/api/careers/postings/back-end-engineer/", CAREERS_NAMES),
    "preview": ("/api/careers/preview/", CAREERS_NAMES),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_query_string_is_a_server_error(imported_site, endpoint):
    path, names = ENDPOINTS[endpoint]
    path = path.format(id=page_id())
    client = Client(raise_request_exception=False)

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(
        query=queries(names),
        page_type=st.one_of(st.none(), st.sampled_from(PAGE_TYPES)),
    )
    def check(query, page_type):
        if page_type and path.startswith("/api/v2/pages/"):
            query = [("type", page_type), *query]
        response = client.get(f"{path}?{urlencode(query)}")
        assert response.status_code < 500, (query, response.content[:300])

    check()


@pytest.mark.parametrize(
    "url",
    [
        # Found by the property above: a double quote broke SQLite's full-text query (503).
        '/api/v2/pages/?search="',
        '/api/v2/pages/?search=a"b',
        "/api/v2/pages/?search=%20",
        "/api/v2/images/?search=%20%22",
        '/api/careers/postings/?q="',
        # and a field filter on one page's detail, which Wagtail filters too (500).
        "/api/v2/pages/{id}/?first_published_at=0",
        # and one on a StreamField, whose own conversion raised TypeError (500).
        "/api/v2/pages/{id}/?type=careers_pages.JobPostingPage&responsibilities=1",
        "/api/v2/pages/?type=careers_pages.JobPostingPage&responsibilities=1",
    ],
)
def test_examples_found_by_the_property(client, imported_site, url):
    response = client.get(url.format(id=page_id()))
    assert response.status_code in (200, 400), response.content


def test_a_search_with_quotes_finds_what_it_would_without(client, imported_site):
    def slugs(search):
        response = client.get("/api/v2/pages/", {"search": search, "fields": "slug"})
        return [item["meta"]["slug"] for item in response.json()["items"]]

    assert slugs('"kubernetes"') == slugs("kubernetes")
    assert "site-reliability-engineer" in slugs("kubernetes")
    found = client.get("/api/careers/postings/", {"q": 'kubernetes"'}).json()["results"]
    assert [posting["slug"] for posting in found] == ["site-reliability-engineer"]
