"""Pay transparency: a posting's pay ranges, the rules a range follows, and
which of a posting's places require one (``CAREERS_PAY_TRANSPARENCY_JURISDICTIONS``).

- :func:`pay_ranges` is the one way to read a posting's ranges (the API,
  JSON-LD, the job-board feeds, the pages and the exporter use it).
- :func:`range_problems` says what is wrong with one range; the admin form,
  the model's ``clean()`` and the import all word their errors with it.
- :func:`places_requiring_pay` is the pure rule: given the posting's
  structured locations, whether it is remote and where remote applicants may
  live, and the jurisdictions, it names the places that require a range.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Aggregate, F, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject

if TYPE_CHECKING:
    from .models import JobPostingPage, PayRange

SETTING = "CAREERS_PAY_TRANSPARENCY_JURISDICTIONS"
CENT = Decimal("0.01")

#: US states (and DC) with pay-range posting laws, as ISO 3166-2 codes.
US_PAY_TRANSPARENCY_STATES = (
    "US-CA",
    "US-CO",
    "US-HI",
    "US-IL",
    "US-MD",
    "US-MA",
    "US-MN",
    "US-NJ",
    "US-NY",
    "US-VT",
    "US-WA",
    "US-DC",
)
#: The EU (Pay Transparency Directive 2023/970) and the rest of the EEA.
EU_EEA_COUNTRIES = {
    "AT": "Austria",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "HR": "Croatia",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DK": "Denmark",
    "EE": "Estonia",
    "FI": "Finland",
    "FR": "France",
    "DE": "Germany",
    "GR": "Greece",
    "HU": "Hungary",
    "IE": "Ireland",
    "IT": "Italy",
    "LV": "Latvia",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "MT": "Malta",
    "NL": "Netherlands",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SK": "Slovakia",
    "SI": "Slovenia",
    "ES": "Spain",
    "SE": "Sweden",
    "IS": "Iceland",
    "LI": "Liechtenstein",
    "NO": "Norway",
}
DEFAULT_JURISDICTIONS = (*US_PAY_TRANSPARENCY_STATES, *EU_EEA_COUNTRIES)

#: Names for messages; a code not here is shown as the code.
COUNTRY_NAMES = {**EU_EEA_COUNTRIES, "US": "United States", "GB": "United Kingdom"}
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming",
}  # fmt: skip
_STATE_CODES = {name.lower(): code for code, name in US_STATES.items()}


#: The annotation :func:`with_pay_ranges` adds: the ranges as JSON rows.
ROWS = "pay_range_rows"


def pay_ranges(page: JobPostingPage) -> list[PayRange]:
    """The posting's pay ranges, in the editor's order. Works on a live page
    and on a revision's or preview's unsaved copy alike (modelcluster's
    in-memory relation), and on a page of a :func:`with_pay_ranges`
    queryset without a query of its own."""
    from .models import PayRange

    rows = vars(page).get(ROWS, False)
    if rows is False:
        return list(page.pay_ranges.all())
    if isinstance(rows, str):  # SQLite gives the JSON as text; PostgreSQL decoded
        rows = json.loads(rows)
    fields = ("id", "sort_order", "label", "min", "max", "currency", "interval")
    ranges = [
        PayRange(
            page_id=page.pk,
            **{name: row[name] for name in fields if name not in ("min", "max")},
            min=None if row["min"] is None else Decimal(str(row["min"])).quantize(CENT),
            max=None if row["max"] is None else Decimal(str(row["max"])).quantize(CENT),
        )
        for row in rows or ()
    ]
    return sorted(ranges, key=lambda r: (r.sort_order is None, r.sort_order or 0, r.pk))


class JSONRows(Aggregate):
    """The aggregated values as one JSON array: ``json_group_array`` on
    SQLite, ``jsonb_agg`` on PostgreSQL (jsonb, which Django reads as text)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def with_pay_ranges(queryset):
    """``queryset`` of postings with each one's pay ranges in its own row (the
    ``ROWS`` annotation), which :func:`pay_ranges` reads: the API's lists and
    lookups read the ranges without a query more."""
    from .models import PayRange

    fields = ("id", "sort_order", "label", "min", "max", "currency", "interval")
    rows = (
        PayRange.objects.filter(page_id=OuterRef("pk"))
        .order_by()
        .values("page_id")
        .annotate(rows=JSONRows(JSONObject(**{name: F(name) for name in fields})))
        .values("rows")
    )
    return queryset.annotate(**{ROWS: Subquery(rows)})


