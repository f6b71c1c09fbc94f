"""One API for frontend developers: HTML fields say so, every section has one
shape, Wagtail's v2 links name the public origin, and every 400 names the bad value."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.factories import PROJECT

pytestmark = pytest.mark.django_db

POSTINGS = "/api/v2/pages/?type=careers_pages.JobPostingPage&"


def test_every_section_has_one_shape_in_both_apis(client, imported_site):
    careers = client.get("/api/careers/").json()["sections"]
    index_id = client.get("/api/careers/").json()["id"]
    wagtail = client.get(f"/api/v2/pages/{index_id}/").json()["sections"]
    assert [s["type"] for s in careers] == ["how_we_work", "benefits", "hiring_process"]
    for sections in (careers, wagtail):
        for section in sections:
            assert list(section["value"]) == ["heading", "subheading", "items"], section["type"]
            assert section["value"]["items"], section["type"]
    how_we_work, benefits, hiring_process = (s["value"] for s in careers)
    assert how_we_work["heading"] == "How we work"
    assert set(how_we_work["items"][0]) == {"icon", "title", "description"}
    assert set(benefits["items"][0]) == {"icon", "title", "description"}
    assert set(hiring_process["items"][0]) == {"title", "tips"}
    assert wagtail == careers


def test_the_schema_says_which_fields_are_html(client):
    components = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    posting = components["Posting"]["properties"]
    for name in ("overview", "summary"):
        assert posting[name]["format"] == "html", name
    assert components["ListItem"]["properties"]["value"]["format"] == "html"
    for name in ("title", "description"):
        assert "format" not in posting[name]
        assert posting[name]["description"].startswith("Plain text, not HTML"), name
    section = components["SectionValue"]["properties"]
    assert set(section) == {"heading", "subheading", "items"}


def test_types_come_in_words_too(client, imported_site):
    from careers_pages.models import JobPostingPage

    JobPostingPage.objects.filter(slug="back-end-engineer").update(
        employment_type="FULL_TIME", workplace_type="on-site"
    )
    posting = client.get("/api/careers/postings/back-end-engineer/").json()
    assert (posting["employment_type"], posting["employment_type_label"]) == (
        "FULL_TIME",
        "Full-time",
    )
    assert (posting["workplace_type"], posting["workplace_type_label"]) == ("on-site", "On-site")
    assert posting["department"]["icon"] == "settings"
    other = client.get("/api/careers/postings/product-designer/").json()
    assert other["employment_type_label"] is None or other["employment_type"]


def test_wagtail_api_links_name_the_public_origin(client, imported_site):
    listing = client.get(POSTINGS.rstrip("&")).json()
    item = listing["items"][0]
    assert item["meta"]["detail_url"] == (
        f"{settings.WAGTAILAPI_BASE_URL}/api/v2/pages/{item['id']}/"
    )
    assert not item["meta"]["detail_url"].startswith("http://localhost")


def setting_with(**env) -> str:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CAREERS_API_BASE_URL", "WAGTAILADMIN_BASE_URL")
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.WAGTAILAPI_BASE_URL)",
        ],
        cwd=PROJECT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_wagtail_api_base_url_follows_the_deployment_settings():
    assert setting_with() == "http://127.0.0.1:8000"
    assert setting_with(WAGTAILADMIN_BASE_URL="https://admin.example.com/") == (
        "https://admin.example.com"
    )
    assert (
        setting_with(
            CAREERS_API_BASE_URL="https://careers.example.com",
            WAGTAILADMIN_BASE_URL="https://admin.example.com",
        )
        == "https://careers.example.com"
    )


CAREERS_LIST = "/api/careers/postings/"


@pytest.mark.parametrize(
    ("url", "parameter", "value"),
    [
        # The careers API: {parameter: [message]}.
        (CAREERS_LIST + "?limit=abc", "limit", "abc"),
        (CAREERS_LIST + "?limit=-1", "limit", "-1"),
        (CAREERS_LIST + "?limit=101", "limit", "101"),
        (CAREERS_LIST + "?offset=-1", "offset", "-1"),
        (CAREERS_LIST + "?offset=1.5", "offset", "1.5"),
        (CAREERS_LIST + "?department=nope", "department", "nope"),
        (CAREERS_LIST + "?employment_type=SOMETIMES", "employment_type", "SOMETIMES"),
        (CAREERS_LIST + "?workplace_type=moon", "workplace_type", "moon"),
        (CAREERS_LIST + "?country=Germany", "country", "Germany"),
        (CAREERS_LIST + "?q=" + "toolong" * 30, "q", "toolongtoolongtoolon"),
        # Wagtail's API v2: {"message": …}, naming the parameter and the value.
        ("/api/v2/pages/?limit=abc", "limit", "abc"),
        ("/api/v2/pages/?limit=-1", "limit", "-1"),
        ("/api/v2/pages/?limit=1000", "limit", "1000"),
        ("/api/v2/images/?limit=ten", "limit", "ten"),
        ("/api/v2/documents/?limit=2.5", "limit", "2.5"),
        ("/api/v2/pages/?offset=-1", "offset", "-1"),
        ("/api/v2/pages/?offset=abc", "offset", "abc"),
        ("/api/v2/pages/?offset=9223372036854775808", "offset", "9223372036854775808"),
        ("/api/v2/pages/?order=nope", "order", "nope"),
        ("/api/v2/images/?order=nope", "order", "nope"),
        ("/api/v2/pages/?ordering=nope", "ordering", "ordering"),
        ("/api/v2/pages/?fields=nope", "fields", "nope"),
        ("/api/v2/pages/?type=nope", "type", "nope"),
        ("/api/v2/pages/?type=careers_pages.Nope", "type", "careers_pages.Nope"),
        ("/api/v2/pages/?child_of=abc", "child_of", "abc"),
        ("/api/v2/pages/?child_of=99999", "child_of", "99999"),
        ("/api/v2/pages/?descendant_of=-4", "descendant_of", "-4"),
        ("/api/v2/pages/?descendant_of=99999", "descendant_of", "99999"),
        ("/api/v2/pages/?ancestor_of=root", "ancestor_of", "root"),
        ("/api/v2/pages/?ancestor_of=99999", "ancestor_of", "99999"),
        ("/api/v2/pages/?translation_of=x", "translation_of", "x"),
        ("/api/v2/pages/?translation_of=99999", "translation_of", "99999"),
        ("/api/v2/pages/?search_operator=xor", "search_operator", "xor"),
        ("/api/v2/pages/?search=" + "toolong" * 30, "search", "toolongtoolong"),
        ("/api/v2/pages/?id=abc", "id", "abc"),
        ("/api/v2/pages/find/?id=abc", "id", "abc"),
        (POSTINGS + "valid_through=2026-13-01", "valid_through", "2026-13-01"),
        (POSTINGS + "employment_type=SOMETIMES", "employment_type", "SOMETIMES"),
        ("/api/v2/pages/?show_in_menus=maybe", "show_in_menus", "maybe"),
        (POSTINGS + "department=engineering", "department", "engineering"),
    ],
)
def test_every_400_names_the_parameter_and_its_bad_value(
    client, imported_site, url, parameter, value
):
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    message = " ".join(body[parameter]) if "message" not in body else body["message"]
    assert parameter in message or "message" not in body, message
    assert value in message, message


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?child_of=root",
        "/api/v2/pages/?descendant_of=root",
        "/api/v2/pages/?locale=en",
        "/api/v2/pages/?limit=0",
        "/api/v2/pages/?type=careers_pages.JobPostingPage,careers_pages.CareersIndexPage",
        POSTINGS + "employment_type=FULL_TIME",
    ],
)
def test_good_values_are_still_answered(client, imported_site, url):
    assert client.get(url).status_code == 200, client.get(url).content


def test_a_page_filter_names_only_pages_the_public_sees(client, imported_site):
    from careers_pages.models import JobPostingPage

    posting = JobPostingPage.objects.get(slug="back-end-engineer")
    posting.unpublish()
    response = client.get(f"/api/v2/pages/?child_of={posting.pk}")
    assert response.status_code == 400
    assert f"no page with id {posting.pk}" in response.json()["message"]
