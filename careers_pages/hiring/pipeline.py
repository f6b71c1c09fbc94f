"""The hiring pipeline: what the hiring team does with an application in the
admin (moving it between stages, writing notes), each change written to
Wagtail's audit log."""

from __future__ import annotations

import logging

from django import forms
from django.db import transaction
from wagtail.log_actions import log

from .models import (
    Application,
    ApplicationMessage,
    ApplicationNote,
    PipelineStage,
    StageEmailTemplate,
)
from .stage_emails import filled_email

logger = logging.getLogger(__name__)

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


#: The audit log's actions of a stage e-mail; their data is {subject}.
EMAIL_QUEUED_ACTION = "careers_hiring.email_queued"
EMAIL_SENT_ACTION = "careers_hiring.email_sent"
EMAIL_FAILED_ACTION = "careers_hiring.email_failed"
EMAIL_MESSAGES = {
    EMAIL_QUEUED_ACTION: "E-mail “{subject}” queued",
    EMAIL_SENT_ACTION: "E-mail “{subject}” sent",
    EMAIL_FAILED_ACTION: "E-mail “{subject}” could not be sent",
}


class StageEmailForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=StageEmailTemplate.objects.select_related("stage"),
        label="E-mail template",
        empty_label="Choose a template",
        error_messages={
            "required": "Choose the template to send.",
            "invalid_choice": "There is no such template; choose one from the list.",
        },
    )


def queue_stage_email(application: Application, template: StageEmailTemplate, user):
    """Fill ``template`` in for ``application``, keep it as an
    ``ApplicationMessage`` and have the task worker send it once committed."""
    subject, body = filled_email(template, application)
    with transaction.atomic():
        message = ApplicationMessage.objects.create(
            application=application,
            template=template,
            recipient=application.email,
            subject=subject,
            body=body,
            sent_by=user,
        )
        log(application, EMAIL_QUEUED_ACTION, user=user, data={"subject": subject})
        transaction.on_commit(lambda: enqueue_stage_email(message.pk))
    return message


def enqueue_stage_email(message_id: int):
    from .tasks import send_stage_email

    try:
        send_stage_email.enqueue(message_id)
    except Exception:
        # The team member sees it as failed in the Messages list and may send again.
        logger.exception("Could not queue stage e-mail %s", message_id)
        ApplicationMessage.objects.filter(pk=message_id).update(
            status=ApplicationMessage.Status.FAILED
        )


def email_message(log_entry) -> str:
    """The history's line of a stage e-mail entry. The subject is inserted as a
    value, never formatted as a template itself."""
    subject = (log_entry.data or {}).get("subject", "")
    return EMAIL_MESSAGES[log_entry.action].replace("{subject}", subject)
