"""Wagtail admin: the hiring inbox, where the hiring team reads, triages and
exports applications and downloads resumes; the candidate page, where it moves
an application between stages, writes notes and sends stage e-mails; and the
stages and their e-mail templates, which administrators edit."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    ButtonsColumnMixin,
    Column,
    DateColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import registry as log_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from careers_pages.models import Department, JobPostingPage

from .bulk_actions import MoveToStageBulkAction
from .models import SOURCE_LABEL, Application, PipelineStage, PrivacyNotice, StageEmailTemplate
from .pipeline import (
    EMAIL_FAILED_ACTION,
    EMAIL_QUEUED_ACTION,
    EMAIL_SENT_ACTION,
    STAGE_CHANGE_ACTION,
    NoteForm,
    StageEmailForm,
    StageForm,
    email_message,
    move_to_stage,
    queue_stage_email,
    stage_change_message,
)
from .reports import PRIVATE_ANSWER_REPORT_PERMISSION, PrivateAnswerReportView
from .resumes import delete_resume_files, resume_download_name
from .stage_emails import filled_email
from .views import (
    DOWNLOAD_RESUME_ACTION,
    DOWNLOAD_RESUME_PERMISSION,
    RESUME_READ_ACTIONS,
    VIEW_RESUME_ACTION,
    download_resume,
    resume_shown_inline,
)

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
    # By slug, so that a link to a stage reads ?stage=interview.
    stage = ModelChoiceFilter(queryset=PipelineStage.objects.all(), to_field_name="slug")
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
        fields = ["posting", "department", "stage", "source", "submitted_at"]

    def filter_source(self, queryset, name, value):
        # As the Source column shows it: the source, or the UTM source without one.
        return queryset.alias(filtered_source=SOURCE_LABEL).filter(filtered_source=value)


class ApplicantColumn(ButtonsColumnMixin, TitleColumn):
    """The inbox's title column: the applicant's name opens the candidate page
    (the inspect view; the edit form only sets the stage), describes the row's
    checkbox, and holds the row's buttons."""

    def __init__(self, view, derived):
        # ``derived``: the title column Wagtail made of list_display's "name";
        # its label and sort key come from the model field.
        super().__init__(
            derived.name,
            label=derived.label,
            sort_key=derived.sort_key,
            get_url=view.get_inspect_url,
            get_title_id=lambda application: f"application_{application.pk}_title",
        )
        self.view = view

    def get_buttons(self, instance, parent_context):
        return self.view.get_list_buttons(instance)


class ApplicationIndexView(generic.IndexView):
    template_name = "careers_hiring/admin/application_index.html"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("posting__department", "stage")
            .annotate(department_name=F("posting__department__name"), source_label=SOURCE_LABEL)
        )

    def filter_queryset(self, queryset):
        # A filter that names nothing (an unknown stage, a bad date) shows no
        # application, with the filter's error, rather than every application.
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stage_counts"] = stage_counts(self.request.GET.get("stage"))
        return context

    @cached_property
    def columns(self):
        # The ticks of the bulk action ("Move to stage…"), then the applicant's
        # name in place of the title column list_display's "name" gives.
        derived, *others = super().columns
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="application"),
            ApplicantColumn(self, derived),
            *others,
        ]

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if (
            export_format == self.FORMAT_CSV
            and isinstance(value, str)
            and value.startswith(CSV_FORMULA_PREFIXES)
        ):
            return "'" + value
        return value


def stage_counts(current_slug: str | None) -> list[dict]:
    """Each stage with the number of applications in it and the listing's link
    filtered by it (one query, whatever the number of applications)."""
    index_url = reverse("applications:index")
    # Meta.ordering does not apply to an aggregating query: ordered here.
    stages = PipelineStage.objects.annotate(count=Count("applications")).order_by(
        "sort_order", "pk"
    )
    return [
        {
            "name": stage.name,
            "count": stage.count,
            "url": f"{index_url}?{urlencode({'stage': stage.slug})}",
            "current": stage.slug == current_slug,
        }
        for stage in stages
    ]


