"""The JSON-LD of every demo posting, and of every combination of workplace
type, locations and pay ranges, against Google's required and recommended
JobPosting properties; and the pages (the reference frontend's and this
server's own template) show people the same title, location and pay."""

from __future__ import annotations

import datetime
import html
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.html import strip_tags

from careers_pages import pay
from careers_pages.management.commands import setup_demo
from careers_pages.markdown import EMPLOYMENT_TYPE_LABELS
from careers_pages.models import JobPostingPage, PayRange, PostingLocation
from tests.content.test_page_visibility import project_urlconf

pytestmark = pytest.mark.django_db

DETAIL = "/api/careers/postings/{}/"
UNIT_TEXTS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")


def visible_text(response) -> str:
    """What a person reads on the page: its text, without tags and scripts."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(strip_tags(page)).split())


def assert_google_ready(data: dict, posting: dict):
    """Google for Jobs: the required properties, and the recommended ones
    that apply, with values of the types Google reads."""
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    for key in ("title", "description", "datePosted"):
        assert isinstance(data[key], str) and data[key], key
    datetime.date.fromisoformat(data["datePosted"])
    organization = data["hiringOrganization"]
    assert organization["@type"] == "Organization" and organization["name"] == "Hoppscotch"
    # jobLocation, or for a fully remote job TELECOMMUTE with the countries.
    if data.get("jobLocationType") == "TELECOMMUTE":
        assert posting["workplace_type"] == "remote"
        countries = data["applicantLocationRequirements"]
        assert countries and all(c["@type"] == "Country" and c["name"] for c in countries)
    else:
        assert posting["workplace_type"] != "remote"
        places = data["jobLocation"]
        for place in places if isinstance(places, list) else [places]:
            assert place["@type"] == "Place"
            assert place["address"]["@type"] == "PostalAddress"
            assert re.fullmatch(r"[A-Z]{2}", place["address"]["addressCountry"])
    # Recommended.
    assert data["directApply"] is True
    assert data["identifier"]["@type"] == "PropertyValue"
    assert data["identifier"]["value"] == posting["slug"]
    if posting["employment_type"]:
        assert data["employmentType"] == posting["employment_type"]
    if posting["valid_through"]:
        assert DATE_TIME.match(data["validThrough"]), data["validThrough"]
    ranges = posting["pay_ranges"]
    if not ranges:
        assert "baseSalary" not in data
        return
    amounts = data["baseSalary"]
    amounts = amounts if isinstance(amounts, list) else [amounts]
    assert len(amounts) == len(ranges)
    for amount, salary in zip(amounts, ranges, strict=True):
        assert amount["@type"] == "MonetaryAmount"
        assert amount["currency"] == salary["currency"]
        value = amount["value"]
        assert value["@type"] == "QuantitativeValue" and value["unitText"] in UNIT_TEXTS
        numbers = [value[k] for k in ("minValue", "maxValue", "value") if k in value]
        assert numbers and all(type(n) in (int, float) for n in numbers)


def assert_pages_show_it(client, settings, posting: dict):
    """The reference frontend and this server's template show the same
    title, location and pay as the API (and so the JSON-LD) says."""
    expected = [posting["title"]]
    if posting["location"]:
        expected.append(f"Location: {posting['location']}")
    for salary in posting["pay_ranges"]:
        text = pay.range_text(salary["min"], salary["max"], salary["currency"], salary["interval"])
        expected.append(f"{salary['label']}: {text}" if salary["label"] else text)
    if posting["compensation_note"]:
        expected.append(posting["compensation_note"])
    if posting["employment_type"]:
        expected.append(EMPLOYMENT_TYPE_LABELS[posting["employment_type"]])
    for place in posting["locations"]:
        expected.append(place["city"] or place["country"])
    for enabled in (True, False):
        settings.CAREERS_FRONTEND_ENABLED = enabled
        settings.CAREERS_FRONTEND_BASE_URL = ""
        settings.ROOT_URLCONF = project_urlconf(enabled)
        response = client.get(posting["url"])
        assert response.status_code == 200
        text = visible_text(response)
        for part in expected:
            assert part in text, (enabled, part, text)
        assert posting["employment_type"] is None or posting["employment_type"] not in text
        assert not re.search(r"\d{4}\.\d\d\b", text), text  # "60000.00" is no way to say it


def test_every_demo_posting_is_google_ready_and_shown_alike(
    client, settings, tmp_path, monkeypatch
):
    settings.CAREERS_FRONTEND_ENABLED = True
    monkeypatch.setattr(setup_demo, "CREDENTIALS_FILE", tmp_path / "local-admin.txt")
    call_command("setup_demo", verbosity=0)
    slugs = list(JobPostingPage.objects.live().values_list("slug", flat=True))
    assert len(slugs) == 4
    for slug in slugs:
        posting = client.get(DETAIL.format(slug)).json()
        assert_google_ready(posting["structured_data"], posting)
        assert_pages_show_it(client, settings, posting)
    designer = client.get(DETAIL.format("product-designer")).json()
    assert [r["label"] for r in designer["pay_ranges"]] == ["Bengaluru", "Berlin"]
    assert len(designer["structured_data"]["baseSalary"]) == 2


PLACES = {
    "none": [],
    "India": [("Bengaluru", "Karnataka", "IN")],
    "India and Berlin": [("Bengaluru", "Karnataka", "IN"), ("Berlin", "", "DE")],
    "US only": [("", "", "US")],
}
PAY = {
    "none": [],
    "one": [(None, 60000, 80000, "EUR", "YEAR")],
    "two named": [("Berlin", 60000, 80000, "EUR", "YEAR"), ("US zone A", 45.5, None, "USD", "HOUR")],
}  # fmt: skip
COMBINATIONS = [
    (w, p, r, s)
    for w, p, r, s in itertools.product(["remote", "hybrid", "on-site", ""], PLACES, ["", "FR"], PAY)
    if r == "" or w == "remote"
]  # fmt: skip


@pytest.mark.parametrize(("workplace_type", "places", "remote_codes", "ranges"), COMBINATIONS)
def test_json_ld_for_every_workplace_locations_and_pay_combination(
    client,
    settings,
    imported_site,
    hiring_organization,
    workplace_type,
    places,
    remote_codes,
    ranges,
):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.workplace_type, page.remote_country_codes = workplace_type, remote_codes
    page.employment_type, page.valid_through = "FULL_TIME", datetime.date(2099, 6, 30)
    page.posting_locations = [
        PostingLocation(city=c, region=r, country=k) for c, r, k in PLACES[places]
    ]
    page.pay_ranges = [
        PayRange(label=label or "", min=low, max=high, currency=currency, interval=interval)
        for label, low, high, currency, interval in PAY[ranges]
    ]
    if not PLACES[places] and workplace_type != "remote":
        hiring_organization.address_country = "IN"  # where its postings are by default
        hiring_organization.save()
    revision = page.save_revision()
    required = pay.posting_places_requiring_pay(revision.as_object())
    if required:  # Berlin, the US, remote from France: a range is the law
        assert ranges == "none"
        with pytest.raises(ValidationError, match=r"requires? a pay range \(CAREERS_PAY"):
            revision.publish()
        return
    revision.publish()
    posting = client.get(DETAIL.format("back-end-engineer")).json()
    assert_google_ready(posting["structured_data"], posting)
    assert_pages_show_it(client, settings, posting)
