"""The careers API's lookups on a cache miss (api/lookups.py) answer exactly
as the querysets of ``careers_pages.visibility`` they are captured from, in
one query each, on SQLite and on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import DateTimeField
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from api import lookups
from careers_pages import visibility
from careers_pages.models import (
    CareersIndexPage,
    Department,
    HiringOrganization,
    JobPostingPage,
)
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


def test_a_captured_query_runs_with_new_values_and_matches_the_orm(index):
    expiring(add_posting(index, "past"), -datetime.timedelta(minutes=1))
    soon = expiring(add_posting(index, "soon"), datetime.timedelta(minutes=1))
    stand_in = timezone.now() + datetime.timedelta(days=9999)
    query = lookups.capture(
        JobPostingPage.objects.filter(expire_at__gt=stand_in).order_by("path"),
        DEFAULT_DB_ALIAS,
        {"now": (stand_in, DateTimeField())},
    )

    assert [p.slug for p in query.run(DEFAULT_DB_ALIAS, now=timezone.now())] == ["soon"]
    assert query.run(DEFAULT_DB_ALIAS, now=soon.expire_at) == []  # the same SQL, another value
    earlier = timezone.now() - datetime.timedelta(hours=1)
    assert [fields_of(p) for p in query.run(DEFAULT_DB_ALIAS, now=earlier)] == [
        fields_of(p) for p in JobPostingPage.objects.filter(expire_at__gt=earlier).order_by("path")
    ]


def as_loaded(obj) -> dict:
    """Everything an instance holds but its state: its fields and annotations."""
    return {name: value for name, value in vars(obj).items() if name != "_state"}


def test_rows_are_read_as_manager_raw_reads_them(index):
    """Each lookup's rows become the instances ``Manager.raw`` makes of the same
    SQL and parameters: every field converted alike (dates, booleans, JSON,
    StreamFields), every other column an attribute, loaded from this database."""
    department = Department.objects.create(name="Design", slug="design", icon="pen")
    add_posting(index, "paid", department=department, pay_ranges=[])
    lookups._captured.clear()
    lookups.careers_index()
    lookups.open_posting(index, "paid")
    for key, query in lookups._captured.items():
        values = {
            "index": {"now": timezone.now()},
            "posting": {"now": timezone.now(), "slug": "paid"},
        }[key[0]]
        params = list(query.params)
        for name, (position, field) in query.slots.items():
            params[position] = field.get_db_prep_value(values[name], connection)
        by_raw = list(query.model.objects.raw(query.sql, params))
        by_reader = query.run(DEFAULT_DB_ALIAS, **values)
        assert len(by_reader) == len(by_raw) == 1
        assert as_loaded(by_reader[0]) == as_loaded(by_raw[0])
        assert (by_reader[0]._state.db, by_reader[0]._state.adding) == (DEFAULT_DB_ALIAS, False)


def test_a_stand_in_not_found_once_is_no_captured_query(index):
    stand_in = timezone.now()
    twice = JobPostingPage.objects.filter(expire_at__gt=stand_in, go_live_at__gt=stand_in)
    field = {"now": (stand_in, DateTimeField())}
    assert lookups.capture(twice, DEFAULT_DB_ALIAS, field) is None
    assert lookups.capture(JobPostingPage.objects.all(), DEFAULT_DB_ALIAS, field) is None


def test_a_statement_of_the_backend_sent_first_does_not_stop_the_capture(index):
    """On a new connection the backend may ask about itself before the query
    (SQLite checks its JSON support the first time a JSON expression runs, as
    the posting lookup's pay ranges do): the capture is still the query's."""
    add_posting(index, "back-end")
    lookups._captured.clear()
    asked = []

    def ask_first(execute, sql, params, many, context):
        if not asked:
            asked.append(sql)
            context["cursor"].execute("SELECT 1")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(ask_first):
        posting = lookups.open_posting(index, "back-end")
    assert asked and posting.slug == "back-end"
    captured = {key[0] for key, query in lookups._captured.items() if query is not None}
    assert "posting" in captured


def test_the_lookups_are_captured_on_this_database(index):
    """Not the fallback: each stand-in was found in the SQL Django sent."""
    add_posting(index, "back-end")
    lookups.careers_index()
    lookups.open_posting(index, "back-end")
    lookups.hiring_organization(index)
    lookups.posting_locations(JobPostingPage.objects.get(slug="back-end"))
    lookups.privacy_notice()
    captured = {key[0] for key, query in lookups._captured.items() if query is not None}
    assert captured == {"index", "posting", "organization", "locations", "notice"}


def test_an_open_posting_comes_with_its_department_and_locale_in_one_query(
    index, django_assert_num_queries
):
    department = Department.objects.create(name="Engineering", slug="engineering", icon="cog")
    posting = add_posting(index, "back-end", department=department)
    lookups.open_posting(index, "back-end")  # captured on the first call

    with django_assert_num_queries(1):
        found = lookups.open_posting(index, "back-end")
        assert (found.department.name, found.locale.language_code) == ("Engineering", "en")
    assert fields_of(found) == fields_of(posting)
    assert fields_of(found.department) == fields_of(department)
    assert fields_of(found) == fields_of(visibility.open_posting(index, "back-end"))
    assert list(found.responsibilities.raw_data) == list(posting.responsibilities.raw_data)
    assert not any(name.startswith("related_") for name in vars(found))


def test_a_posting_without_a_department_has_none(index):
    add_posting(index, "back-end")
    assert lookups.open_posting(index, "back-end").department is None


def test_only_open_postings_of_the_index_are_found(index):
    add_posting(index, "open")
    expiring(add_posting(index, "expired"), -datetime.timedelta(seconds=1))
    for kind in ("login", "password", "groups"):
        restricted = add_posting(index, kind)
        PageViewRestriction.objects.create(page=restricted, restriction_type=kind, password="x")
    add_posting(index, "unpublished").unpublish()
    elsewhere = index.get_parent().add_child(instance=CareersIndexPage(title="Old", slug="old"))
    add_posting(elsewhere, "elsewhere")

    slugs = ("open", "expired", "login", "password", "groups", "unpublished", "elsewhere")
    found = [slug for slug in slugs if lookups.open_posting(index, slug)]
    assert found == ["open"]
    assert found == [slug for slug in slugs if visibility.open_posting(index, slug)]


def test_the_careers_index_is_hidden_by_a_restriction_on_an_ancestor(index):
    assert lookups.careers_index() == index
    assert lookups.careers_index().locale.language_code == "en"
    PageViewRestriction.objects.create(page=index.get_parent(), restriction_type="login")
    assert lookups.careers_index() is None


def test_the_careers_index_is_hidden_once_it_expires(index):
    CareersIndexPage.objects.filter(pk=index.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert lookups.careers_index() is None


def test_the_hiring_organization_is_that_of_the_index_site(index, django_assert_num_queries):
    other_root = index.get_parent().get_parent().add_child(title="Other", slug="other")
    Site.objects.create(hostname="other.example", root_page=other_root, site_name="Other")
    organization = HiringOrganization.for_site(Site.objects.get(is_default_site=True))
    organization.name = "Hoppscotch"
    organization.save()

    index.get_url_parts()  # Wagtail's site root paths, cached
    with django_assert_num_queries(1):
        assert HiringOrganization.for_page(index).name == "Hoppscotch"
    lookups.hiring_organization(index)  # captured on the first call
    with django_assert_num_queries(1):
        assert lookups.hiring_organization(index).name == "Hoppscotch"
    other_index = other_root.add_child(instance=CareersIndexPage(title="Jobs", slug="jobs"))
    found = lookups.hiring_organization(other_index)  # never saved: stored with its defaults
    assert (found.pk is not None, found.name) == (True, "")  # never the site's name
    assert lookups.hiring_organization(other_index).pk == found.pk


def test_on_postgresql_a_repeated_lookup_becomes_a_prepared_statement(index, settings):
    """PostgreSQL plans each lookup once per connection: psycopg prepares it
    after ``prepare_threshold`` runs, as it binds on the server for them only."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    add_posting(index, "backend", title="Back-end Engineer")

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(threshold + 1):
        assert lookups.open_posting(index, "backend").title == "Back-end Engineer"
        assert lookups.careers_index().pk == index.pk
    assert prepared() == before + 2
    # Django's own queries still bind on the client.
    assert JobPostingPage.objects.get(slug="backend").title == "Back-end Engineer"


def test_the_locations_lookup_answers_the_relation_in_order(index, django_assert_num_queries):
    from careers_pages.models import PayRange, PostingLocation

    posting = add_posting(index, "backend")
    posting.posting_locations = [
        PostingLocation(city="Berlin", country="DE"),
        PostingLocation(city="Austin", region="TX", country="US"),
    ]
    posting.pay_ranges = [PayRange(min=1, currency="EUR", interval="HOUR")]  # Berlin needs one
    posting.save_revision().publish()
    posting = JobPostingPage.objects.get(pk=posting.pk)
    lookups.posting_locations(posting)  # captured on first use
    with django_assert_num_queries(1):
        found = lookups.posting_locations(posting)
    expected = list(posting.posting_locations.all())
    assert [(p.pk, p.city, p.region, p.country) for p in found] == [
        (p.pk, p.city, p.region, p.country) for p in expected
    ]
    assert [p.city for p in found] == ["Berlin", "Austin"]
    assert lookups.posting_locations(add_posting(index, "nowhere")) == []


def test_the_privacy_notice_lookup_is_the_current_version(index):
    from careers_pages.hiring.models import PrivacyNotice

    assert lookups.privacy_notice() is None
    PrivacyNotice.objects.create(text="First notice")
    notice = PrivacyNotice.objects.create(text="Second notice")
    found = lookups.privacy_notice()
    assert (found.pk, found.version, found.text) == (notice.pk, notice.version, "Second notice")
    assert found == PrivacyNotice.current()


def test_an_open_posting_brings_its_pay_ranges_in_its_own_row(index, django_assert_num_queries):
    from careers_pages import pay
    from careers_pages.models import PayRange

    ranges = [
        PayRange(label="Berlin", min=60000, max=80000.5, currency="EUR", interval="YEAR"),
        PayRange(min=25, currency="USD", interval="HOUR"),
    ]
    add_posting(index, "paid", pay_ranges=ranges)
    add_posting(index, "unpaid")
    lookups.open_posting(index, "paid")  # captured on the first call

    with django_assert_num_queries(1):
        found = pay.pay_ranges(lookups.open_posting(index, "paid"))
    assert [(r.label, r.min, r.max, r.currency, r.interval) for r in found] == [
        ("Berlin", Decimal("60000.00"), Decimal("80000.50"), "EUR", "YEAR"),
        ("", Decimal("25.00"), None, "USD", "HOUR"),
    ]
    stored = pay.pay_ranges(JobPostingPage.objects.get(slug="paid"))
    assert [r.pk for r in found] == [r.pk for r in stored]
    with django_assert_num_queries(1):
        assert pay.pay_ranges(lookups.open_posting(index, "unpaid")) == []
