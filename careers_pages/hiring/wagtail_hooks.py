"""Wagtail admin: the hiring inbox, where the hiring team reads, triages and
exports applications, and downloads resumes."""

from django.db import transaction
from django.db.models import Count, F
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from careers_pages.models import Department, JobPostingPage

from .models import SOURCE_LABEL, Application, PrivacyNotice
from .reports import PRIVATE_ANSWER_REPORT_PERMISSION, PrivateAnswerReportView
from .resumes import delete_resume_files, resume_download_name
from .views import DOWNLOAD_RESUME_ACTION, DOWNLOAD_RESUME_PERMISSION, download_resume

# Characters that make a spreadsheet treat a cell as a formula: applicants write
# these fields, so the CSV must not run what they typed (XLSX cells are typed).
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def resume_url(application: Application) -> str:
    return reverse("careers_pages_application_resume", args=(application.pk,))


# The most sources the filter offers, the commonest first: applicants type
# them (any URL can carry a ?source=), so they are not a closed list.
SOURCE_FILTER_CHOICES = 200


def source_choices():
    """The sources applications came with, as the Source column shows them
    (``source``, else ``utm_source``)."""
    rows = (
        Application.objects.annotate(label=SOURCE_LABEL)
        .exclude(label="")
        .values_list("label")
        .annotate(count=Count("pk"))
        .order_by("-count", "label")[:SOURCE_FILTER_CHOICES]
    )
    return [(label, label) for label in sorted((label for label, _ in rows), key=str.casefold)]


class ApplicationFilterSet(WagtailFilterSet):
    posting = ModelChoiceFilter(queryset=JobPostingPage.objects.order_by("title"))
    department = ModelChoiceFilter(
        field_name="posting__department", queryset=Department.objects.all(), label="Department"
    )
    source = ChoiceFilter(
        label="Source",
        choices=source_choices,
        method="filter_source",
        help_text="The source, or else the UTM source, the applicant came with.",
    )
    # Declared rather than derived from list_filter, which would give a text box
    # taking "start,end" instead of the admin's date range picker.
    submitted_at = DateFromToRangeFilter(label="Submitted", widget=DateRangePickerWidget)

    class Meta:
        model = Application
        fields = ["posting", "department", "status", "source", "submitted_at"]

    def filter_source(self, queryset, name, value):
        # As the Source column shows it: the source, or the UTM source without one.
        return queryset.alias(filtered_source=SOURCE_LABEL).filter(filtered_source=value)


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("posting__department")
            .annotate(department_name=F("posting__department__name"), source_label=SOURCE_LABEL)
        )

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # An application is read on its inspect page; the edit form only sets the status.
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            **kwargs,
        )

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if (
            export_format == self.FORMAT_CSV
            and isinstance(value, str)
            and value.startswith(CSV_FORMULA_PREFIXES)
        ):
            return "'" + value
        return value


class ApplicationInspectView(generic.InspectView):
    def can_download_resume(self):
        return bool(self.object.resume) and self.request.user.has_perm(DOWNLOAD_RESUME_PERMISSION)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)  # not the base class's shared list
        if self.can_download_resume():
            buttons.append(
                HeaderButton("Download resume", url=resume_url(self.object), icon_name="download")
            )
        return buttons

    def get_resume_display_value(self):
        application = self.object
        if not application.resume:
            return "None"
        # The link is named as the file downloads; the applicant's own name for it
        # is shown as text only, since it can claim any type ("cv.pdf.bat").
        label = resume_download_name(application.name, application.resume_content_type)
        if self.can_download_resume():
            label = format_html('<a href="{}" download>{}</a>', resume_url(application), label)
        if not application.resume_filename:
            return label
        return format_html("{}<br>Uploaded as “{}”", label, application.resume_filename)

    def get_resume_size_display_value(self):
        size = self.object.resume_size
        return "-" if size is None else filesizeformat(size)

    def get_email_display_value(self):
        return format_html('<a href="mailto:{0}">{0}</a>', self.object.email)

    def _external_link(self, url):
        if not url:
            return "-"
        return format_html('<a href="{0}" target="_blank" rel="noopener noreferrer">{0}</a>', url)

    def get_linkedin_display_value(self):
        return self._external_link(self.object.linkedin)

    def get_github_display_value(self):
        return self._external_link(self.object.github)

    def get_answers_display_value(self):
        """Each answer under its question, in the posting's order (private
        answers are never here: they are not stored with the application)."""
        application = self.object
        answers = application.answers
        if not answers:
            return "-"
        labels = {}
        if application.posting is not None:
            labels = {q.name: q.label for q in application.posting.application_questions()}
        order = [name for name in labels if name in answers] + [
            name for name in answers if name not in labels
        ]
        return format_html_join(
            "",
            "<dt><strong>{}</strong></dt><dd>{}</dd>",
            ((labels.get(name, name), _answer_text(answers[name])) for name in order),
        )


