# ruff: noqa: F811 (the fixtures imported from the visibility tests are parameters here)
"""The Indeed and LinkedIn XML feeds: their required elements, real XML (lxml)
with escaped text, only what the public sees, cached like the API."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from api.job_boards import xml_text
from careers_pages.models import JobPostingPage, PayRange, PostingLocation
from tests.content.test_visibility import hidden_kind, index  # noqa: F401 (fixtures)
from tests.factories import add_posting

pytestmark = pytest.mark.django_db

INDEED_JOB = (
    "title",
    "date",
    "referencenumber",
    "requisitionid",
    "url",
    "company",
    "city",
    "state",
    "country",
    "description",
    "salary",
    "jobtype",
)
LINKEDIN_JOB = (
    "partnerJobId",
    "company",
    "title",
    "description",
    "applyUrl",
    "location",
    "city",
    "state",
    "country",
    "workplaceTypes",
    "jobtype",
)


def feed(client, name):
    response = client.get(f"/feeds/{name}.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(response.content)  # a real parser: fails on bad XML


def jobs(root):
    return {job.findtext("requisitionid") or job.findtext("partnerJobId"): job for job in root}


def test_indeed_feed_has_the_required_elements(client, imported_site, hiring_organization):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.location, page.employment_type, page.workplace_type = "Berlin, DE", "FULL_TIME", "hybrid"
    page.posting_locations = [PostingLocation(city="Berlin", country="DE")]
    page.pay_ranges = [PayRange(min=60000, max=80000, currency="EUR", interval="YEAR")]
    page.save_revision().publish()

    root = feed(client, "indeed")
    assert root.tag == "source"
    assert root.findtext("publisher") == "Hoppscotch"
    assert root.findtext("publisherurl") == "https://hoppscotch.io"
    job = root.xpath("job[requisitionid='back-end-engineer']")[0]
    assert [child.tag for child in job][: len(INDEED_JOB)] == list(INDEED_JOB)
    assert job.findtext("referencenumber") == str(page.pk)
    assert job.findtext("url") == "http://testserver/company/careers/back-end-engineer"
    assert job.findtext("company") == "Hoppscotch"
    assert (job.findtext("city"), job.findtext("country")) == ("Berlin", "DE")
    assert job.findtext("salary") == "60,000 - 80,000 EUR per year"
    assert job.findtext("jobtype") == "fulltime"
    assert job.findtext("remotetype") == "Hybrid remote"
    assert job.findtext("description").startswith("<p>")  # HTML, as text
    assert len(root.findall("job")) == 4


def test_remote_postings_carry_the_remote_type(client, imported_site):
    root = feed(client, "indeed")
    remote = [job for job in root.findall("job") if job.findtext("remotetype")]
    assert remote and {job.findtext("remotetype") for job in remote} <= {
        "Fully remote",
        "Hybrid remote",
    }
    on_site = JobPostingPage.objects.get(slug="back-end-engineer")
    on_site.location, on_site.workplace_type = "Accra", "on-site"
    on_site.save_revision().publish()
    job = feed(client, "indeed").xpath("job[requisitionid='back-end-engineer']")[0]
    assert job.find("remotetype") is None


def test_linkedin_feed_has_the_required_elements(client, imported_site, hiring_organization):
    root = feed(client, "linkedin")
    assert root.tag == "source"
    assert root.findtext("publisher") == "Hoppscotch"
    assert root.findtext("expectedJobCount") == str(len(root.findall("job"))) == "4"
    for job in root.findall("job"):
        assert [child.tag for child in job] == list(LINKEDIN_JOB)
        assert 1 <= len(job.findtext("partnerJobId")) <= 40
        text = etree.fromstring(f"<div>{job.findtext('description')}</div>").xpath("string()")
        assert len(text) >= 100
        assert job.findtext("applyUrl").startswith("http://testserver/company/careers/")
        assert job.findtext("workplaceTypes") in ("Remote", "Hybrid", "On-site")
        assert job.findtext("company") == "Hoppscotch"


def test_linkedin_leaves_out_a_job_too_short_for_it(client, index):
    from wagtail.rich_text import RichText

    short = [("item", RichText("<p>x</p>"))]
    add_posting(
        index,
        "tiny",
        overview="<p>a</p>",
        summary="<p>b</p>",
        responsibilities=short,
        qualifications=short,
    )
    add_posting(index, "roomy", overview=f"<p>{'A long enough text. ' * 6}</p>")
    linkedin = feed(client, "linkedin")
    assert [job.findtext("title") for job in linkedin.findall("job")] == ["Roomy"]
    assert linkedin.findtext("expectedJobCount") == "1"
    assert {"tiny", "roomy", "open-role"} <= set(jobs(feed(client, "indeed")))


NASTY = "R&D <b>\"bold\"</b> ]]> 'quoted' 2 < 3 \u202eevil\x0b"


ROOMY = f"<p>{'A long enough text. ' * 6}</p>"  # LinkedIn's 100 characters


def test_text_is_escaped_not_markup(client, index):
    add_posting(index, "nasty", title=NASTY, location=NASTY, overview=ROOMY)
    for name in ("indeed", "linkedin"):
        root = feed(client, name)
        (job,) = [job for job in root.findall("job") if job.findtext("title") == xml_text(NASTY)]
        assert job.find("title/b") is None  # text, not elements
        assert "]]>" in job.findtext("title")


# NUL aside: PostgreSQL cannot store it in any text field.
# No lone surrogates: no request, file or database can carry one.
@given(
    title=st.text(
        st.characters(exclude_characters="\x00", exclude_categories=["Cs"]),
        min_size=1,
        max_size=60,
    )
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_title_makes_xml_that_parses_back(client, index, title):
    page = JobPostingPage.objects.get(slug="open-role")
    page.title, page.overview = title, ROOMY
    page.save_revision().publish()
    for name in ("indeed", "linkedin"):
        titles = [job.findtext("title") or "" for job in feed(client, name).findall("job")]
        assert titles == [xml_text(title)]


def test_hidden_postings_are_never_listed(client, index, hidden_kind):
    # Both feeds list the postings of one lookup; Indeed's lists even short ones.
    body = client.get("/feeds/indeed.xml").content.decode()
    assert "open-role" in body
    assert "hidden-role" not in body and "Hidden Role" not in body


def test_cached_like_the_api_and_invalidated_on_publish(
    client, imported_site, django_assert_max_num_queries
):
    first = client.get("/feeds/indeed.xml")
    with django_assert_max_num_queries(1):  # the generation only
        again = client.get("/feeds/indeed.xml")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"] == "public, max-age=60"

    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.title = "Back-end Engineer (Rust)"
    page.save_revision().publish()
    assert b"Back-end Engineer (Rust)" in client.get("/feeds/indeed.xml").content
    assert b"Back-end Engineer (Rust)" in client.get("/feeds/linkedin.xml").content


def test_without_a_workplace_type_the_feeds_follow_the_badge_and_never_guess_on_site(client, index):
    add_posting(index, "badge-remote", location="Remote", overview=ROOMY)
    add_posting(index, "badge-city", location="Berlin", overview=ROOMY)
    indeed, linkedin = jobs(feed(client, "indeed")), jobs(feed(client, "linkedin"))
    linkedin_ids = {
        slug: JobPostingPage.objects.get(slug=slug).pk for slug in ("badge-remote", "badge-city")
    }
    assert indeed["badge-remote"].findtext("remotetype") == "Fully remote"
    assert indeed["badge-city"].find("remotetype") is None
    remote, city = (linkedin[str(linkedin_ids[slug])] for slug in ("badge-remote", "badge-city"))
    assert (remote.findtext("workplaceTypes"), remote.findtext("location")) == ("Remote", "Remote")
    assert (city.findtext("workplaceTypes"), city.findtext("location")) == ("", "Berlin")


def test_the_salary_names_each_range(client, imported_site, hiring_organization):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.pay_ranges = [
        PayRange(label="Berlin", min=60000, max=80000, currency="EUR", interval="YEAR"),
        PayRange(label="US zone A", min=45, currency="USD", interval="HOUR"),
    ]
    page.save_revision().publish()
    job = feed(client, "indeed").xpath("job[requisitionid='back-end-engineer']")[0]
    assert job.findtext("salary") == (
        "Berlin: 60,000 - 80,000 EUR per year; US zone A: 45 USD per hour"
    )
