"""Where applicants come from: the form's source and UTM fields, the Referer's
origin, and the inbox's Source column, filter and export."""

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from careers_pages.form_fields import FIELD_LIMITS, SOURCE_FIELDS
from careers_pages.hiring.models import Application
from careers_pages.hiring.submit import referrer_origin
from careers_pages.models import JobPostingPage
from tests.factories import apply as stored_application
from tests.factories import listing, user_in

from .test_applications import apply, form

pytestmark = pytest.mark.django_db

SOURCES = {
    "source": "careers-fair",
    "utm_source": "newsletter",
    "utm_medium": "email",
    "utm_campaign": "spring 2027 – engineers",
}


def test_the_sources_and_the_referrers_origin_are_stored(client, imported_site):
    response = apply(
        client,
        form(**SOURCES),
        Referer="https://jobs.example.com:8443/company/careers/back-end-engineer?utm_source=x",
    )

    assert response.status_code == 201, response.content
    application = Application.objects.get()
    assert {name: getattr(application, name) for name in SOURCES} == SOURCES
    assert application.referrer_origin == "https://jobs.example.com:8443"


def test_the_sources_are_optional_and_may_be_empty(client, imported_site):
    assert apply(client, form(source="", utm_campaign="")).status_code == 201
    assert apply(client, form(message="Another one.")).status_code == 201

    for application in Application.objects.all():
        assert [getattr(application, name) for name in SOURCES] == ["", "", "", ""]
        assert application.referrer_origin == ""  # no Referer sent


@pytest.mark.parametrize("name", [spec.name for spec in SOURCE_FIELDS])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("news\nletter", "Contains an invisible control character (U+000A)."),
        ("news\x00letter", "Contains an invisible control character (U+0000)."),
        ("news\u202eletter", "Contains an invisible control character (U+202E)."),
        ("x" * 201, "Ensure this value has at most"),
    ],
)
def test_a_bad_source_is_a_400_naming_the_field_and_stores_nothing(
    client, imported_site, private_files, name, value, message
):
    response = apply(client, form(**{name: value}))

    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert response.json()[name][0].startswith(message)
    assert not Application.objects.exists()
    assert not any(p.is_file() for p in private_files.rglob("*"))


@pytest.mark.parametrize("name", [spec.name for spec in SOURCE_FIELDS])
def test_a_source_of_the_longest_length_is_kept(client, imported_site, name):
    value = "s" * FIELD_LIMITS[name]
    assert apply(client, form(**{name: value})).status_code == 201
    assert getattr(Application.objects.get(), name) == value


@pytest.mark.parametrize(
    ("referer", "origin"),
    [
        (
            "https://careers.example.com/company/careers/back-end-engineer",
            "https://careers.example.com",
        ),
        (
            "https://user:secret@careers.example.com/path?token=abc#top",
            "https://careers.example.com",
        ),
        ("HTTP://Careers.Example.COM:8080/?q=1", "http://careers.example.com:8080"),
        ("https://careers.example.com:443/", "https://careers.example.com"),
        ("http://127.0.0.1:8000/company/careers", "http://127.0.0.1:8000"),
        ("http://[::1]:8000/x", "http://[::1]:8000"),
        ("http://[0:0:0:0:0:0:0:1]/", "http://[::1]"),
        ("ftp://files.example.com/", ""),
        ("javascript:alert(1)", ""),
        ("android-app://com.example.app/", ""),
        ("https://", ""),
        ("/company/careers/back-end-engineer", ""),
        ("https://careers.example.com:99999/", ""),
        ("https://careers.example.com:port/", ""),
        ("http://[not-an-address]/", ""),
        ("http://[::1/", ""),
        ("https://exa mple.com/", ""),
        ("https://exämple.com/", ""),
        ("https://evil.example%2F@good.example/", "https://good.example"),
        ("https://a<script>.example/", ""),
        ("not a url at all", ""),
        ("", ""),
        ("https://" + "a" * 400 + ".example/", ""),
    ],
)
def test_only_the_referers_origin_is_kept(referer, origin):
    assert referrer_origin(referer) == origin


def test_a_garbage_referer_is_stored_as_empty(client, imported_site):
    response = apply(client, form(), Referer="https://user:pw@[garbage/path?q=1")
    assert response.status_code == 201
    assert Application.objects.get().referrer_origin == ""


