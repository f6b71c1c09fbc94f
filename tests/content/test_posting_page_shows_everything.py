"""A posting's page shows everything the editor entered, in words and with the
Lucide icons the API names: on the reference frontend (from the API's JSON) and
on Wagtail's own template, which share the partials of frontend/includes/."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from careers_pages.models import Department, JobPostingPage, PayRange, PostingLocation
from frontend.templatetags.lucide import icon_svg, is_icon_name
from tests.content.test_page_visibility import project_urlconf
from tests.factories import PROJECT, publish_in_two_places

pytestmark = pytest.mark.django_db

POSTING = "/company/careers/back-end-engineer"
CLOSING = timezone.localdate() + datetime.timedelta(days=400)
CLOSING_WORDS = f"Applications close {CLOSING.day} {CLOSING:%B %Y}"


@pytest.fixture(params=["frontend", "wagtail"])
def served_by(request, settings):
    """The posting's page as the reference frontend serves it, and as Wagtail's
    own template does with the frontend off (the production default)."""
    enabled = request.param == "frontend"
    settings.CAREERS_FRONTEND_ENABLED = enabled
    settings.CAREERS_FRONTEND_BASE_URL = ""
    settings.ROOT_URLCONF = project_urlconf(enabled)
    return request.param


@pytest.fixture
def hybrid_posting(imported_site):
    """The seed posting, hybrid, full-time, in two places, closing in a year or so."""
    return publish_in_two_places(
        JobPostingPage.objects.get(slug="back-end-engineer"),
        employment_type="FULL_TIME",
        valid_through=CLOSING,
        location="Bengaluru, India (Hybrid)",
    )


def visible_text(page: str) -> str:
    """The words a person reads: no markup, no scripts (the JSON-LD holds codes)."""
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def test_the_posting_page_shows_every_fact_in_words(client, hybrid_posting, served_by):
    response = client.get(POSTING)
    assert response.status_code == 200
    page = response.content.decode()
    text = visible_text(page)

    assert "Location: Bengaluru, India (Hybrid)" in text  # the badge, as written
    assert "Department Engineering" in text
    assert "Locations Bengaluru, Karnataka, IN Berlin, Berlin, DE" in text
    assert "Workplace Hybrid" in text
    assert "Employment Full-time" in text
    assert "Pay Bengaluru: ₹2,400,000–₹3,600,000 a year Berlin: €65,000–€85,000 a year" in text
    assert CLOSING_WORDS in text
    for code in ("FULL_TIME", "hybrid", CLOSING.isoformat(), "65000.00"):
        assert code not in text, code
    # The department's own icon (settings) and the facts' icons, inline and hidden.
    for icon in ("settings", "map-pin", "laptop", "briefcase", "banknote", "calendar-clock"):
        assert icon_svg(icon) in page, icon


def test_the_back_link_says_where_it_goes(client, hybrid_posting, served_by):
    page = client.get(POSTING).content.decode()
    link = re.search(r'<a class="back-link" href="([^"]+)" aria-label="([^"]+)">(.*?)</a>', page)
    assert link, page
    assert link[1] == "/company/careers"
    assert link[2] == "Back to all open positions"
    assert link[3] == icon_svg("arrow-left")

    hybrid_posting.back_navigation_to = "/jobs"
    hybrid_posting.save_revision().publish()
    page = client.get(POSTING).content.decode()
    assert '<a class="back-link" href="/jobs" aria-label="Back">' in page


def test_a_posting_without_details_shows_no_empty_facts(client, hybrid_posting, served_by):
    JobPostingPage.objects.filter(pk=hybrid_posting.pk).update(
        workplace_type="", employment_type="", valid_through=None, expire_at=None, department=None
    )
    PostingLocation.objects.filter(page=hybrid_posting).delete()
    PayRange.objects.filter(page=hybrid_posting).delete()
    page = client.get(POSTING).content.decode()
    assert "posting-facts" not in page
    assert "Applications close" not in page


def test_remote_postings_say_where_applicants_may_live(client, imported_site, served_by):
    JobPostingPage.objects.filter(slug="back-end-engineer").update(
        workplace_type="remote", remote_country_codes="DE, FR"
    )
    text = visible_text(client.get(POSTING).content.decode())
    assert "Workplace Remote" in text
    assert "Applicants may live in DE, FR" in text


def test_the_index_draws_the_icons_the_api_names_and_heads_every_section(
    client, imported_site, served_by
):
    page = client.get("/company/careers").content.decode()
    api = client.get("/api/careers/").json()
    how_we_work = api["sections"][0]["value"]
    assert re.search(r"<h2[^>]*>How we work</h2>", page)
    for card in how_we_work["items"]:
        assert icon_svg(card["icon"], "icon card-icon") in page, card["icon"]
    if served_by == "frontend":  # Wagtail's plain template lists postings without groups
        for department in api["open_positions"]["departments"]:
            assert icon_svg(department["icon"]) in page


@pytest.mark.parametrize("name", ["map-pin", "settings", "github", "globe-2"])
def test_bundled_icons_are_inline_hidden_and_take_the_text_colour(name):
    svg = icon_svg(name)
    assert svg.startswith('<svg aria-hidden="true" focusable="false"')
    assert 'stroke="currentColor"' in svg
    assert f'class="icon lucide lucide-{name}"' in svg
    assert "<!--" not in svg and "\n" not in svg


@pytest.mark.parametrize(
    "name", ["no-such-icon", "../LICENSE", "<script>", "", None, 7, "-map-pin", "map--pin", "pin-"]
)
def test_names_without_a_bundled_icon_draw_nothing(name):
    assert icon_svg(name) == ""


def test_every_bundled_icon_has_a_name_the_tag_accepts():
    icons = sorted((PROJECT / "frontend/static/frontend/icons").glob("*.svg"))
    assert len(icons) > 20
    assert all(is_icon_name(icon.stem) for icon in icons)


@given(st.text(max_size=80))
def test_an_icon_name_is_words_of_letters_and_digits_joined_by_single_hyphens(text):
    words = text.split("-")
    expected = 0 < len(text) <= 64 and all(
        word and all(c in "abcdefghijklmnopqrstuvwxyz0123456789" for c in word) for word in words
    )
    assert is_icon_name(text) == expected


@pytest.mark.parametrize("text", ["a-" * 500_000, "a" * 1_000_000 + "!", "-" * 1_000_000])
def test_a_megabyte_icon_name_is_refused(text):
    # One bounded pattern, no nested repetition: past 64 characters nothing matches.
    assert not is_icon_name(text)
    assert icon_svg(text) == ""


def test_the_licence_stays_beside_the_icons():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    licence = finders.find("frontend/icons/LICENSE")
    assert licence and "ISC License" in Path(licence).read_text(encoding="utf-8")


def test_department_icons_come_from_the_department(client, imported_site):
    Department.objects.filter(slug="engineering").update(icon="wrench")
    posting = client.get("/api/careers/postings/back-end-engineer/").json()
    assert posting["department"]["icon"] == "wrench"
