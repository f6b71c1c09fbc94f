import django_filters
from django.db.models import Case, When

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
        help_text="A department slug, such as engineering.",
    )
    location = django_filters.CharFilter(
        lookup_expr="icontains", help_text="Part of the location, in any case: 'remote'."
    )
    employment_type = django_filters.ChoiceFilter(choices=EMPLOYMENT_TYPE_CHOICES)
    workplace_type = django_filters.ChoiceFilter(choices=WORKPLACE_TYPE_CHOICES)
    q = django_filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Full-text search in titles, locations and texts.",
    )

    class Meta:
        model = JobPostingPage
        fields = ["department", "location", "employment_type", "workplace_type", "q"]

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
