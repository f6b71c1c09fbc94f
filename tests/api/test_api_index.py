"""GET /api/careers/: the careers page."""

import pytest

from careers_pages.models import JobPostingPage

pytestmark = pytest.mark.django_db


def test_index_has_hero_sections_and_positions_by_department(client, imported_site):
    response = client.get("/api/careers/")
    assert response.status_code == 200
    index = response.json()
    assert index["url"] == "/company/careers"
    assert index["seo_title"] == "Hoppscotch - Careers"
    assert index["hero"]["heading"] == "Build the API tools developers love"
    assert [s["type"] for s in index["sections"]] == ["how_we_work", "benefits", "hiring_process"]
    how_we_work = index["sections"][0]["value"]["items"]
    assert index["sections"][0]["value"]["heading"] == "How we work"
    assert how_we_work[0] == {
        "icon": "compass",
        "title": "Ownership over instructions",
        "description": how_we_work[0]["description"],
    }
    benefits = index["sections"][1]["value"]
    assert benefits["heading"] == "Perks & wellbeing" and len(benefits["items"]) == 5
    steps = index["sections"][2]["value"]["items"]
    assert steps[0] == {
        "title": "Send your application",
        "tips": [
            "Pick the role that fits you best and tell us a little about yourself.",
            "A real person reads every application; we reply within a week.",
        ],
    }

    positions = index["open_positions"]
    assert positions["heading"] == "Open Roles" and positions["count"] == 4
    assert [(d["slug"], d["name"], d["icon"]) for d in positions["departments"]] == [
        ("engineering", "Engineering", "settings"),
        ("design", "Design", "palette"),
        ("community", "Community", "users"),
    ]
    engineering = positions["departments"][0]["positions"]
    assert [p["slug"] for p in engineering] == ["back-end-engineer", "site-reliability-engineer"]
    assert engineering[0]["url"] == "/company/careers/back-end-engineer"


def test_postings_without_department_come_last_in_their_own_group(client, imported_site):
    JobPostingPage.objects.filter(slug="product-designer").update(department=None)
    groups = client.get("/api/careers/").json()["open_positions"]["departments"]
    assert groups[-1]["slug"] is None and groups[-1]["name"] is None
    assert [p["slug"] for p in groups[-1]["positions"]] == ["product-designer"]


def test_a_draft_change_to_the_index_is_not_public(client, imported_site):
    from careers_pages.models import CareersIndexPage

    index = CareersIndexPage.objects.get().get_latest_revision_as_object()
    index.hero_heading = "Secret new heading"
    index.save_revision()
    assert (
        client.get("/api/careers/").json()["hero"]["heading"]
        == "Build the API tools developers love"
    )
