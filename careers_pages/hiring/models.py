"""Applications: what an applicant sent to one posting, as the hiring team reads it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from careers_pages.form_fields import FIELD_LIMITS, REFERRER_ORIGIN_MAX_LENGTH
from careers_pages.models import JobPostingPage

from .resumes import private_storage, resume_upload_to


class Application(models.Model):
    """One application to one posting, as the applicant sent it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    posting = models.ForeignKey(
        JobPostingPage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text="Empty once the posting is deleted; the role below stays.",
    )
    role = models.CharField(
        max_length=FIELD_LIMITS["role"], help_text="The role as the posting named it."
    )
    name = models.CharField(max_length=FIELD_LIMITS["name"])
    email = models.EmailField(max_length=FIELD_LIMITS["email"], db_index=True)
    linkedin = models.URLField("LinkedIn", max_length=FIELD_LIMITS["linkedin"], blank=True)
    github = models.URLField("GitHub", max_length=FIELD_LIMITS["github"], blank=True)
    message = models.TextField()
    resume = models.FileField(
        storage=private_storage, upload_to=resume_upload_to, blank=True, max_length=255
    )
    resume_filename = models.CharField(
        max_length=255, blank=True, help_text="The file's name on the applicant's machine."
    )
    resume_content_type = models.CharField(max_length=100, blank=True)
    resume_size = models.PositiveIntegerField(null=True, blank=True)
    answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Answers to the posting's questions, keyed by the question's name; a file "
        "answer is {file, filename, content_type, size}. Private answers are not here.",
    )
    consent = models.BooleanField(default=False)
    consent_text = models.TextField(blank=True, help_text="What the applicant agreed to.")
    privacy_notice_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version of the privacy notice accepted."
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    talent_pool_until = models.DateField(
        null=True,
        blank=True,
        help_text="The applicant agreed to be kept for future roles until this day.",
    )
    source = models.CharField(
        max_length=FIELD_LIMITS["source"],
        blank=True,
        help_text="Where the applicant came from, as the page's ?source= named it.",
    )
    utm_source = models.CharField("UTM source", max_length=FIELD_LIMITS["utm_source"], blank=True)
    utm_medium = models.CharField("UTM medium", max_length=FIELD_LIMITS["utm_medium"], blank=True)
    utm_campaign = models.CharField(
        "UTM campaign", max_length=FIELD_LIMITS["utm_campaign"], blank=True
    )
    referrer_origin = models.CharField(
        "Referrer",
        max_length=REFERRER_ORIGIN_MAX_LENGTH,
        blank=True,
        help_text="The origin (scheme://host[:port]) of the page the form was sent from, "
        "never its path or query.",
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    stage = models.ForeignKey(
        "PipelineStage",
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="Where the application is in the hiring pipeline.",
    )
    idempotency_key = models.CharField(max_length=255, null=True, blank=True, unique=True)
    # A digest of what was sent, to tell a retried submission from a different one.
    fingerprint = models.CharField(max_length=64, editable=False)
    hiring_team_notified_at = models.DateTimeField(null=True, blank=True)
    applicant_confirmed_at = models.DateTimeField(null=True, blank=True)
    notification_attempts = models.PositiveIntegerField(default=0)

    class Meta:
        # The table careers_pages created, before this app had the model.
        db_table = "careers_pages_application"
        ordering = ["-submitted_at"]
        permissions = [("download_resume", "Can download resumes")]

    # Not a use of the posting in Wagtail's sense (its Usage tab, the reference
    # index): that would be a row, and five queries, for every application.
    wagtail_reference_index_ignore = True

    def __str__(self):
        return f"{self.name} for {self.role}"

    def save(self, *args, **kwargs):
        # Every way in (the API, the admin, a script) starts in the first stage.
        if self.stage_id is None:
            self.stage = PipelineStage.first_stage()
        super().save(*args, **kwargs)

    def answer_files(self) -> list[FieldFile]:
        """The files stored for file questions, in the resume's storage, to open
        or delete like the resume."""
        field = self._meta.get_field("resume")
        return [
            FieldFile(self, field, answer["file"])
            for answer in self.answers.values()
            if isinstance(answer, dict) and answer.get("file")
        ]


#: The source the inbox shows and filters applications by: ``source``, else
#: ``utm_source`` (an expression, to annotate a queryset with).
SOURCE_LABEL = models.Case(
    models.When(source="", then=models.F("utm_source")), default=models.F("source")
)


class PipelineStage(models.Model):
    """A step of the hiring pipeline (New, Reviewing, Interview …), in the
    order the hiring team works through them; administrators edit the list."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(
        max_length=50, unique=True, help_text="Names the stage in the inbox's filter links."
    )
    sort_order = models.PositiveIntegerField(
        default=0,
        help_text="Stages are listed from the lowest number; the first is where "
        "new applications start.",
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "pipeline stage"

    def __str__(self):
        return self.name

    @classmethod
    def first_stage(cls) -> PipelineStage:
        """Where a new application starts: the first stage, or a "New" one made
        when an administrator has removed them all."""
        stage = cls.objects.order_by("sort_order", "pk").first()
        if stage is None:
            stage, _ = cls.objects.get_or_create(slug="new", defaults={"name": "New"})
        return stage


class ApplicationNote(models.Model):
    """A hiring team member's note on an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty once the author's account is deleted.",
    )
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Note on {self.application}"


