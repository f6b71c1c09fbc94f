"""Reports → Self-identification: the answers to private questions, counted
per posting, question and answer, and nothing else.

Small counts could single an applicant out, so any count below
``SMALLEST_COUNT_SHOWN`` is shown as "fewer than 5", and no totals are shown
(a total less the shown counts would give the hidden ones back). The rows
themselves (``PrivateAnswer``) hold no link to an application or applicant.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponseForbidden
from django_filters import DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from careers_pages.models import CareersIndexPage, JobPostingPage

from .models import PrivateAnswer

PRIVATE_ANSWER_REPORT_PERMISSION = "careers_hiring.view_private_answer_report"
SMALLEST_COUNT_SHOWN = 5


def shown_count(count: int) -> str:
    """A count as the report shows it: "fewer than 5" below 5."""
    return f"fewer than {SMALLEST_COUNT_SHOWN}" if count < SMALLEST_COUNT_SHOWN else str(count)


class ReportRowPaginator(WagtailPaginator):
    # "3 rows", not "3 private answers": the rows are counts, not answers.
    verbose_name = "row"
    verbose_name_plural = "rows"


class PrivateAnswerReportFilterSet(WagtailFilterSet):
    posting = ModelChoiceFilter(
        queryset=JobPostingPage.objects.filter(private_answers__isnull=False)
        .distinct()
        .order_by("title"),
        empty_label="All postings",
    )
    period = DateFromToRangeFilter(
        label="Period (months)",
        widget=DateRangePickerWidget,
        method="filter_period",
        help_text="Answers given in the months from the first date's to the last date's.",
    )

    class Meta:
        model = PrivateAnswer
        fields = ["posting"]

    def filter_period(self, queryset, name, value):
        # Only the month of an answer is kept: whole months, both ends included.
        if value.start:
            queryset = queryset.filter(month__gte=value.start.replace(day=1))
        if value.stop:
            queryset = queryset.filter(month__lte=value.stop)
        return queryset


class PrivateAnswerReportView(ReportView):
    page_title = "Self-identification"
    results_template_name = "careers_hiring/private_answer_report_results.html"
    header_icon = "table"
    index_url_name = "careers_private_answer_report"
    index_results_url_name = "careers_private_answer_report_results"
    filterset_class = PrivateAnswerReportFilterSet
    permission_required = "view_private_answer_report"
    paginate_by = 100
    paginator_class = ReportRowPaginator
    columns = [
        Column("posting_title", label="Posting"),
        Column("question_label", label="Question"),
        Column("answer", label="Answer"),
        Column("shown_count", label="Number of answers"),
    ]
    list_export = ["posting_title", "question_label", "answer", "shown_count"]
    export_headings = {
        "posting_title": "Posting",
        "question_label": "Question",
        "answer": "Answer",
        "shown_count": "Number of answers",
    }

    def dispatch(self, request, *args, **kwargs):
        # A real 403, as for resumes, rather than the admin's redirect to its
        # dashboard: the report is for the few given this permission alone.
        if not request.user.has_perm(PRIVATE_ANSWER_REPORT_PERMISSION):
            return HttpResponseForbidden("You may not see the self-identification report.")
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, permission):
        # A permission of its own, not one of the model's add/change/delete/view.
        return self.request.user.has_perm(PRIVATE_ANSWER_REPORT_PERMISSION)

    def get_context_data(self, **kwargs):
        return super().get_context_data(smallest_count_shown=SMALLEST_COUNT_SHOWN, **kwargs)

    def get_filename(self):
        return "self-identification"

    def get_filtered_queryset(self):
        # Filtered first, then counted: one row per posting, question and answer.
        answers = self.filter_queryset(PrivateAnswer.objects.all())
        return (
            answers.values("posting", "posting__title", "question", "answer")
            .annotate(count=Count("pk"))
            .order_by("posting__title", "posting", "question", "answer")
        )

    def decorate_paginated_queryset(self, rows):
        # In place: the table holds these very rows (the page's evaluated queryset).
        labels = question_labels({row["posting"] for row in rows if row["posting"]})
        for row in rows:
            row["posting_title"] = row["posting__title"] or "(a deleted posting)"
            row["question_label"] = labels.get((row["posting"], row["question"]), row["question"])
            row["shown_count"] = shown_count(row["count"])
        return rows


def question_labels(posting_ids) -> dict[tuple[int, str], str]:
    """The label of each question of these postings, by (posting id, name), in
    two queries however many postings there are."""
    postings = JobPostingPage.objects.filter(pk__in=posting_ids)
    indexes = {index.path: index for index in CareersIndexPage.objects.all()}
    labels = {}
    for posting in postings:
        index = indexes.get(posting.path[: -posting.steplen])
        questions = posting.application_questions(index) if (index or posting.questions) else []
        for question in questions:
            labels[(posting.pk, question.name)] = question.label
    return labels