class ApplicationInspectView(generic.InspectView):
    """The candidate page: an application laid out for reading (who, for what
    role, where in the pipeline, since when; their answers and resume), with
    none of the bookkeeping fields."""

    template_name = "careers_hiring/admin/candidate.html"
    page_title = "Candidate"

    def get_fields(self):
        return []  # the template lays the application out; no generic field list

    def get_object(self, queryset=None):
        return get_object_or_404(
            Application.objects.select_related("posting", "stage"), pk=unquote(str(self.pk))
        )

    def get_page_subtitle(self):
        return self.object.name

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        can_work = self.user_has_permission("change")
        context.update(
            application=application,
            role=application.posting.title if application.posting else application.role,
            answers=answer_items(application),
            consent=consent_sentences(application),
            resume=self.resume_context(),
            can_work=can_work,
            notes=application.notes.select_related("author"),
            history=log_registry.get_logs_for_instance(application)
            .exclude(action__in=RESUME_READ_ACTIONS)
            .select_related("user")
            .order_by("-timestamp", "-pk")[:HISTORY_SHOWN],
            history_url=reverse("applications:history", args=(application.pk,)),
        )
        if can_work:
            context.setdefault("note_form", NoteForm(prefix="note"))
            context.setdefault(
                "stage_form", StageForm(prefix="stage", initial={"stage": application.stage})
            )
            context.setdefault("email_form", StageEmailForm(prefix="email"))
        context["sent_messages"] = application.messages.select_related("sent_by")
        return context

    def post(self, request, *args, **kwargs):
        """The candidate page's forms, for those who may work on applications;
        each answers with the page again (its errors beside their fields) or,
        done, a redirect to it."""
        if not self.user_has_permission("change"):
            raise PermissionDenied
        handlers = {
            "note": self.add_note,
            "stage": self.change_stage,
            "email_preview": self.preview_email,
            "email_send": self.send_email,
        }
        handler = handlers.get(request.POST.get("action"))
        if handler is None:
            return HttpResponseBadRequest("Unknown action.")
        return handler()

    def refused(self, **forms):
        return self.render_to_response(self.get_context_data(**forms), status=400)

    def add_note(self):
        form = NoteForm(self.request.POST, prefix="note")
        if not form.is_valid():
            return self.refused(note_form=form)
        note = form.save(commit=False)
        note.application = self.object
        note.author = self.request.user
        note.save()
        messages.success(self.request, "Note added.")
        return redirect(self.request.path)

    def preview_email(self):
        """The chosen template filled in for this candidate, to read before sending."""
        form = StageEmailForm(self.request.POST, prefix="email")
        if not form.is_valid():
            return self.refused(email_form=form)
        subject, body = filled_email(form.cleaned_data["template"], self.object)
        preview = {"recipient": self.object.email, "subject": subject, "body": body}
        return self.render_to_response(
            self.get_context_data(email_form=form, email_preview=preview)
        )

    def send_email(self):
        form = StageEmailForm(self.request.POST, prefix="email")
        if not form.is_valid():
            return self.refused(email_form=form)
        message = queue_stage_email(self.object, form.cleaned_data["template"], self.request.user)
        messages.success(self.request, f"E-mail “{message.subject}” queued to {message.recipient}.")
        return redirect(self.request.path)

    def change_stage(self):
        form = StageForm(self.request.POST, prefix="stage")
        if form.is_valid():
            stage = form.cleaned_data["stage"]
            if move_to_stage(self.object, stage, self.request.user):
                messages.success(self.request, f"Moved to {stage.name}.")
                return redirect(self.request.path)
            form.add_error("stage", f"The application is in “{stage.name}” already.")
        return self.refused(stage_form=form)

    def resume_context(self) -> dict | None:
        application = self.object
        if not application.resume:
            return None
        return {
            # Named as it downloads; the applicant's own name for the file is text
            # only, since it can claim any type ("cv.pdf.bat").
            "download_name": resume_download_name(
                application.name, application.resume_content_type
            ),
            "uploaded_as": application.resume_filename,
            "size": application.resume_size,
            "url": resume_url(application) if self.can_download_resume() else None,
            "inline_url": (
                f"{resume_url(application)}?inline=1"
                if self.can_download_resume() and resume_shown_inline(application)
                else None
            ),
        }


def answer_items(application: Application) -> list[tuple[str, str]]:
    """(question, answer) for each answer, in the posting's order of its
    questions. Private answers are not stored with the application; an answer
    to a question made private since is left out too."""
    answers = application.answers
    if not answers:
        return []
    questions = {}
    if application.posting is not None:
        questions = {q.name: q for q in application.posting.application_questions()}
    order = [name for name in questions if name in answers] + [
        name for name in answers if name not in questions
    ]
    return [
        (questions[name].label if name in questions else name, answer_text(answers[name]))
        for name in order
        if not (name in questions and questions[name].private)
    ]


def answer_text(answer) -> str:
    """An answer as the hiring team reads it: Yes/No, a list joined, a file by name."""
    if isinstance(answer, bool):
        return "Yes" if answer else "No"
    if isinstance(answer, list):
        return ", ".join(str(item) for item in answer)
    if isinstance(answer, dict):  # a file
        return f"File “{answer.get('filename', '')}”"
    return str(answer)


def consent_sentences(application: Application) -> list[str]:
    """What the applicant agreed to, in words: the privacy notice's version and
    when, and the talent pool."""

    def when(moment) -> str:
        return date_format(localtime(moment), r"j F Y \a\t H:i T")

    sentences = []
    if application.privacy_notice_version is not None and application.consent_given_at:
        sentences.append(
            f"Agreed to the privacy notice, version {application.privacy_notice_version}, "
            f"on {when(application.consent_given_at)}."
        )
    elif application.consent and application.consent_given_at:
        sentences.append(
            f"Agreed to “{application.consent_text}” on {when(application.consent_given_at)}."
        )
    elif application.consent:
        sentences.append(f"Agreed to “{application.consent_text}”.")
    else:
        sentences.append("No consent to a privacy notice was asked for with this application.")
    if application.talent_pool_until:
        day = date_format(application.talent_pool_until, "j F Y")
        sentences.append(f"Agreed to be kept in the talent pool for future roles until {day}.")
    return sentences