def range_problems(minimum, maximum, currency: str, interval: str) -> dict[str, str]:
    """What is wrong with one range, by field: at least one amount, the
    maximum not below the minimum, a three-letter currency, an interval."""
    problems: dict[str, str] = {}
    if minimum is None and maximum is None:
        problems["min"] = "give a minimum, a maximum or both"
    if minimum is not None and maximum is not None and minimum > maximum:
        problems["max"] = "the maximum is lower than the minimum"
    if not currency:
        problems["currency"] = "give the currency"
    elif not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        problems["currency"] = "use a three-letter ISO 4217 code, such as EUR"
    if not interval:
        problems["interval"] = "say whether the pay is per hour, day, week, month or year"
    return problems


def range_name(position: int, label: str) -> str:
    """'Pay range 2 (Berlin)': how messages name the range at ``position`` (from 1)."""
    return f"Pay range {position}" + (f" ({label})" if label else "")


def jurisdiction_of(country: str, region: str) -> str:
    """A place's jurisdiction code: ``US-CA`` for a US state (given as its
    code or its name), else the country code."""
    country = country.strip().upper()
    if country == "US" and region.strip():
        region = region.strip()
        code = region.upper() if region.upper() in US_STATES else _STATE_CODES.get(region.lower())
        if code:
            return f"US-{code}"
    return country


def place_name(city: str, region: str, country: str) -> str:
    """'Berlin, Germany', 'Denver, CO, United States', 'Germany'."""
    parts = [city.strip(), region.strip(), COUNTRY_NAMES.get(country, country)]
    return ", ".join(part for part in parts if part)


def _covered(country: str, region: str, jurisdictions: frozenset[str]) -> bool:
    """Whether a place falls under one of ``jurisdictions``. A US place
    without a state may be in any of them: it counts when any US state is listed."""
    code = jurisdiction_of(country, region)
    if code in jurisdictions:
        return True
    return code == "US" and any(j.startswith("US-") for j in jurisdictions)


def places_requiring_pay(
    places: Iterable[tuple[str, str, str]],
    *,
    remote: bool,
    remote_countries: Sequence[str] | None,
    jurisdictions: Iterable[str],
) -> list[str]:
    """The names of the places that require a pay range, in order.

    ``places`` are the structured locations as ``(city, region, country)``.
    A remote posting is also open to applicants living in ``remote_countries``:
    each of those counts as a place. A remote posting open to anywhere
    (``remote_countries`` None) names no jurisdiction, so none is added for it."""
    listed = frozenset(code.strip().upper() for code in jurisdictions if code.strip())
    if not listed:
        return []
    names = [
        place_name(city, region, country)
        for city, region, country in places
        if _covered(country, region, listed)
    ]
    if remote and remote_countries:
        names.extend(
            f"Remote ({place_name('', '', code)})"
            for code in remote_countries
            if _covered(code, "", listed)
        )
    return names


def posting_places_requiring_pay(page: JobPostingPage) -> list[str]:
    """:func:`places_requiring_pay` for a posting without a pay range (for one
    with a range, nothing is missing: an empty list), under the setting."""
    from django.conf import settings

    from . import locations

    if pay_ranges(page):
        return []
    return places_requiring_pay(
        [(p.city, p.region, p.country) for p in locations.posting_locations(page)],
        remote=locations.is_remote(page),
        remote_countries=locations.remote_countries(page),
        jurisdictions=getattr(settings, SETTING),
    )


def refusal(places: Sequence[str]) -> str:
    """The message a refused publish shows: 'Berlin, Germany requires a pay range (…)'."""
    verb = "requires" if len(places) == 1 else "require"
    return f"{' and '.join(places)} {verb} a pay range ({SETTING})."


def amount(value: Decimal | None) -> int | float | None:
    """An amount as a JSON number: an integer when whole, else a float."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


INTERVAL_WORDS = {
    "HOUR": "an hour",
    "DAY": "a day",
    "WEEK": "a week",
    "MONTH": "a month",
    "YEAR": "a year",
}
CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£", "INR": "₹", "JPY": "¥"}


def _money(value, currency: str) -> str:
    value = Decimal(str(value))
    digits = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{digits}" if sign else f"{digits} {currency}"


def range_text(minimum, maximum, currency: str, interval: str) -> str:
    """A range for people: '€60,000–€80,000 a year', 'from $25 an hour',
    'up to 90,000 CHF a year'."""
    per = INTERVAL_WORDS.get(interval, "a year")
    if (
        minimum is not None
        and maximum is not None
        and Decimal(str(minimum)) != Decimal(str(maximum))
    ):
        amounts = f"{_money(minimum, currency)}–{_money(maximum, currency)}"
    elif minimum is not None:
        amounts = _money(minimum, currency)
        amounts = amounts if maximum is not None else f"from {amounts}"
    else:
        amounts = f"up to {_money(maximum, currency)}"
    return f"{amounts} {per}"
