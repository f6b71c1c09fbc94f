"""The hiring pipeline: what the hiring team does with an application in the
admin (moving it between stages, writing notes), each change written to
Wagtail's audit log."""

from __future__ import annotations

from django import forms
from django.db import transaction
from wagtail.log_actions import log

from .models import Application, ApplicationNote, PipelineStage

#: The permission that lets a user work on applications (notes, stages, e-mails).
WORK_ON_APPLICATIONS_PERMISSION = "careers_hiring.change_application"


class NoteForm(forms.ModelForm):
    class Meta:
        model = ApplicationNote
        fields = ["text"]
        labels = {"text": "Note"}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": {"required": "Write the note before adding it."}}


#: The audit log's action for a move between stages; its data is {from, to}.
STAGE_CHANGE_ACTION = "careers_hiring.stage_change"


class StageForm(forms.Form):
    stage = forms.ModelChoiceField(
        queryset=PipelineStage.objects.all(),
        empty_label=None,
        label="Move to stage",
        error_messages={"invalid_choice": "There is no such stage; choose one from the list."},
    )


def move_to_stage(application: Application, stage: PipelineStage, user) -> bool:
    """Move the application to ``stage`` and write it to Wagtail's audit log
    ("Stage changed from New to Interview"); False when it was there already.
    The row stays locked from the read of its stage to the log entry, so two
    moves at once log one after the other (PostgreSQL; SQLite has one writer)."""
    with transaction.atomic():
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("stage")
            .get(pk=application.pk)
        )
        previous = current.stage
        if previous.pk == stage.pk:
            return False
        Application.objects.filter(pk=application.pk).update(stage=stage)
        application.stage = stage
        log(
            application,
            STAGE_CHANGE_ACTION,
            user=user,
            data={"from": previous.name, "to": stage.name},
        )
    return True


def stage_change_message(log_entry) -> str:
    data = log_entry.data or {}
    return f"Stage changed from {data.get('from', '?')} to {data.get('to', '?')}"
