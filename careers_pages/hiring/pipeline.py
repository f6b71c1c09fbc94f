"""The hiring pipeline: what the hiring team does with an application in the
admin (moving it between stages, writing notes), each change written to
Wagtail's audit log."""

from __future__ import annotations

from django import forms

from .models import ApplicationNote

#: The permission that lets a user work on applications (notes, stages, e-mails).
WORK_ON_APPLICATIONS_PERMISSION = "careers_hiring.change_application"


class NoteForm(forms.ModelForm):
    class Meta:
        model = ApplicationNote
        fields = ["text"]
        labels = {"text": "Note"}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": {"required": "Write the note before adding it."}}
