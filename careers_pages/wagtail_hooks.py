"""Wagtail admin: departments as snippets and a listing of job postings."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django_filters import ModelMultipleChoiceFilter, MultipleChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import (
    EMPLOYMENT_TYPE_CHOICES,
    PUBLISH_REFUSED,
    WORKPLACE_TYPE_CHOICES,
    Department,
    HiringOrganization,
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


@hooks.register("register_log_actions")
def register_pay_log_actions(actions):
    actions.register_action(
        PUBLISH_REFUSED,
        "Scheduled publishing refused",
        "Scheduled publishing refused: the posting has no pay range",
    )


def warn_without_hiring_organization(request, page):
    """On a posting's edit and create views (``page``: the posting, or the
    parent it is created under): while Settings → Hiring organization of its
    site has no name, search engines get no job markup for any posting."""
    if request.method != "GET":
        return
    site = page.get_site() or Site.find_for_request(request)
    if site is None or HiringOrganization.for_site(site).name.strip():
        return
    url = reverse("wagtailsettings:edit", args=["careers_pages", "hiringorganization", site.pk])
    messages.warning(
        request,
        format_html(
            "Search engines get no job markup (JSON-LD) for this posting until "
            '<a href="{}">Settings → Hiring organization</a> has a name.',
            url,
        ),
    )


@hooks.register("before_edit_page")
def warn_on_edit(request, page):
    if isinstance(page, JobPostingPage):
        warn_without_hiring_organization(request, page)


@hooks.register("before_create_page")
def warn_on_create(request, parent_page, page_class):
    if page_class is JobPostingPage:
        warn_without_hiring_organization(request, parent_page)
