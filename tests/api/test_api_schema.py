"""The served OpenAPI schema: valid, and covering every API path."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

from tests.factories import POSTING_LIST_PARAMETERS, V2_PAGE_PARAMETERS, V2_POSTING_FILTERS

pytestmark = pytest.mark.django_db

NOT_API = {"/api/schema/", "/api/docs/"}


def served_paths(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            yield from served_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + route


def as_openapi(path: str) -> str:
    path = re.sub(r"<(?:\w+:)?pk>", "{id}", path)
    path = re.sub(r"\(\?P<pk>[^)]*\)", "{id}", path)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)


def test_schema_is_valid_openapi(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_every_api_path_is_documented(client):
    documented = set(client.get("/api/schema/", {"format": "json"}).json()["paths"])
    served = {as_openapi(p) for p in served_paths() if p.startswith("/api/")} - NOT_API
    assert served, "no API routes found"
    assert served <= documented, served - documented
    assert "/api/careers/postings/{slug}/applications/" in documented


def test_parameters_and_errors_are_documented(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    listing = paths["/api/careers/postings/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert names >= set(POSTING_LIST_PARAMETERS)
    assert {"200", "400", "404"} <= set(listing["responses"])
    apply = paths["/api/careers/postings/{slug}/applications/"]["post"]
    assert {"201", "400", "404", "413", "415", "422", "429"} <= set(apply["responses"])
    assert "multipart/form-data" in apply["requestBody"]["content"]


def test_interactive_docs_are_served_without_the_internet(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.content.decode()


POSTINGS = "/api/v2/pages/?type=careers_pages.JobPostingPage&"
LONG_SEARCH = "+".join(f"word{n}" for n in range(150))


@pytest.mark.parametrize(
    "url, parameter",
    [
        # Found by schemathesis (bench/reliability/schemathesis_run.py): these were 500s.
        ("/api/v2/pages/find/?id=null", "id"),
        ("/api/v2/images/find/?id=1.5", "id"),
        ("/api/v2/documents/find/?id=abc", "id"),
        ("/api/v2/pages/?search=%00", "search"),
        ("/api/v2/pages/find/?html_path=%00", "html_path"),
        # Values Wagtail handed on to the database or the search backend.
        ("/api/v2/pages/?offset=9223372036854775808", "offset"),
        ("/api/v2/images/?offset=99999999999999999999999", "offset"),
        ("/api/v2/pages/?search_operator=xor", "search_operator"),
        ("/api/v2/pages/?search=x&search_operator=xor", "search_operator"),
        (POSTINGS + "valid_through=2026-13-45", "valid_through"),
        (POSTINGS + "valid_through=99999-01-01", "valid_through"),
        (POSTINGS + "department=99999999999999999999", "department"),
        # A StreamField's own conversion raised TypeError on "1" (found by Hypothesis).
        (POSTINGS + "responsibilities=1", "responsibilities"),
        (POSTINGS + "responsibilities=[]", "responsibilities"),
        ("/api/v2/pages/?first_published_at=x", "first_published_at"),
        ("/api/v2/pages/?id=99999999999999999999", "id"),
        ("/api/v2/images/?width=99999999999999999999", "width"),
        (f"/api/v2/pages/?search={LONG_SEARCH}", "search"),
        (f"/api/v2/documents/?search={LONG_SEARCH}", "search"),
    ],
)
def test_wagtail_api_answers_bad_input_with_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert parameter in response.json()["message"]


def test_the_longest_search_allowed_is_answered(client, imported_site):
    # The most words a search within the length bound can hold: one letter each.
    words = "+".join(chr(ord("a") + n % 26) for n in range(100))
    for url in ("/api/v2/pages/", "/api/careers/postings/"):
        key = "q" if "careers" in url else "search"
        assert client.get(f"{url}?{key}={words}").status_code == 200, url


def test_good_field_filters_still_filter(client, imported_site):
    from careers_pages.models import JobPostingPage

    JobPostingPage.objects.filter(slug="back-end-engineer").update(compensation_note="Equity")
    found = client.get(POSTINGS + "compensation_note=Equity").json()
    assert [item["meta"]["slug"] for item in found["items"]] == ["back-end-engineer"]
    assert client.get(POSTINGS + "valid_through=2030-01-31").json()["meta"]["total_count"] == 0
    assert client.get("/api/v2/pages/?offset=9223372036854775807").json()["items"] == []


def test_wagtail_api_filters_are_documented(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    def parameters(path):
        return {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}

    pages = parameters("/api/v2/pages/")
    assert set(pages) >= {*V2_PAGE_PARAMETERS, *V2_POSTING_FILTERS}
    assert pages["valid_through"] == {"type": "string", "format": "date"}
    assert pages["search_operator"]["enum"] == ["and", "or"]
    assert pages["offset"]["maximum"] == 2**63 - 1
    assert "careers_pages.JobPostingPage" in pages["type"]["enum"]
    images = parameters("/api/v2/images/")
    assert images["width"]["type"] == "integer" and "search_operator" in images


@pytest.mark.parametrize("url", ["/api/docs/", "/api/schema/"])
def test_the_schema_and_its_page_answer_other_methods_in_json(client, url):
    options = client.options(url)
    assert options.status_code == 200
    assert options.json()["name"]
    assert "GET" in options["Allow"]
    for method in (client.post, client.put, client.delete):
        response = method(url)
        assert response.status_code == 405
        assert "not allowed" in response.json()["detail"]


@pytest.mark.parametrize(
    "url, key",
    [
        ("/api/v2/pages/", "message"),
        ("/api/v2/images/", "message"),
        ("/api/careers/", "detail"),
        ("/api/careers/postings/", "detail"),
        ("/api/schema/", "detail"),
    ],
)
def test_too_many_query_parameters_are_refused_in_json(client, url, key):
    query = "&".join(f"p{n}=1" for n in range(10_008))
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert "more than 10000 fields" in response.json()[key]


def test_pay_ranges_are_documented_as_numbers(client):
    schemas = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    for name in ("Posting", "PostingList"):
        properties = schemas[name]["properties"]
        assert "salary" not in properties, name
        assert properties["compensation_note"]["type"] == "string"
        assert properties["pay_ranges"]["type"] == "array"
    pay_range = schemas["PayRange"]["properties"]
    assert set(pay_range) == {"label", "min", "max", "currency", "interval"}
    for bound in ("min", "max"):
        assert (pay_range[bound]["type"], pay_range[bound]["nullable"]) == ("number", True)