def _answer_text(answer) -> str:
    if isinstance(answer, bool):
        return "Yes" if answer else "No"
    if isinstance(answer, list):
        return ", ".join(str(item) for item in answer)
    if isinstance(answer, dict):  # a file
        return f"File “{answer.get('filename', '')}”"
    return str(answer)


class ApplicationDeleteView(generic.DeleteView):
    def delete_action(self):
        application = self.object
        super().delete_action()
        # The applicant's file goes with the application, once the deletion is final.
        transaction.on_commit(
            lambda: delete_resume_files([application.resume, *application.answer_files()])
        )


class ApplicationViewSet(ModelViewSet):
    """The hiring inbox: applications arrive through the API; here the hiring team
    reads them, moves them through the statuses, exports and deletes them."""

    model = Application
    icon = "mail"
    menu_label = "Applications"
    menu_order = 220
    add_to_admin_menu = True

    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    delete_view_class = ApplicationDeleteView
    inspect_view_enabled = True
    # Shown in the resume's own row, beside the link (the uploaded name as text).
    # Bookkeeping the hiring team has no use for stays out of the detail page.
    inspect_view_fields_exclude = [
        "resume_filename",
        "resume_content_type",
        "fingerprint",
        "idempotency_key",
        "notification_attempts",
        "uuid",
    ]
    copy_view_enabled = False

    list_display = [
        "name",
        "email",
        "role",
        "posting",
        "status",
        Column("source_label", label="Source"),
        DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["name", "email", "role", "message"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    form_fields = ["status"]

    list_export = [
        "name",
        "email",
        "role",
        "posting",
        "department_name",
        "get_status_display",
        "submitted_at",
        "linkedin",
        "github",
        "message",
        "resume_filename",
        "answers",
        "consent",
        "privacy_notice_version",
        "consent_given_at",
        "talent_pool_until",
        "source",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "referrer_origin",
    ]
    export_headings = {
        "posting": "Posting",
        "department_name": "Department",
        "get_status_display": "Status",
        "resume_filename": "Resume",
        "source": "Source",
        "utm_source": "UTM source",
        "utm_medium": "UTM medium",
        "utm_campaign": "UTM campaign",
        "referrer_origin": "Referrer",
    }
    export_filename = "applications"

    def get_common_view_kwargs(self, **kwargs):
        # Applications come from the API only: no "Add" button anywhere.
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return ApplicationViewSet("applications")


@hooks.register("register_admin_urls")
def register_resume_download_url():
    return [
        path(
            "applications/<int:pk>/resume/",
            download_resume,
            name="careers_pages_application_resume",
        )
    ]


@hooks.register("register_admin_urls")
def register_private_answer_report_urls():
    return [
        path(
            "reports/self-identification/",
            PrivateAnswerReportView.as_view(),
            name="careers_private_answer_report",
        ),
        path(
            "reports/self-identification/results/",
            PrivateAnswerReportView.as_view(results_only=True),
            name="careers_private_answer_report_results",
        ),
    ]


class PrivateAnswerReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PRIVATE_ANSWER_REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_private_answer_report_menu_item():
    return PrivateAnswerReportMenuItem(
        "Self-identification",
        reverse("careers_private_answer_report"),
        name="self-identification",
        icon_name="table",
        order=900,
    )


@hooks.register("register_log_actions")
def register_application_log_actions(actions):
    actions.register_action(DOWNLOAD_RESUME_ACTION, "Download resume", "Resume downloaded")


class PrivacyNoticeViewSet(SnippetViewSet):
    """Settings → Privacy notice: the text applicants accept. Saving a change
    makes a new version (``PrivacyNotice.save``); the list shows them all."""

    model = PrivacyNotice
    icon = "lock"
    menu_label = "Privacy notice"
    add_to_settings_menu = True
    list_display = ["version", "text", DateColumn("created_at", label="Since")]
    ordering = ["-version"]
    copy_view_enabled = False
    panels = [FieldPanel("text")]


register_snippet(PrivacyNoticeViewSet)
