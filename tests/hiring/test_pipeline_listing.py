"""The inbox's listing: applications counted per stage, each count a link to
the listing filtered by it, and a number of queries that does not grow with
the number of applications."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers_pages.hiring.models import PipelineStage
from tests.factories import apply, listing

pytestmark = pytest.mark.django_db


def stage_links(html: str) -> dict[str, tuple[str, int]]:
    """The stage counts above the listing: name → (link, count)."""
    nav = html[html.index('aria-label="Applications by stage"') :]
    nav = nav[: nav.index("</nav>")]
    return {
        name: (link, int(count))
        for link, name, count in re.findall(
            r'<a href="([^"]+)"[^>]*>\s*<span class="pipeline-stages__name">([^<]+)</span>\s*'
            r'<span class="pipeline-stages__count">(\d+)</span>',
            nav,
        )
    }


def test_each_stage_shows_its_count_and_links_to_its_applications(
    client, hiring_member, backend, designer
):
    interview = PipelineStage.objects.get(slug="interview")
    apply(backend)
    apply(designer, name="Grace Hopper", email="grace@example.com", stage=interview)
    apply(backend, name="Alan Turing", email="alan@example.com", stage=interview)
    client.force_login(hiring_member)

    links = stage_links(listing(client).content.decode())

    assert list(links) == ["New", "Reviewing", "Interview", "Offer", "Hired", "Rejected"]
    assert {name: count for name, (_, count) in links.items()} == {
        "New": 1,
        "Reviewing": 0,
        "Interview": 2,
        "Offer": 0,
        "Hired": 0,
        "Rejected": 0,
    }
    url = links["Interview"][0]
    assert url == reverse("applications:index") + "?stage=interview"
    html = client.get(url).content.decode()
    assert "Grace Hopper" in html and "Alan Turing" in html
    assert "Ada Lovelace" not in html
    assert 'aria-current="page"' in html[html.index("Applications by stage") :]


def test_an_unknown_stage_filters_nothing_in(client, hiring_member, backend):
    apply(backend)
    client.force_login(hiring_member)

    response = listing(client, stage="no-such-stage")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Lovelace" not in html
    assert "Select a valid choice." in html  # beside the stage filter


def queries_for_listing(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert listing(client).status_code == 200
    return len(queries)


def test_the_listing_makes_as_many_queries_for_thirty_applications_as_for_one(
    client, hiring_member, backend, designer, django_assert_max_num_queries
):
    client.force_login(hiring_member)
    apply(backend)
    listing(client)  # the first request of a session warms caches up
    one = queries_for_listing(client)
    stages = list(PipelineStage.objects.all())
    for number in range(30):
        apply(
            designer if number % 2 else backend,
            name=f"Applicant {number}",
            email=f"a{number}@example.com",
            stage=stages[number % len(stages)],
        )

    with django_assert_max_num_queries(one):
        assert listing(client).status_code == 200


def test_a_name_opens_the_candidate_page_and_describes_the_row_s_checkbox(
    client, hiring_member, backend
):
    application = apply(backend)
    client.force_login(hiring_member)

    html = listing(client).content.decode()

    title_id = f"application_{application.pk}_title"
    [name_cell] = [
        cell for cell in re.findall(r'<td class="title">.*?</td>', html, re.S) if title_id in cell
    ]
    inspect = reverse("applications:inspect", args=(application.pk,))
    assert re.search(
        rf'<a href="{inspect}">\s*<span id="{title_id}">Ada Lovelace</span>', name_cell
    )
    assert f'aria-describedby="{title_id}"' in html  # the row's checkbox
    assert re.search(r'<a href="[^"]*\?ordering=name"[^>]*>\s*Name\s*</a>', html)  # sortable
    # The row's buttons sit by the name: the edit form (which only sets the stage), delete.
    assert reverse("applications:edit", args=(application.pk,)) in name_cell
    assert reverse("applications:delete", args=(application.pk,)) in name_cell
