"""``RowReader`` reads a row as ``Manager.raw`` does, whatever the order of its
columns and whichever of the model's fields it leaves out."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection

from api import lookups
from careers_pages.models import Department

pytestmark = pytest.mark.django_db


def as_loaded(obj) -> dict:
    return {name: value for name, value in vars(obj).items() if name != "_state"}


@pytest.mark.parametrize(
    "columns",
    [
        "name, id",
        "slug, name, id",
        "icon, slug, name, id",
        "id, name",
        "name, id, 7 AS extra",
        # Of two columns named after a field the first is the field, as in Manager.raw.
        "id, name, 'Other' AS name",
    ],
)
def test_columns_in_another_order_than_the_fields_are_read_as_manager_raw(columns):
    Department.objects.create(name="Design", slug="design", icon="pen")
    sql = f"SELECT {columns} FROM careers_pages_department"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    reader = lookups.RowReader.for_columns(Department, names, connection)
    read = reader.instance(DEFAULT_DB_ALIAS, row, connection)
    by_raw = next(iter(Department.objects.raw(sql)))
    assert as_loaded(read) == as_loaded(by_raw)
    assert (read.pk, read.name) == (by_raw.pk, "Design")


def test_columns_without_the_primary_key_have_no_reader():
    assert lookups.RowReader.for_columns(Department, ["name", "slug"], connection) is None


def loaded_fields(obj) -> dict:
    """The concrete fields ``obj`` has loaded, by attname."""
    loaded = vars(obj)
    return {
        f.attname: loaded[f.attname] for f in type(obj)._meta.concrete_fields if f.attname in loaded
    }


@pytest.mark.parametrize("valid_through", [None, "2099-12-31"])
def test_each_lookup_answers_the_field_values_the_orm_loads(valid_through):
    """Dates, datetimes, booleans, nulls, JSON and StreamFields, the pay ranges'
    decimals and the related rows: as the querysets they are captured from."""
    import datetime

    from wagtail.models import Site

    from careers_pages import pay, visibility
    from careers_pages.models import CareersIndexPage, JobPostingPage, PayRange
    from tests.factories import add_posting

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=CareersIndexPage(title="Careers", slug="careers"))
    index.save_revision().publish()
    index = CareersIndexPage.objects.get(pk=index.pk)
    department = Department.objects.create(name="Design", slug="design", icon="pen")
    ranges = [PayRange(label="Berlin", min=60000, max=80000.5, currency="EUR", interval="YEAR")]
    extra = {"valid_through": datetime.date.fromisoformat(valid_through)} if valid_through else {}
    add_posting(index, "paid", department=department, pay_ranges=ranges, **extra)
    lookups._captured.clear()
    for _ in range(2):  # captured on the first call, run from the capture on the second
        found = lookups.open_posting(index, "paid")
        orm = pay.with_pay_ranges(visibility.open_postings(index)).filter(slug="paid").first()
        got = loaded_fields(found)
        assert got and got == {k: v for k, v in loaded_fields(orm).items() if k in got}
        assert pay.pay_ranges(found) == pay.pay_ranges(orm)
        assert loaded_fields(found.department) == loaded_fields(orm.department)
        assert loaded_fields(found.locale) == loaded_fields(orm.locale)
        assert isinstance(found, JobPostingPage)
        found_index, orm_index = lookups.careers_index(), visibility.careers_index()
        got = loaded_fields(found_index)
        assert got == {k: v for k, v in loaded_fields(orm_index).items() if k in got}