def test_the_form_does_not_list_the_sources_and_the_schema_describes_them(client, imported_site):
    posting = client.get("/api/careers/postings/back-end-engineer/").json()
    listed = {field["name"] for field in posting["application_form"]["fields"]}
    assert listed.isdisjoint(SOURCES)

    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/careers/postings/{slug}/applications/"]["post"]
    assert "Referer" in operation["description"]
    ref = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    for spec in SOURCE_FIELDS:
        assert properties[spec.name]["maxLength"] == spec.max_length
        assert properties[spec.name]["description"]
        assert "minLength" not in properties[spec.name]  # empty is allowed


def test_a_question_cannot_take_a_source_fields_name():
    from careers_pages.markdown.questions import RESERVED_NAMES

    assert RESERVED_NAMES.issuperset(SOURCES)


# The inbox ------------------------------------------------------------------------


@pytest.fixture
def hiring_member(django_user_model):
    return user_in(django_user_model, "Hiring team", "recruiter")


@pytest.fixture
def three_sources(imported_site):
    backend = JobPostingPage.objects.get(slug="back-end-engineer")
    stored_application(backend, source="careers-fair", utm_source="ignored", name="Ada Lovelace")
    stored_application(backend, utm_source="newsletter", name="Grace Hopper")
    stored_application(backend, name="Alan Turing", referrer_origin="https://jobs.example")


def names_in(html):
    return {name for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing") if name in html}


def test_the_listing_shows_the_source_or_else_the_utm_source(client, hiring_member, three_sources):
    client.force_login(hiring_member)
    html = listing(client).content.decode()

    assert re.search(r"<th[^>]*>\s*Source\s*</th>", html)
    cells = set(re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", html))
    assert {"careers-fair", "newsletter"} <= cells
    assert "ignored" not in html  # a source beats the UTM source


def test_the_listing_filters_by_source(client, hiring_member, three_sources):
    client.force_login(hiring_member)

    def names(**params):
        return names_in(listing(client, **params).content.decode())

    assert names(source="careers-fair") == {"Ada Lovelace"}
    assert names(source="newsletter") == {"Grace Hopper"}
    assert names() == {"Ada Lovelace", "Grace Hopper", "Alan Turing"}
    # The filter offers what the column shows: not a UTM source behind a source.
    html = listing(client).content.decode()
    assert '<option value="careers-fair"' in html and '<option value="newsletter"' in html
    assert '<option value="ignored"' not in html
    assert listing(client, source="ignored").status_code == 200  # not a choice: no filter error 500


def test_the_csv_and_xlsx_exports_have_the_sources(client, hiring_member, imported_site):
    backend = JobPostingPage.objects.get(slug="back-end-engineer")
    stored_application(backend, **SOURCES, referrer_origin="https://jobs.example")
    client.force_login(hiring_member)

    response = listing(client, export="csv")
    row = next(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["Source"] == "careers-fair"
    assert row["UTM source"] == "newsletter"
    assert row["UTM medium"] == "email"
    assert row["UTM campaign"] == "spring 2027 – engineers"
    assert row["Referrer"] == "https://jobs.example"

    response = listing(client, export="xlsx")
    heading, values = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values
    )
    exported = dict(zip(heading, values, strict=True))
    assert exported["Source"] == "careers-fair"
    assert exported["UTM campaign"] == "spring 2027 – engineers"
    assert exported["Referrer"] == "https://jobs.example"


def test_the_sources_are_on_the_applications_page(client, hiring_member, imported_site):
    backend = JobPostingPage.objects.get(slug="back-end-engineer")
    application = stored_application(backend, **SOURCES, referrer_origin="https://jobs.example")
    client.force_login(hiring_member)

    html = client.get(reverse("applications:inspect", args=[application.pk])).content.decode()

    for value in ("careers-fair", "newsletter", "spring 2027 – engineers", "https://jobs.example"):
        assert value in html


def test_a_data_access_request_includes_the_sources(imported_site, tmp_path):
    backend = JobPostingPage.objects.get(slug="back-end-engineer")
    stored_application(backend, **SOURCES, referrer_origin="https://jobs.example")

    call_command("export_applicant", email="ada@example.com", output=str(tmp_path / "ada"))

    (record,) = json.loads((tmp_path / "ada" / "applicant.json").read_text())["applications"]
    assert {name: record[name] for name in SOURCES} == SOURCES
    assert record["referrer_origin"] == "https://jobs.example"
