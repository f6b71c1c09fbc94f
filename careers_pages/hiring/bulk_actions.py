"""The inbox's bulk action: "Move to stage…" for the applications ticked in
the listing, each move logged as one from the candidate page is."""

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from wagtail.admin.views.bulk_action import BulkAction

from .models import Application
from .pipeline import WORK_ON_APPLICATIONS_PERMISSION, StageForm, move_to_stage


class MoveToStageBulkAction(BulkAction):
    display_name = "Move to stage…"
    action_type = "move_to_stage"
    aria_label = "Move the selected applications to a stage"
    template_name = "careers_hiring/admin/bulk_move_to_stage.html"
    action_priority = 10
    form_class = StageForm

    @classproperty
    def models(cls):
        return [Application]

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(model.objects.select_related("stage").filter(pk__in=object_ids))

    def dispatch(self, request, *args, **kwargs):
        # Before anything is looked up: this URL would otherwise tell who applied.
        if not request.user.has_perm(WORK_ON_APPLICATIONS_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return self.request.user.has_perm(WORK_ON_APPLICATIONS_PERMISSION)

    def get_execution_context(self):
        return {"stage": self.cleaned_form.cleaned_data["stage"], "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, stage=None, user=None, **kwargs):
        moved = sum(move_to_stage(application, stage, user) for application in objects)
        return moved, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        stage = self.cleaned_form.cleaned_data["stage"]
        if num_parent_objects == 1:
            return f"1 application moved to {stage.name}."
        return f"{num_parent_objects} applications moved to {stage.name}."
