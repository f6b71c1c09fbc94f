import django_filters
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Concat, Replace
from rest_framework.exceptions import ValidationError

from careers_pages.markdown.locations import country_code
from careers_pages.models import (
    EMPLOYMENT_TYPE_CHOICES,
    WORKPLACE_TYPE_CHOICES,
    Department,
    JobPostingPage,
)

SEARCH_MAX_LENGTH = 200


class PostingFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "'%(value)s' is not a department slug."},
        help_text="A department slug, such as engineering.",
    )
    location = django_filters.CharFilter(
        lookup_expr="icontains", help_text="Part of the location, in any case: 'remote'."
    )
    country = django_filters.CharFilter(
        method="in_country",
        help_text="An ISO 3166-1 alpha-2 code, such as DE: postings located in that country, "
        "and remote postings open to applicants living there (or anywhere).",
    )
    employment_type = django_filters.ChoiceFilter(
        choices=EMPLOYMENT_TYPE_CHOICES,
        error_messages={"invalid_choice": "'%(value)s' is not an employment type."},
    )
    workplace_type = django_filters.ChoiceFilter(
        choices=WORKPLACE_TYPE_CHOICES,
        error_messages={"invalid_choice": "'%(value)s' is not a workplace type."},
    )
    q = django_filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": "Must be at most %(limit_value)d characters, not %(show_value)d "
            "('%(value).20s…')."
        },
        help_text="Full-text search in titles, locations and texts.",
    )

    class Meta:
        model = JobPostingPage
        fields = ["department", "location", "country", "employment_type", "workplace_type", "q"]

    def in_country(self, queryset, name, value):
        code = country_code(value)
        if code is None:
            raise ValidationError(
                {name: [f"'{value}' is not an ISO 3166-1 alpha-2 country code, such as DE."]}
            )
        # Remote eligibility is a comma-separated list of codes; match it whole-token
        # by padding both sides, so 'DE' never matches inside another code.
        padded = Concat(
            Value(","), Replace("remote_country_codes", Value(" "), Value("")), Value(",")
        )
        remote = Q(workplace_type="remote") & (
            Q(remote_country_codes="") | Q(_remote_padded__contains=f",{code},")
        )
        return (
            queryset.annotate(_remote_padded=padded)
            .filter(Q(posting_locations__country=code) | remote)
            .distinct()
        )

    def search(self, queryset, name, value):
        """Wagtail's search (PostgreSQL full text, SQLite FTS), ranked, within
        the already filtered postings."""
        value = value.strip()
        if not value:
            return queryset
        ranked = [hit.pk for hit in JobPostingPage.objects.search(value, operator="and")]
        if not ranked:
            return queryset.none()
        by_rank = Case(*(When(pk=pk, then=rank) for rank, pk in enumerate(ranked)))
        return queryset.filter(pk__in=ranked).order_by(by_rank)
