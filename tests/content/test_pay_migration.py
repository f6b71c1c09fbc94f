"""careers_pages 0010 (0012 before the squash): each posting's salary_*
becomes one pay range, in the page and in its revisions (so that publishing an
old revision keeps its pay), and back."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from careers_pages import pay
from careers_pages.models import JobPostingPage
from tests.factories import DEMO, latest_migrations, migrate

#: careers_pages just after the split, when postings had salary_* fields.
BEFORE = [("careers_pages", "0009_hiring_previews_webhooks_apps")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_salaries_become_pay_ranges_in_pages_and_revisions_and_back():
    call_command("import_careers", str(DEMO), stdout=io.StringIO())
    slug = "site-reliability-engineer"  # the demo posting with a salary

    old = migrate(BEFORE)
    Page = old.get_model("careers_pages", "JobPostingPage")
    Revision = old.get_model("wagtailcore", "Revision")
    page = Page.objects.get(slug=slug)
    assert (page.salary_min, page.salary_max, page.salary_currency) == (70000, 95000, "EUR")
    [revision] = Revision.objects.filter(object_id=str(page.pk))
    assert revision.content["salary_min"] in ("70000.00", 70000)
    assert "pay_ranges" not in revision.content
    # An older revision, with another salary, to publish after the migration;
    # and a posting without a salary.
    earlier = dict(revision.content, salary_min="50000.00", salary_max=None, title="SRE")
    earlier_revision = Revision.objects.create(
        content_type_id=revision.content_type_id,
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
        content=earlier,
        object_str="SRE",
        created_at=revision.created_at - datetime.timedelta(days=1),
    )
    unpaid = Page.objects.exclude(slug=slug).first()

    migrate(latest_migrations())

    page = JobPostingPage.objects.get(slug=slug)
    [only] = pay.pay_ranges(page)
    assert (only.label, only.min, only.max, only.currency, only.interval) == (
        "",
        Decimal("70000.00"),
        Decimal("95000.00"),
        "EUR",
        "YEAR",
    )
    assert pay.pay_ranges(JobPostingPage.objects.get(pk=unpaid.pk)) == []
    revision = page.revisions.get(pk=earlier_revision.pk)
    assert not any(key.startswith("salary_") for key in revision.content)
    revision.publish()
    page = JobPostingPage.objects.get(slug=slug)
    assert page.title == "SRE"
    assert [(r.min, r.max, r.currency) for r in pay.pay_ranges(page)] == [
        (Decimal("50000.00"), None, "EUR")
    ]

    old = migrate(BEFORE)  # and back
    Page = old.get_model("careers_pages", "JobPostingPage")
    page = Page.objects.get(slug=slug)
    assert (page.salary_min, page.salary_max, page.salary_currency) == (50000, None, "EUR")
    migrate(latest_migrations())
