"""The application form's server side: every field checked, nothing trusted."""

from __future__ import annotations

import hashlib
import json
import unicodedata

from django import forms
from django.core.validators import URLValidator

from careers_pages.form_fields import FIELD_LIMITS, SOURCE_FIELDS

from .resumes import RESUME_TYPES, detect_resume_type, resume_max_bytes

HONEYPOT_FIELD = "website"


def reject_control_characters(value: str, *, multiline: bool = False):
    allowed = "\n\r\t" if multiline else ""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") and char not in allowed:
            if unicodedata.category(char) == "Cf" and char in "\u200d\u200c":
                continue  # joiners hold emoji and some scripts together
            raise forms.ValidationError(
                f"Contains an invisible control character (U+{ord(char):04X})."
            )


def recognised_document_type(file) -> str:
    """The type of an uploaded document (a resume, a file answer), recognised
    by its content; a ValidationError saying what is wrong when it is too large
    or not one of the document types."""
    if file.size > resume_max_bytes():
        raise forms.ValidationError(
            f"The file is larger than {resume_max_bytes() // (1024 * 1024)} MB."
        )
    document_type = detect_resume_type(file)
    file.seek(0)
    if document_type is None:
        raise forms.ValidationError(
            "The file is not a PDF, DOC, DOCX, ODT, RTF or plain text document."
        )
    return document_type


class TextField(forms.CharField):
    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        reject_control_characters(value, multiline=self.multiline)


class ProfileURLField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class ApplicationForm(forms.Form):
    """What an applicant sends. ``consent_required`` comes from the careers index."""

    role = forms.CharField(required=False, max_length=FIELD_LIMITS["role"])
    name = TextField(max_length=FIELD_LIMITS["name"])
    email = forms.EmailField(max_length=FIELD_LIMITS["email"])
    resume = forms.FileField(required=False)
    linkedin = ProfileURLField(required=False, max_length=FIELD_LIMITS["linkedin"])
    github = ProfileURLField(required=False, max_length=FIELD_LIMITS["github"])
    message = TextField(multiline=True, max_length=FIELD_LIMITS["message"])
    consent = forms.BooleanField(required=False)
    talent_pool = forms.BooleanField(required=False)
    website = forms.CharField(required=False, strip=False)

    def __init__(self, *args, consent_required: bool = False, questions=(), **kwargs):
        from .answers import answer_field

        super().__init__(*args, **kwargs)
        self.resume_type: str | None = None
        #: The posting's questions (``markdown.Question``); their fields follow.
        self.questions = tuple(questions)
        # Where the applicant came from: optional single lines, bounded like the rest.
        for spec in SOURCE_FIELDS:
            self.fields[spec.name] = TextField(required=False, max_length=spec.max_length)
        for question in self.questions:
            self.fields[question.name] = answer_field(question)
        if consent_required:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = (
                "Please agree to how your application is processed."
            )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def clean_resume(self):
        resume = self.cleaned_data.get("resume")
        if not resume:
            return None
        if len(self.files.getlist("resume")) > 1:
            raise forms.ValidationError("Send one resume file, not several.")
        self.resume_type = recognised_document_type(resume)
        return resume

    def sources(self) -> dict[str, str]:
        """Where the applicant came from, by field name (empty where not sent)."""
        return {spec.name: self.cleaned_data.get(spec.name, "") for spec in SOURCE_FIELDS}

    def answers(self, *, private: bool = False) -> dict:
        """The answers to the questions (the private ones, or the others) as
        stored: JSON keyed by the question's name, unanswered ones left out.
        File answers are the uploaded files, stored apart."""
        from .answers import answer_json

        answers = {}
        for question in self.questions:
            if question.private != private:
                continue
            value = self.cleaned_data.get(question.name)
            if question.type != "file":
                value = answer_json(question, value)
            if value is not None:
                answers[question.name] = value
        return answers

    def fingerprint(self, posting_id: int) -> str:
        """A digest of the submission, the same for a retry of the same one."""
        digest = hashlib.sha256(str(posting_id).encode())
        names = ("name", "email", "linkedin", "github", "message", "consent", "talent_pool")
        for name in (*names, *(spec.name for spec in SOURCE_FIELDS)):
            digest.update(f"\0{name}={self.cleaned_data.get(name)!s}".encode())
        files = [self.cleaned_data.get("resume")]
        for answers in (self.answers(), self.answers(private=True)):
            texts = {k: v for k, v in answers.items() if not hasattr(v, "chunks")}
            digest.update(f"\0answers={json.dumps(texts, sort_keys=True)}".encode())
            files += [v for v in answers.values() if hasattr(v, "chunks")]
        for file in files:
            if file:
                file.seek(0)
                for chunk in file.chunks():
                    digest.update(chunk)
                file.seek(0)
        return digest.hexdigest()

    @property
    def resume_content_type(self) -> str:
        return RESUME_TYPES.get(self.resume_type or "", "")
