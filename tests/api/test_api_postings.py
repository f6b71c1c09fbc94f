"""GET /api/careers/postings/ and /api/careers/postings/<slug>/."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.caching import known_generation, local_entries
from careers_pages.models import (
    CareersIndexPage,
    Department,
    JobPostingPage,
    PayRange,
    PostingLocation,
)
from tests.factories import add_posting

pytestmark = pytest.mark.django_db

LIST = "/api/careers/postings/"
SEED = "/api/careers/postings/back-end-engineer/"
DEMO_ORDER = [
    "back-end-engineer",
    "site-reliability-engineer",
    "product-designer",
    "developer-advocate",
]


def slugs(response):
    assert response.status_code == 200, response.content
    return [posting["slug"] for posting in response.json()["results"]]


def test_list_gives_the_open_postings_in_page_order(client, imported_site):
    response = client.get(LIST)
    body = response.json()
    assert body["count"] == 4
    assert slugs(response) == DEMO_ORDER
    first = body["results"][0]
    assert first["url"] == "/company/careers/back-end-engineer"
    assert first["department"] == {"slug": "engineering", "name": "Engineering", "icon": "settings"}
    assert first["description"].startswith("Design, build and maintain the APIs")
    assert "overview" not in first  # the list is the lighter form


def test_limit_and_offset_page_through(client, imported_site):
    page = client.get(LIST, {"limit": 2, "offset": 1}).json()
    assert [p["slug"] for p in page["results"]] == DEMO_ORDER[1:3]
    assert page["count"] == 4
    assert "offset=3" in page["next"] and "offset=0" not in page["next"]
    assert page["previous"].endswith("limit=2")
    assert slugs(client.get(LIST, {"offset": 3})) == DEMO_ORDER[3:]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"department": "design"}, ["product-designer"]),
        ({"department": "engineering"}, ["back-end-engineer", "site-reliability-engineer"]),
        (
            {"location": "remote"},
            ["back-end-engineer", "site-reliability-engineer", "developer-advocate"],
        ),
        ({"location": "Berlin"}, ["product-designer"]),
        ({"employment_type": "PART_TIME"}, ["site-reliability-engineer"]),
        ({"workplace_type": "hybrid"}, ["product-designer", "developer-advocate"]),
        ({"workplace_type": "hybrid", "department": "engineering"}, []),
    ],
)
def test_filters(client, imported_site, params, expected):
    JobPostingPage.objects.filter(slug="site-reliability-engineer").update(
        employment_type="PART_TIME"
    )
    JobPostingPage.objects.filter(slug="developer-advocate").update(workplace_type="hybrid")
    assert slugs(client.get(LIST, params)) == expected


def test_search(client, imported_site):
    assert slugs(client.get(LIST, {"q": "stipulated"})) == ["back-end-engineer"]
    assert set(slugs(client.get(LIST, {"q": "GraphQL"}))) == {
        "back-end-engineer",
        "developer-advocate",
    }
    assert slugs(client.get(LIST, {"q": "GraphQL", "department": "design"})) == []
    assert slugs(client.get(LIST, {"q": "nonexistentword"})) == []
    assert client.get(LIST, {"q": "GraphQL", "limit": 1}).json()["count"] == 2


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"limit": "-1"}, "limit", "between 1 and 100, not '-1'"),
        ({"limit": "0"}, "limit", "between 1 and 100"),
        ({"limit": "101"}, "limit", "between 1 and 100"),
        ({"limit": "ten"}, "limit", "whole number"),
        ({"offset": "-3"}, "offset", "0 or more"),
        ({"employment_type": "SOMETIMES"}, "employment_type", "'SOMETIMES' is not an employment"),
        ({"workplace_type": "moon"}, "workplace_type", "'moon' is not a workplace type"),
        ({"department": "marketing"}, "department", "'marketing' is not a department slug"),
        ({"country": "Germany"}, "country", "'Germany' is not an ISO 3166-1 alpha-2"),
        ({"q": "x" * 201}, "q", "at most 200 characters"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, imported_site, params, field, words):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])


def test_seed_posting_in_full(client, imported_site, hiring_organization):
    response = client.get(SEED)
    assert response.status_code == 200
    posting = response.json()
    assert posting["url"] == "/company/careers/back-end-engineer"
    assert posting["seo_title"] == "Hoppscotch - Careers | Back-end Engineer"
    assert posting["back_navigation"] == {"to": "/company/careers", "label": "Careers"}
    assert posting["locale"] == "en"
    assert posting["overview"].startswith("<p>We are looking for an experienced backend engineer")
    assert len(posting["responsibilities"]) == 13
    assert posting["responsibilities"][0]["type"] == "item"
    assert posting["responsibilities"][0]["value"] == (
        "Be an active contributor during the project specification and requirement gathering phase"
    )

    form = posting["application_form"]
    assert form["role"] == "Back-end Engineer"
    assert form["action"] == "/api/careers/postings/back-end-engineer/applications/"
    assert (form["method"], form["enctype"]) == ("post", "multipart/form-data")
    fields = {field["name"]: field for field in form["fields"]}
    assert list(fields) == ["role", "name", "email", "resume", "linkedin", "github", "message"]
    texts = json.loads((imported_site / "careers-index.json").read_text())["application_form"]
    for name in list(fields)[1:]:
        assert fields[name]["label"] == texts[name]["label"]
        assert fields[name].get("placeholder") == texts[name].get("placeholder")
    assert fields["role"]["value"] == "Back-end Engineer" and fields["role"]["readonly"]
    assert [n for n, f in fields.items() if f["required"]] == ["role", "name", "email", "message"]
    assert fields["email"]["type"] == "email" and fields["message"]["type"] == "textarea"
    assert ".pdf" in fields["resume"]["accept"] and fields["resume"]["max_size"] == 10 * 1024 * 1024
    assert form["submit_label"] == "Submit Application"
    assert form["success"] == {
        "heading": "Application has been submitted",
        "subheading": texts["success_message_subheading"],
        "url": "/company/careers/success",
    }


def test_structured_data_has_what_google_requires(client, imported_site, hiring_organization):
    data = client.get(SEED).json()["structured_data"]
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    # Google's required properties.
    assert data["title"] == "Back-end Engineer"
    assert data["description"].startswith("<p>We are looking for")
    assert "<h3>Responsibilities</h3><ul><li>Be an active contributor" in data["description"]
    assert "<h3>Qualifications</h3><ul><li>Proven 2+ years" in data["description"]
    assert len(data["datePosted"]) == 10
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Hoppscotch",
        "sameAs": "https://hoppscotch.io",
    }
    # "Location: Remote" is badge text; without a workplace type the posting
    # is not said to be remote (Google: TELECOMMUTE only for fully remote jobs).
    assert "jobLocationType" not in data
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.workplace_type, page.remote_country_codes = "remote", "IN, DE"
    page.pay_ranges = [PayRange(min=60000, max=80000, currency="EUR", interval="YEAR")]
    page.save_revision().publish()
    data = client.get(SEED).json()["structured_data"]
    # A remote role: no office, but where applicants may live.
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "IN"},
        {"@type": "Country", "name": "DE"},
    ]
    assert "jobLocation" not in data
    # Recommended ones that apply.
    assert data["directApply"] is True
    assert data["identifier"]["value"] == "back-end-engineer"
    assert data["url"].endswith("/company/careers/back-end-engineer")


def test_structured_data_of_an_office_role_with_salary_and_closing_date(
    client, imported_site, hiring_organization
):
    page = JobPostingPage.objects.get(slug="developer-advocate")
    page.location = "Bengaluru"
    page.posting_locations = [PostingLocation(city="Bengaluru", region="Karnataka", country="IN")]
    page.workplace_type = "on-site"
    page.employment_type = "FULL_TIME"
    page.pay_ranges = [
        PayRange(min=1_500_000, max=2_500_000, currency="INR", interval="YEAR"),
        PayRange(label="Senior", min=2_500_000.5, currency="INR", interval="YEAR"),
    ]
    page.compensation_note = "Plus stock options"
    page.valid_through = __import__("datetime").date(2099, 1, 31)
    page.save_revision().publish()

    posting = client.get("/api/careers/postings/developer-advocate/").json()
    # Amounts are JSON numbers: integers when whole.
    assert posting["pay_ranges"] == [
        {"label": "", "min": 1500000, "max": 2500000, "currency": "INR", "interval": "YEAR"},
        {"label": "Senior", "min": 2500000.5, "max": None, "currency": "INR", "interval": "YEAR"},
    ]
    assert type(posting["pay_ranges"][0]["min"]) is int  # 1500000, not 1500000.0 or "…"
    assert posting["compensation_note"] == "Plus stock options"
    assert "salary" not in posting
    data = posting["structured_data"]
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Bengaluru",
            "addressRegion": "Karnataka",
            "addressCountry": "IN",
        },
    }
    assert "jobLocationType" not in data
    assert data["employmentType"] == "FULL_TIME"
    assert data["validThrough"] == "2099-02-01T00:00:00+00:00"
    assert data["baseSalary"] == [
        {
            "@type": "MonetaryAmount",
            "currency": "INR",
            "value": {
                "@type": "QuantitativeValue",
                "unitText": "YEAR",
                "minValue": 1500000,
                "maxValue": 2500000,
            },
        },
        {
            "@type": "MonetaryAmount",
            "name": "Senior",
            "currency": "INR",
            "value": {"@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 2500000.5},
        },
    ]


def test_rich_text_is_frontend_ready(client, imported_site):
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    target = JobPostingPage.objects.get(slug="back-end-engineer")
    page.overview = (
        f'<p data-block-key="ab1">See <a linktype="page" id="{target.pk}">this</a> and '
        '<b>bold</b>.</p><ul><li data-block-key="x9">One</li></ul>'
    )
    page.responsibilities = [("item", '<p data-block-key="q1">Use <code>kubectl</code></p>')]
    page.save_revision().publish()
    posting = client.get("/api/careers/postings/site-reliability-engineer/").json()
    assert posting["overview"] == (
        '<p>See <a href="/company/careers/back-end-engineer">this</a> and <b>bold</b>.</p>'
        "<ul><li>One</li></ul>"
    )
    assert posting["responsibilities"][0]["value"] == "Use <code>kubectl</code>"


def test_unknown_slug_is_404(client, imported_site):
    response = client.get("/api/careers/postings/astronaut/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No open posting has this slug."}


def test_no_careers_page_is_404(client, db):
    response = client.get(LIST)
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no published careers page."}


def test_etag_and_not_modified(client, imported_site):
    for url in (LIST, SEED, "/api/careers/"):
        first = client.get(url)
        etag = first["ETag"]
        assert etag and "public" in first["Cache-Control"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.location = "Berlin"
    page.save_revision().publish()
    changed = client.get(SEED, headers={"If-None-Match": client.get(LIST)["ETag"]})
    assert changed.status_code == 200 and changed.json()["location"] == "Berlin"


def test_cors_allows_the_configured_frontend_only(client, imported_site, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://hoppscotch.io"]
    allowed = client.get(LIST, headers={"Origin": "https://hoppscotch.io"})
    assert allowed["Access-Control-Allow-Origin"] == "https://hoppscotch.io"
    other = client.get(LIST, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other


@pytest.mark.parametrize("count", [3, 30])
def test_query_counts_do_not_grow_with_postings(client, db, count, request):
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=CareersIndexPage(title="Careers", slug="careers"))
    index.save_revision().publish()
    department = Department.objects.create(name="Engineering", slug="engineering")
    for n in range(count):
        ranges = [
            PayRange(label="Berlin", min=60000 + n, max=80000, currency="EUR", interval="YEAR"),
            PayRange(label="Remote", min=50000, currency="EUR", interval="YEAR"),
        ]
        add_posting(index, f"role-{n}", department=department, pay_ranges=ranges)

    cold, hot = {}, {}
    for name, url in (
        ("list", LIST + "?limit=100"),
        ("detail", "/api/careers/postings/role-1/"),
        ("index", "/api/careers/"),
    ):
        client.get(url)  # warm what lives for the process, such as site root paths
        cache.clear()  # a cache miss: the response is built from the database
        local_entries.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
        cold[name] = len(queries)
        if name != "index":  # the pay ranges come with each posting's own row
            shown = response.json()
            posting = shown["results"][1] if name == "list" else shown
            assert [r["min"] for r in posting["pay_ranges"]] == [60001, 50000]
        with CaptureQueriesContext(connection) as queries:  # a cache hit
            assert client.get(url).status_code == 200
        hot[name] = len(queries)
    # The same for 3 and 30 postings (each with 3+3 list items): no query per
    # posting. Each reads the index (the view restrictions checked within) and
    # Wagtail's site root paths (which were in the cleared cache); the list
    # reads a page of postings, and their count and soonest expiry together;
    # the index reads all open postings; the detail reads its posting and the
    # hiring organization, and the current privacy notice (the form's consent);
    # the structured locations of the postings shown come in one query, and
    # their pay ranges in the postings' own rows (``pay.with_pay_ranges``).
    # Each, cached or not, reads the cache's generation first, unless a change
    # hint watches it (PostgreSQL's LISTEN; the tests' in-memory SQLite
    # database has no hint file), when nothing changed.
    generation = 0 if known_generation.watched else 1
    assert cold == {"list": 5 + generation, "detail": 6 + generation, "index": 4 + generation}
    assert hot == {"list": generation, "detail": generation, "index": generation}, hot


def test_wagtail_v2_shows_the_pay_ranges_as_numbers(client, imported_site):
    page = JobPostingPage.objects.get(slug="site-reliability-engineer")
    page.pay_ranges = [
        PayRange(min=70000, max=95000, currency="EUR", interval="YEAR"),
        PayRange(label="Lisbon", min=52000.5, currency="EUR", interval="YEAR"),
    ]
    page.compensation_note = "Plus equity"
    page.save_revision().publish()
    found = client.get(
        "/api/v2/pages/",
        {
            "type": "careers_pages.JobPostingPage",
            "slug": "site-reliability-engineer",
            "fields": "pay_ranges,compensation_note",
        },
    ).json()["items"]
    [item] = found
    assert item["pay_ranges"] == [
        {"label": "", "min": 70000, "max": 95000, "currency": "EUR", "interval": "YEAR"},
        {"label": "Lisbon", "min": 52000.5, "max": None, "currency": "EUR", "interval": "YEAR"},
    ]
    assert type(item["pay_ranges"][0]["min"]) is int
    assert item["compensation_note"] == "Plus equity"
    assert not any(key.startswith("salary") for key in item)
