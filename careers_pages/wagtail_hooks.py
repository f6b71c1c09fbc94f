"""Wagtail admin: departments as snippets and a listing of job postings."""

from django_filters import ModelMultipleChoiceFilter, MultipleChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import (
    EMPLOYMENT_TYPE_CHOICES,
    WORKPLACE_TYPE_CHOICES,
    Department,
    JobPostingPage,
)


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = "Departments"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug", "icon", "sort_order"]
    search_fields = ["name"]


class JobPostingFilterSet(PageFilterSet):
    department = ModelMultipleChoiceFilter(queryset=Department.objects.all())
    employment_type = MultipleChoiceFilter(choices=EMPLOYMENT_TYPE_CHOICES)
    workplace_type = MultipleChoiceFilter(choices=WORKPLACE_TYPE_CHOICES)

    class Meta:
        model = JobPostingPage
        fields = []


class JobPostingListingViewSet(PageListingViewSet):
    model = JobPostingPage
    icon = "user"
    menu_label = "Job postings"
    menu_order = 200
    add_to_admin_menu = True
    filterset_class = JobPostingFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        Column("department", label="Department", sort_key="department__name"),
        Column("location", label="Location", sort_key="location"),
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
        DateColumn(
            "latest_revision_created_at", label="Updated", sort_key="latest_revision_created_at"
        ),
    ]


register_snippet(DepartmentViewSet)


@hooks.register("register_admin_viewset")
def register_job_posting_listing():
    return JobPostingListingViewSet("job_postings")
