"""Structured locations: the front matter keys, their round trip, and the one
public reading API (careers_pages.locations)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careers_pages import locations
from careers_pages.markdown import CareersFormatError, Location, parse_posting, render_posting
from careers_pages.models import CareersIndexPage, JobPostingPage, PostingLocation

MINIMAL = """---
title: T
{extra}---

# Role

<span class="inline-flex px-4 py-1 rounded bg-accent text-accentContrast">Location: Bengaluru, India (Hybrid)</span>

### Overview

O.

### Summary

S.

### Responsibilities

- R

### Qualifications

- Q

<CareerForm />
"""


def posting(extra: str = ""):
    return MINIMAL.format(extra=extra)


def test_locations_and_remote_countries_round_trip():
    text = posting(
        "locations:\n- city: Bengaluru\n  region: Karnataka\n  country: in\n"
        "- country: DE\nremote_countries: [de, FR]\nworkplace_type: hybrid\n"
    )
    doc = parse_posting(text, "p.md")
    assert doc.locations == [Location("Bengaluru", "Karnataka", "IN"), Location("", "", "DE")]
    assert doc.remote_countries == ["DE", "FR"]
    assert doc.location == "Bengaluru, India (Hybrid)"  # the badge, as written
    out = render_posting(doc, index_url="/company/careers")
    assert (
        "locations:\n- city: Bengaluru\n  region: Karnataka\n  country: IN\n- country: DE\n" in out
    )
    assert "remote_countries:\n- DE\n- FR\n" in out
    again = parse_posting(out, "p.md")
    assert (again.locations, again.remote_countries) == (doc.locations, doc.remote_countries)
    assert render_posting(again, index_url="/company/careers") == out  # a fixed point


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("locations: Berlin\n", "'locations' must be a list"),
        ("locations: []\n", "'locations' must be a list"),
        ("locations:\n- city: Berlin\n", "location 1 'country' must be an ISO 3166-1 alpha-2"),
        ("locations:\n- country: Germany\n", "not 'Germany'"),
        ("locations:\n- {country: DE, town: B}\n", "unknown key 'town' in location 1"),
        ("locations:\n- {country: DE, city: 3}\n", "location 1 'city' must be text"),
        ("remote_countries: DE\n", "'remote_countries' must be a list"),
        ("remote_countries: [DE, Deutschland]\n", "holds 'Deutschland'"),
    ],
)
def test_bad_locations_are_refused_naming_file_and_line(extra, message):
    with pytest.raises(CareersFormatError) as caught:
        parse_posting(posting("department: x\n" + extra), "p.md")
    assert message in caught.value.message
    assert str(caught.value).startswith("p.md:4:")  # the line of the key


@given(
    st.lists(
        st.tuples(
            st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
            st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
            st.from_regex(r"\A[A-Z]{2}\Z"),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_location_text_survives_the_round_trip(places):
    places = [Location(c.strip(), r.strip(), k) for c, r, k in places]
    doc = parse_posting(posting(), "p.md")
    doc.locations = places
    out = render_posting(doc, index_url="/company/careers")
    assert parse_posting(out, "p.md").locations == places


@pytest.mark.django_db
def test_import_then_export_keeps_the_new_keys(imported_site, tmp_path):
    from django.core.management import call_command

    source = tmp_path / "in" / "hybrid-role.md"
    source.parent.mkdir()
    text = posting(
        "workplace_type: hybrid\nlocations:\n- city: Bengaluru\n  region: Karnataka\n"
        "  country: IN\n- city: Berlin\n  country: DE\n"
        "salary: {min: 60000, max: 80000, currency: EUR, interval: YEAR}\n"
    )
    source.write_text(text)
    call_command("import_careers", str(source), verbosity=0)
    page = JobPostingPage.objects.get(slug="hybrid-role")
    assert [str(p) for p in locations.posting_locations(page)] == [
        "Bengaluru, Karnataka, IN",
        "Berlin, DE",
    ]
    assert locations.remote_countries(page) is None  # hybrid: no remote limit applies
    call_command("export_careers", str(tmp_path / "out"), verbosity=0)
    exported = (tmp_path / "out" / "postings" / "hybrid-role.md").read_text()
    assert exported == render_posting(parse_posting(text, "x"), index_url="/company/careers")
    # Importing the export again changes nothing.
    call_command("import_careers", str(tmp_path / "out" / "postings" / "hybrid-role.md"))
    assert JobPostingPage.objects.get(slug="hybrid-role").revisions.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("workplace_type", "codes", "expected"),
    [
        ("remote", "de, FR", ["DE", "FR"]),
        ("remote", "", None),  # anywhere
        ("hybrid", "DE", None),  # not remote: no remote eligibility
        ("on-site", "", None),
        ("", "DE", None),  # no workplace type is not remote
    ],
)
def test_remote_countries(imported_site, workplace_type, codes, expected):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.workplace_type, page.remote_country_codes = workplace_type, codes
    assert locations.remote_countries(page) == expected
    assert locations.is_remote(page) is (workplace_type == "remote")


@pytest.mark.django_db
def test_posting_locations_reads_an_unsaved_revision(imported_site):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.posting_locations = [
        PostingLocation(city="Berlin", country="DE"),
        PostingLocation(city="Austin", region="TX", country="US"),
    ]
    revision = page.save_revision()
    draft = revision.as_object()
    assert [(p.city, p.region, p.country) for p in locations.posting_locations(draft)] == [
        ("Berlin", "", "DE"),
        ("Austin", "TX", "US"),
    ]
    # The live page is untouched until published.
    assert locations.posting_locations(JobPostingPage.objects.get(pk=page.pk)) == []
    assert CareersIndexPage.objects.count() == 1