class StageEmailTemplate(models.Model):
    """An e-mail the hiring team sends from the candidate page at a stage (an
    invitation to interview, a rejection), with placeholders filled in."""

    stage = models.ForeignKey(
        PipelineStage, on_delete=models.PROTECT, related_name="email_templates"
    )
    name = models.CharField(max_length=100, help_text="What the hiring team picks it by.")
    subject = models.CharField(max_length=200)
    body = models.TextField(
        max_length=10000,
        help_text="Placeholders: {candidate_name}, {posting_title}, {organization_name}.",
    )

    class Meta:
        ordering = ["stage__sort_order", "stage", "name"]
        verbose_name = "stage e-mail template"

    def __str__(self):
        return f"{self.stage.name}: {self.name}"

    def clean(self):
        from .stage_emails import placeholder_error

        errors = {
            field: error
            for field in ("subject", "body")
            if (error := placeholder_error(getattr(self, field)))
        }
        if errors:
            raise ValidationError(errors)


class ApplicationMessage(models.Model):
    """An e-mail sent to the applicant from the candidate page, as it was
    filled in, and whether the task worker got it out."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    template = models.ForeignKey(
        StageEmailTemplate, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.EmailField(max_length=FIELD_LIMITS["email"])
    subject = models.CharField(max_length=255)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"“{self.subject}” to {self.recipient}"


class PrivacyNotice(models.Model):
    """The privacy notice applicants accept, versioned: a saved change is a new
    version, and each application records the version it accepted."""

    version = models.PositiveIntegerField(unique=True, editable=False)
    text = models.TextField(
        help_text="What applicants agree to when they apply: how their data is processed, "
        "for what, and for how long. Saving a change makes a new version."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"

    def __str__(self):
        return f"Privacy notice, version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            earlier = PrivacyNotice.objects.filter(pk=self.pk).values_list("text", flat=True)
            if earlier.first() == self.text:
                return
            # An accepted version never changes: a change is a new row.
            self.pk = None
            self._state.adding = True
            self.created_at = timezone.now()
        latest = PrivacyNotice.objects.aggregate(models.Max("version"))["version__max"]
        self.version = (latest or 0) + 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> PrivacyNotice | None:
        return cls.objects.order_by("-version").first()


class PrivateAnswer(models.Model):
    """An answer to a private (self-identification) question, kept apart from
    the application on purpose: no link to it or to the applicant, so that it
    can only ever be counted (per posting, question and answer)."""

    posting = models.ForeignKey(
        JobPostingPage, null=True, on_delete=models.SET_NULL, related_name="private_answers"
    )
    question = models.CharField(max_length=50)
    answer = models.CharField(max_length=255)
    # The month only: a day and time could single out an applicant.
    month = models.DateField(help_text="The first day of the month it was given in.")

    class Meta:
        permissions = [("view_private_answer_report", "Can see the self-identification report")]
        indexes = [models.Index(fields=["posting", "question"])]

    def __str__(self):
        return f"{self.question}: {self.answer}"
