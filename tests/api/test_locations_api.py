"""Structured locations through the API: the fields, the country filter, and
the JSON-LD of every combination of workplace type and locations."""

import itertools

import pytest

from careers_pages.models import JobPostingPage, PayRange, PostingLocation

pytestmark = pytest.mark.django_db

LIST = "/api/careers/postings/"


def set_places(slug, workplace_type, places, remote_codes="", pay_ranges=None):
    """Publish the posting at ``places``; with one pay range unless
    ``pay_ranges`` says otherwise (Berlin, for one, requires a range)."""
    page = JobPostingPage.objects.get(slug=slug)
    page.workplace_type = workplace_type
    page.remote_country_codes = remote_codes
    page.posting_locations = [PostingLocation(city=c, region=r, country=k) for c, r, k in places]
    if pay_ranges is None:
        pay_ranges = [PayRange(min=50000, max=70000, currency="EUR", interval="YEAR")]
    page.pay_ranges = pay_ranges
    page.save_revision().publish()


def test_a_posting_shows_its_locations_and_badge_as_written(client, imported_site):
    set_places("back-end-engineer", "hybrid", [("Bengaluru", "KA", "IN"), ("Berlin", "", "DE")])
    data = client.get("/api/careers/postings/back-end-engineer/").json()
    assert data["location"] == "Remote"  # the badge text is not rewritten
    assert data["locations"] == [
        {"city": "Bengaluru", "region": "KA", "country": "IN"},
        {"city": "Berlin", "region": "", "country": "DE"},
    ]
    assert data["remote_countries"] is None
    listed = {p["slug"]: p for p in client.get(LIST).json()["results"]}
    assert listed["back-end-engineer"]["locations"] == data["locations"]


def test_country_filter_matches_locations_and_remote_eligibility(client, imported_site):
    set_places("back-end-engineer", "on-site", [("Berlin", "", "DE")])
    set_places("developer-advocate", "remote", [], remote_codes="FR, DE")
    set_places("site-reliability-engineer", "remote", [])  # anywhere
    slugs = list(JobPostingPage.objects.values_list("slug", flat=True))
    for slug in set(slugs) - {
        "back-end-engineer",
        "developer-advocate",
        "site-reliability-engineer",
    }:
        set_places(slug, "on-site", [("Bengaluru", "", "IN")])

    def found(code):
        return {p["slug"] for p in client.get(LIST, {"country": code}).json()["results"]}

    assert found("de") == {"back-end-engineer", "developer-advocate", "site-reliability-engineer"}
    assert found("FR") == {"developer-advocate", "site-reliability-engineer"}
    assert "back-end-engineer" not in found("IN")
    # 'E' inside 'DE' or 'FR, DE' is no match for a made-up 'ED'.
    assert found("ED") == {"site-reliability-engineer"}


def test_a_bad_country_is_named_in_the_400(client, imported_site):
    response = client.get(LIST, {"country": "Deutschland"})
    assert response.status_code == 400
    assert "'Deutschland'" in response.json()["country"][0]


PLACES = {
    "none": [],
    "one": [("Bengaluru", "Karnataka", "IN")],
    "two": [("Bengaluru", "Karnataka", "IN"), ("Berlin", "", "DE")],
    "country only": [("", "", "US")],
}


@pytest.mark.parametrize(
    ("workplace_type", "places", "remote_codes"),
    [
        (w, p, r)
        for w, p, r in itertools.product(["remote", "hybrid", "on-site", ""], PLACES, ["", "DE"])
        if r == "" or w == "remote"
    ],
)
def test_json_ld_for_every_workplace_and_location_combination(
    client, imported_site, hiring_organization, workplace_type, places, remote_codes
):
    set_places("back-end-engineer", workplace_type, PLACES[places], remote_codes)
    data = client.get("/api/careers/postings/back-end-engineer/").json()["structured_data"]
    # Google's required properties.
    for key in ("title", "description", "datePosted", "hiringOrganization"):
        assert data[key], key
    assert data["hiringOrganization"]["name"] == "Hoppscotch"
    if workplace_type == "remote":
        assert data["jobLocationType"] == "TELECOMMUTE"
        if remote_codes:
            assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "DE"}]
        else:  # open to anywhere: the hiring organization's remote countries
            assert data["applicantLocationRequirements"] == [
                {"@type": "Country", "name": "India"},
                {"@type": "Country", "name": "Germany"},
            ]
    else:
        assert "jobLocationType" not in data
        assert "applicantLocationRequirements" not in data
        # Google requires jobLocation unless the job is fully remote.
        if PLACES[places]:
            assert "jobLocation" in data
    if "jobLocation" in data:
        found = data["jobLocation"]
        found = found if isinstance(found, list) else [found]
        assert len(found) == len(PLACES[places])
        for place, (city, region, country) in zip(found, PLACES[places], strict=True):
            assert place["@type"] == "Place"
            address = place["address"]
            assert address["@type"] == "PostalAddress"
            assert address["addressCountry"] == country
            assert address.get("addressLocality", "") == city
            assert address.get("addressRegion", "") == region
            # The badge text never lands in an address field.
            assert "Remote" not in address.values()
