"""Answers to a posting's questions: each checked by its question's type on
the server, then stored as JSON keyed by the question's ``name``."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from careers_pages.markdown.questions import Question

from .forms import ProfileURLField, TextField, recognised_document_type
from .resumes import RESUME_TYPES

#: The longest answer each type of question takes, in characters.
ANSWER_MAX_LENGTHS = {"text": 500, "textarea": 5000, "url": 500}
NUMBER_MAX_DIGITS = 15


class YesNoField(forms.Field):
    """A yes/no question: ``yes``/``no`` (or ``true``/``false``, ``on``), sent
    as radio buttons, so that "no" and "not answered" differ."""

    VALUES = {"yes": True, "true": True, "on": True, "no": False, "false": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        answer = self.VALUES.get(str(value).strip().lower())
        if answer is None:
            raise forms.ValidationError("Answer yes or no.", code="invalid")
        return answer

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class AnswerFileField(forms.FileField):
    """A file question: a document recognised by content, as the resume is."""

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if not file:
            return None
        file.document_type = recognised_document_type(file)
        file.recognised_content_type = RESUME_TYPES[file.document_type]
        return file


def answer_field(question: Question) -> forms.Field:
    """The form field that checks the answer to ``question``."""
    common = {"required": question.required, "label": question.label}
    match question.type:
        case "text":
            return TextField(max_length=ANSWER_MAX_LENGTHS["text"], **common)
        case "textarea":
            return TextField(multiline=True, max_length=ANSWER_MAX_LENGTHS["textarea"], **common)
        case "choice":
            choices = [(option, option) for option in question.options]
            return forms.ChoiceField(
                choices=choices,
                error_messages={"invalid_choice": "%(value)s is not one of the options."},
                **common,
            )
        case "multichoice":
            choices = [(option, option) for option in question.options]
            return forms.MultipleChoiceField(
                choices=choices,
                error_messages={"invalid_choice": "%(value)s is not one of the options."},
                **common,
            )
        case "boolean":
            return YesNoField(**common)
        case "number":
            return forms.DecimalField(max_digits=NUMBER_MAX_DIGITS, **common)
        case "date":
            return forms.DateField(
                input_formats=["%Y-%m-%d"],
                error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
                **common,
            )
        case "url":
            return ProfileURLField(max_length=ANSWER_MAX_LENGTHS["url"], **common)
        case "file":
            return AnswerFileField(**common)
    raise ValueError(f"unknown question type {question.type!r}")


def answer_json(question: Question, value) -> object:
    """A checked answer as stored: text, a list of options, true/false, a
    number, an ISO date; None when not answered (files are stored apart)."""
    if value in (None, "", []):
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if question.type == "date":
        return value.isoformat()
    return value