#: The latest entries of an application's history shown on its page (the rest
#: are on its history page).
HISTORY_SHOWN = 20


class ApplicationEditView(generic.EditView):
    """The edit form sets the stage only, as a move logged like the candidate
    page's (rather than as an edit)."""

    def save_instance(self):
        move_to_stage(self.object, self.form.cleaned_data["stage"], self.request.user)
        return self.object


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
    reads them, moves them through the stages, exports and deletes them."""

    model = Application
    icon = "mail"
    menu_label = "Applications"

    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationEditView
    delete_view_class = ApplicationDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False

    list_display = [
        "name",
        "email",
        "role",
        "posting",
        "stage",
        Column("source_label", label="Source"),
        DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["name", "email", "role", "message"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    form_fields = ["stage"]

    list_export = [
        "name",
        "email",
        "role",
        "posting",
        "department_name",
        "stage",
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
        "stage": "Stage",
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


class PipelineStageDeleteView(generic.DeleteView):
    """Refuses to delete a stage that holds applications (their stage is
    PROTECTed), saying so, instead of failing on the database's refusal."""

    template_name = "careers_hiring/admin/pipelinestage_confirm_delete.html"

    @cached_property
    def in_use_message(self) -> str | None:
        return stage_in_use_message(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_use_message"] = self.in_use_message
        context["is_protected"] = context.get("is_protected") or bool(self.in_use_message)
        return context

    def form_valid(self, form):
        if self.in_use_message:
            messages.error(self.request, self.in_use_message)
            return redirect(self.get_success_url())
        return super().form_valid(form)


# What refers to a stage and so keeps it from being deleted, checked in this
# order: the related name, the noun (one, several), the verb, what to do first.
STAGE_REFERENCES = [
    (
        "applications",
        ("application", "applications"),
        "holds",
        "Move them to another stage first.",
    ),
    (
        "email_templates",
        ("e-mail template", "e-mail templates"),
        "has",
        "Delete them or give them another stage first.",
    ),
]


def stage_in_use_message(stage: PipelineStage) -> str | None:
    """Why ``stage`` cannot be deleted (what still refers to it), or None."""
    for related_name, (one, several), verb, remedy in STAGE_REFERENCES:
        count = getattr(stage, related_name).count()
        if count:
            noun = one if count == 1 else several
            return f"The stage “{stage.name}” {verb} {count} {noun} and cannot be deleted. {remedy}"
    return None


class PipelineStageViewSet(ModelViewSet):
    """Hiring → Pipeline stages: the steps applications move through, for
    administrators (the hiring team moves applications, it does not edit stages)."""

    model = PipelineStage
    icon = "list-ol"
    menu_label = "Pipeline stages"
    delete_view_class = PipelineStageDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "pk"]
    form_fields = ["name", "slug", "sort_order"]


class StageEmailTemplateViewSet(ModelViewSet):
    """Hiring → Stage e-mails: the texts the hiring team sends from the
    candidate page, for administrators; placeholders are checked on save."""

    model = StageEmailTemplate
    icon = "mail"
    menu_label = "Stage e-mails"
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name", "stage", "subject"]
    list_filter = ["stage"]
    form_fields = ["stage", "name", "subject", "body"]


class HiringViewSetGroup(ViewSetGroup):
    """The admin menu's "Hiring": the inbox and what configures it; each item is
    shown to those with permissions on its model."""

    menu_label = "Hiring"
    menu_icon = "mail"
    menu_order = 220
    items = (
        ApplicationViewSet("applications"),
        PipelineStageViewSet("pipeline_stages"),
        StageEmailTemplateViewSet("stage_emails"),
    )


@hooks.register("register_admin_viewset")
def register_hiring_viewsets():
    return HiringViewSetGroup()


hooks.register("register_bulk_action", MoveToStageBulkAction)


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
    actions.register_action(VIEW_RESUME_ACTION, "View resume", "Resume viewed")

    @actions.register_action(STAGE_CHANGE_ACTION)
    class StageChange(LogFormatter):
        label = "Change stage"

        def format_message(self, log_entry):
            return stage_change_message(log_entry)

    class StageEmail(LogFormatter):
        def format_message(self, log_entry):
            return email_message(log_entry)

    for action, label in [
        (EMAIL_QUEUED_ACTION, "Queue stage e-mail"),
        (EMAIL_SENT_ACTION, "Send stage e-mail"),
        (EMAIL_FAILED_ACTION, "Fail to send stage e-mail"),
    ]:
        actions.register_action(action)(type("StageEmail", (StageEmail,), {"label": label}))


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
