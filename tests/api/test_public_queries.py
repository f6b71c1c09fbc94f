"""The lookups the public API compiles once (careers_pages/public_queries.py)
answer as the querysets they are compiled from."""

import datetime

import pytest
from django.db.models import DateTimeField
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from careers_pages import public_queries
from careers_pages.models import (
    CareersIndexPage,
    Department,
    HiringOrganization,
    JobPostingPage,
)
from careers_pages.public_queries import CompiledQuery, Param
from tests.factories import add_posting


@pytest.fixture
def index(db):
    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=CareersIndexPage(title="Careers", slug="careers"))
    index.save_revision().publish()
    return CareersIndexPage.objects.get(pk=index.pk)


def expiring(posting, delta: datetime.timedelta):
    """Set ``expire_at`` directly (a posting's own ``save`` derives it from its closing date)."""
    JobPostingPage.objects.filter(pk=posting.pk).update(expire_at=timezone.now() + delta)
    return JobPostingPage.objects.get(pk=posting.pk)


def fields_of(page) -> dict:
    return {f.attname: getattr(page, f.attname) for f in type(page)._meta.concrete_fields}


def test_a_compiled_query_runs_with_new_values_and_matches_the_orm(index):
    expiring(add_posting(index, "past"), -datetime.timedelta(minutes=1))
    soon = expiring(add_posting(index, "soon"), datetime.timedelta(minutes=1))
    query = CompiledQuery(
        lambda: JobPostingPage.objects.filter(expire_at__gt=Param("now", DateTimeField())).order_by(
            "path"
        )
    )

    assert [p.slug for p in query(now=timezone.now())] == ["soon"]
    assert query(now=soon.expire_at) == []  # the same SQL, another value
    earlier = timezone.now() - datetime.timedelta(hours=1)
    assert [fields_of(p) for p in query(now=earlier)] == [
        fields_of(p) for p in JobPostingPage.objects.filter(expire_at__gt=earlier).order_by("path")
    ]


def test_an_open_posting_comes_with_its_department_and_locale_in_one_query(
    index, django_assert_num_queries
):
    department = Department.objects.create(name="Engineering", slug="engineering")
    posting = add_posting(index, "back-end", department=department)

    with django_assert_num_queries(1):
        found = public_queries.open_posting(index, "back-end")
        assert (found.department.name, found.locale.language_code) == ("Engineering", "en")
    assert fields_of(found) == fields_of(posting)
    assert list(found.responsibilities.raw_data) == list(posting.responsibilities.raw_data)


def test_only_open_postings_of_the_index_are_found(index):
    add_posting(index, "open")
    expiring(add_posting(index, "expired"), -datetime.timedelta(seconds=1))
    private = add_posting(index, "private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    add_posting(index, "unpublished").unpublish()
    elsewhere = index.get_parent().add_child(instance=CareersIndexPage(title="Old", slug="old"))
    add_posting(elsewhere, "elsewhere")

    found = [
        slug
        for slug in ("open", "expired", "private", "unpublished", "elsewhere")
        if public_queries.open_posting(index, slug)
    ]
    assert found == ["open"]


def test_the_careers_index_is_hidden_by_a_restriction_on_an_ancestor(index):
    assert public_queries.careers_index() == index
    PageViewRestriction.objects.create(page=index.get_parent(), restriction_type="login")
    assert public_queries.careers_index() is None


def test_the_hiring_organization_is_that_of_the_index_site(index, rf):
    other_root = index.get_parent().get_parent().add_child(title="Other", slug="other")
    Site.objects.create(hostname="other.example", root_page=other_root, site_name="Other")
    organization = HiringOrganization.for_site(Site.objects.get(is_default_site=True))
    organization.name = "Hoppscotch"
    organization.save()

    assert HiringOrganization.for_page(index).display_name == "Hoppscotch"
    other_index = other_root.add_child(instance=CareersIndexPage(title="Jobs", slug="jobs"))
    found = HiringOrganization.for_page(other_index)  # never saved: stored with its defaults
    assert (found.pk is not None, found.display_name) == (True, "Other")


def test_on_postgresql_the_lookups_become_prepared_statements(index, django_assert_num_queries):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL matter; SQLite caches its own")
    add_posting(index, "back-end")
    for _ in range(6):  # prepared after 5 runs on a connection (settings: prepare_threshold)
        assert public_queries.open_posting(index, "back-end").slug == "back-end"
    with django_assert_num_queries(1) as queries:  # and still logged, with its values
        public_queries.open_posting(index, "back-end")
    assert "'back-end'" in queries.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"careers_pages_jobpostingpage"' in statement for statement in prepared)
