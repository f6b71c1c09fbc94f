"""Pay ranges: the jurisdiction rule, the admin form, publishing refused where
pay-transparency law requires a range (admin, import, scheduled publishing),
and the Careers Markdown keys."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset

from careers_pages import pay
from careers_pages.markdown import CareersFormatError, Salary, parse_posting, render_posting
from careers_pages.models import CareersIndexPage, JobPostingPage, PayRange, PostingLocation
from tests.content.test_locations import posting
from tests.factories import editor_form

DEFAULT = pay.DEFAULT_JURISDICTIONS


# The rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "remote", "countries", "expected"),
    [
        ([("Berlin", "", "DE")], False, None, ["Berlin, Germany"]),
        ([("Bengaluru", "Karnataka", "IN")], False, None, []),
        ([("Denver", "CO", "US")], False, None, ["Denver, CO, United States"]),
        ([("Denver", "Colorado", "US")], False, None, ["Denver, Colorado, United States"]),
        ([("Austin", "TX", "US")], False, None, []),
        ([("", "", "US")], False, None, ["United States"]),  # any state: may be one
        ([("Oslo", "", "NO"), ("Reykjavik", "", "IS")], False, None, ["Oslo, Norway", "Reykjavik, Iceland"]),
        ([], True, ["IN", "FR"], ["Remote (France)"]),
        ([], True, None, []),  # remote from anywhere names no jurisdiction
        ([], False, ["FR"], []),  # remote countries count only for remote postings
    ],
)  # fmt: skip
def test_places_requiring_pay(places, remote, countries, expected):
    found = pay.places_requiring_pay(
        places, remote=remote, remote_countries=countries, jurisdictions=DEFAULT
    )
    assert found == expected


def test_the_default_jurisdictions():
    assert set(pay.US_PAY_TRANSPARENCY_STATES) == {
        f"US-{s}" for s in ["CA", "CO", "HI", "IL", "MD", "MA", "MN", "NJ", "NY", "VT", "WA", "DC"]
    }
    assert len(pay.EU_EEA_COUNTRIES) == 30  # 27 EU members, Iceland, Liechtenstein, Norway
    assert {"DE", "FR", "IS", "LI", "NO"} <= set(DEFAULT)
    assert "GB" not in DEFAULT and "CH" not in DEFAULT


@pytest.mark.django_db
def test_the_setting_decides(settings):
    settings.CAREERS_PAY_TRANSPARENCY_JURISDICTIONS = ["US-TX"]
    page = JobPostingPage(workplace_type="on-site")
    page.posting_locations = [PostingLocation(city="Austin", region="TX", country="US")]
    assert pay.posting_places_requiring_pay(page) == ["Austin, TX, United States"]
    page.posting_locations = [PostingLocation(city="Berlin", country="DE")]
    assert pay.posting_places_requiring_pay(page) == []
    page.pay_ranges = [PayRange(min=1, max=2, currency="USD", interval="HOUR")]
    page.posting_locations = [PostingLocation(city="Austin", region="TX", country="US")]
    assert pay.posting_places_requiring_pay(page) == []  # it has a range


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((60000, 80000, "EUR", "YEAR"), "€60,000–€80,000 a year"),
        ((25, None, "USD", "HOUR"), "from $25 an hour"),
        ((None, 90000, "CHF", "YEAR"), "up to 90,000 CHF a year"),
        ((4000.5, 4000.5, "GBP", "MONTH"), "£4,000.50 a month"),
    ],
)
def test_range_text_is_for_people(values, expected):
    assert pay.range_text(*values) == expected


# The admin ---------------------------------------------------------------------


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("careers_pages", "jobpostingpage", index.pk))


BERLIN = inline_formset([{"city": "Berlin", "region": "", "country": "DE"}])
RANGE = {"label": "", "min": "60000", "max": "80000", "currency": "eur", "interval": "YEAR"}


@pytest.mark.django_db
def test_publishing_in_berlin_without_a_range_is_refused(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    data = editor_form(workplace_type="hybrid", posting_locations=BERLIN)
    response = admin_client.post(add_url(index), {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert (
        "Berlin, Germany requires a pay range (CAREERS_PAY_TRANSPARENCY_JURISDICTIONS)."
        in response.content.decode()
    )
    assert not JobPostingPage.objects.filter(slug="qa-engineer").exists()


@pytest.mark.django_db
def test_a_draft_in_berlin_without_a_range_is_saved(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    data = editor_form(workplace_type="hybrid", posting_locations=BERLIN)
    response = admin_client.post(add_url(index), data)  # Save draft
    assert response.status_code == 302
    assert not JobPostingPage.objects.get(slug="qa-engineer").live


@pytest.mark.django_db
def test_publishing_in_berlin_with_ranges_keeps_them_in_order(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    ranges = [RANGE, {**RANGE, "label": "Berlin", "min": "70000.50", "max": ""}]
    data = editor_form(
        workplace_type="hybrid",
        posting_locations=BERLIN,
        pay_ranges=inline_formset(ranges),
        compensation_note="Plus equity",
    )
    response = admin_client.post(add_url(index), {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.context["form"].errors
    page = JobPostingPage.objects.get(slug="qa-engineer")
    assert page.live and page.compensation_note == "Plus equity"
    assert [(r.label, r.min, r.max, r.currency) for r in pay.pay_ranges(page)] == [
        ("", 60000, 80000, "EUR"),
        ("Berlin", pay.Decimal("70000.50"), None, "EUR"),
    ]


@pytest.mark.django_db
def test_scheduling_a_publish_without_a_range_is_refused(admin_client, imported_site):
    index = CareersIndexPage.objects.get()
    later = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data = editor_form(workplace_type="on-site", posting_locations=BERLIN, go_live_at=later)
    response = admin_client.post(add_url(index), {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "Berlin, Germany requires a pay range" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_warns_while_the_hiring_organization_has_no_name(admin_client, imported_site):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    warning = "Search engines get no job markup (JSON-LD) for this posting"
    assert warning in admin_client.get(url).content.decode()
    from careers_pages.models import HiringOrganization

    organization = HiringOrganization.for_page(page)
    organization.name = "Hoppscotch"
    organization.save()
    assert warning not in admin_client.get(url).content.decode()


# Publishing outside the admin ----------------------------------------------------


@pytest.mark.django_db
def test_import_refuses_to_publish_without_a_range_naming_file_and_place(
    imported_site, tmp_path, capsys
):
    source = tmp_path / "berlin-role.md"
    source.write_text(
        posting("workplace_type: on-site\nlocations:\n- {city: Berlin, country: DE}\n")
    )
    with pytest.raises(Exception, match="Import refused"):
        call_command("import_careers", str(source), verbosity=0)
    assert (
        f"{source}: Berlin, Germany requires a pay range (CAREERS_PAY_TRANSPARENCY_JURISDICTIONS)."
        in capsys.readouterr().err
    )
    assert not JobPostingPage.objects.filter(slug="berlin-role").exists()
    # As a draft it is imported.
    call_command("import_careers", str(source), "--draft", verbosity=0)
    assert not JobPostingPage.objects.get(slug="berlin-role").live


@pytest.mark.django_db
def test_publish_of_a_revision_without_a_range_is_refused(imported_site):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.posting_locations = [PostingLocation(city="Paris", country="FR")]
    revision = page.save_revision()
    with pytest.raises(ValidationError, match="Paris, France requires a pay range"):
        revision.publish()


@pytest.mark.django_db
def test_scheduled_publishing_without_a_range_is_refused_and_logged(imported_site):
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.posting_locations = [PostingLocation(city="Paris", country="FR")]
    page.title = "Back-end Engineer (Paris)"
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    other = JobPostingPage.objects.get(slug="product-designer")
    other.title = "Product Designer II"
    other_revision = other.save_revision()
    other_revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    other_revision.save()

    call_command("publish_scheduled", verbosity=0)

    page.refresh_from_db()
    assert page.title == "Back-end Engineer"  # not published
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None  # unscheduled, not retried every run
    entry = PageLogEntry.objects.filter(page=page, action="careers_pages.publish_refused").get()
    assert "Paris, France requires a pay range" in entry.data["reason"]
    other.refresh_from_db()
    assert other.title == "Product Designer II"  # the others still go live


# Careers Markdown ----------------------------------------------------------------


def test_one_unnamed_range_is_written_as_salary_as_before():
    salary = "salary:\n  min: 60000\n  max: 72500.5\n  currency: EUR\n  interval: YEAR\n"
    text = posting(salary)
    doc = parse_posting(text, "p.md")
    assert doc.pay == [Salary(60000, pay.Decimal("72500.5"), "EUR", "YEAR")]
    out = render_posting(doc, index_url="/company/careers")
    assert salary in out and "- name:" not in out


def test_named_ranges_and_the_note_round_trip():
    """Several ranges: a list under salary:, each with an optional name (its
    location or zone), as the format gives it."""
    front = (
        "workplace_type: hybrid\n"
        "salary:\n"
        "- name: Berlin\n  min: 60000\n  max: 80000\n  currency: eur\n  interval: year\n"
        "- name: US zone A\n  min: 120000\n  max: 150000\n  currency: USD\n  interval: YEAR\n"
        "compensation_note: Plus equity and a yearly bonus\n"
    )
    doc = parse_posting(posting(front), "p.md")
    assert doc.pay == [
        Salary(60000, 80000, "EUR", "YEAR", "Berlin"),
        Salary(120000, 150000, "USD", "YEAR", "US zone A"),
    ]
    assert doc.compensation_note == "Plus equity and a yearly bonus"
    out = render_posting(doc, index_url="/company/careers")
    assert (
        "salary:\n- name: Berlin\n  min: 60000\n  max: 80000\n  currency: EUR\n  interval: YEAR\n"
        in out
    )
    assert "compensation_note: Plus equity and a yearly bonus\n" in out
    again = parse_posting(out, "p.md")
    assert (again.pay, again.compensation_note) == (doc.pay, doc.compensation_note)
    assert render_posting(again, index_url="/company/careers") == out


def test_a_note_beside_a_single_salary_keeps_the_salary_key():
    doc = parse_posting(
        posting("salary: {min: 1, currency: EUR, interval: HOUR}\ncompensation_note: Tips\n")
    )
    out = render_posting(doc, index_url="/company/careers")
    assert "salary:\n  min: 1\n  currency: EUR\n  interval: HOUR\n" in out
    assert parse_posting(out).compensation_note == "Tips"


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("salary: 3\n", 4, "'salary' must be one range"),
        ("salary: []\n", 4, "'salary' must be one range"),
        ("salary:\n- {min: 1, currency: EUR, interval: YEAR, zone: A}\n", 5, "unknown salary range 1 key 'zone'"),
        ("salary:\n- {min: 1, currency: EUR, interval: YEAR}\n- {min: lots, currency: EUR, interval: YEAR}\n", 6, "salary range 2 'min' must be a number, not 'lots'"),
        ("salary:\n- {name: Berlin, min: 9, max: 1, currency: EUR, interval: YEAR}\n", 5, "salary range 1 (Berlin) 'min' is greater than 'max'"),
        ("salary:\n- {name: 3, min: 1, currency: EUR, interval: YEAR}\n", 5, "'name' must be text"),
        ("salary:\n- {min: 1, currency: EURO, interval: YEAR}\n", 5, "'currency' must be an ISO 4217 code"),
        ("salary:\n- {min: 1, currency: EUR, interval: FORTNIGHT}\n", 5, "'interval' must be one of"),
        ("salary:\n- {currency: EUR, interval: YEAR}\n", 5, "needs a 'min' or a 'max'"),
        ("salary:\n- {min: .nan, currency: EUR, interval: YEAR}\n", 5, "must be a number"),
        ("salary:\n- {min: 1.005, currency: EUR, interval: YEAR}\n", 5, "at most two decimals"),
        ("salary: {min: 2, max: 1, currency: EUR, interval: YEAR}\n", 4, "salary 'min' is greater than 'max'"),
        ("salary: {min: 1, currency: EUR, interval: YEAR, name: B}\n", 4, "unknown salary key 'name'"),
        ("pay:\n- {min: 1, currency: EUR, interval: YEAR}\n", 4, "unknown front matter key 'pay'"),
        ("compensation_note: 3\n", 4, "'compensation_note' must be text"),
        ("compensation_pkg: x\n", 4, "unknown front matter key 'compensation_pkg'"),
    ],
)  # fmt: skip
def test_bad_pay_is_refused_naming_file_and_line(extra, line, message):
    with pytest.raises(CareersFormatError) as caught:
        parse_posting(posting("department: x\n" + extra), "p.md")
    assert message in caught.value.message
    assert str(caught.value).startswith(f"p.md:{line}:")


amounts = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**10 - 1, places=2, allow_nan=False),
)


@given(
    st.lists(
        st.tuples(
            amounts,
            amounts,
            st.from_regex(r"\A[A-Z]{3}\Z"),
            st.sampled_from(["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]),
            st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30),
        ),
        min_size=1,
        max_size=4,
    ),
    st.one_of(
        st.none(),
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
        ).filter(str.strip),
    ),
)
def test_any_pay_survives_the_round_trip(ranges, note):
    made = []
    for low, high, currency, interval, label in ranges:
        if low is None and high is None:
            low = pay.Decimal(0)
        if low is not None and high is not None and low > high:
            low, high = high, low
        made.append(Salary(low, high, currency, interval, label.strip()))
    doc = parse_posting(posting(), "p.md")
    doc.pay, doc.compensation_note = made, (note.strip() if note else None)
    out = render_posting(doc, index_url="/company/careers")
    again = parse_posting(out, "p.md")
    assert (again.pay, again.compensation_note) == (doc.pay, doc.compensation_note)
    assert render_posting(again, index_url="/company/careers") == out
