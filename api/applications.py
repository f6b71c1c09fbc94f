"""POST /api/careers/postings/<slug>/applications/: apply for a posting."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from careers_pages.form_fields import APPLICATION_FIELDS, SOURCE_FIELDS
from careers_pages.hiring.forms import ApplicationForm
from careers_pages.hiring.submit import (
    IdempotencyConflict,
    consent_wording,
    submit_application,
)

from . import lookups
from .views import PublicCareersMixin

logger = logging.getLogger(__name__)

# Headroom over the resume limit for the other fields and multipart framing.
BODY_OVERHEAD_BYTES = 1024 * 1024
IDEMPOTENCY_HEADER = "Idempotency-Key"


# The serializer field describing each type of form field, for the schema.
SCHEMA_FIELD_TYPES = {
    "text": serializers.CharField,
    "textarea": serializers.CharField,
    "email": serializers.EmailField,
    "url": serializers.URLField,
    "file": serializers.FileField,
    "hidden": serializers.CharField,
}
SCHEMA_HELP_TEXTS = {
    "resume": "PDF, DOC, DOCX, ODT, RTF or TXT, recognised by content.",
    "role": "Ignored: the posting's role is kept.",
    "source": "Optional, not shown to applicants: where the applicant came from, such as "
    "the `?source=` of the page the form is on (one line, no control characters).",
    "utm_source": "Optional, not shown to applicants: the page URL's `utm_source`.",
    "utm_medium": "Optional, not shown to applicants: the page URL's `utm_medium`.",
    "utm_campaign": "Optional, not shown to applicants: the page URL's `utm_campaign`.",
}


class ApplicationRequestSerializer(serializers.Serializer):
    """For the schema only: the form is checked by ``ApplicationForm``. Its
    fields, types and limits are the application form's (``APPLICATION_FIELDS``)
    and the sources' (``SOURCE_FIELDS``), which ``application_form.fields`` does
    not list since applicants never see them."""

    consent = serializers.BooleanField(
        required=False,
        help_text="Agreement to the privacy notice: required when the form lists it.",
    )
    talent_pool = serializers.BooleanField(
        required=False, help_text="Optional: keep the application for future roles."
    )
    website = serializers.CharField(
        required=False, help_text="A honeypot: hide it from people and leave it empty."
    )

    def get_fields(self):
        fields = {}
        for spec in (*APPLICATION_FIELDS, *SOURCE_FIELDS):
            options = {"required": spec.required and spec.name != "role"}
            if spec in SOURCE_FIELDS:
                options["allow_blank"] = True
            if spec.max_length:
                options["max_length"] = spec.max_length
            if spec.name in SCHEMA_HELP_TEXTS:
                options["help_text"] = SCHEMA_HELP_TEXTS[spec.name]
            fields[spec.name] = SCHEMA_FIELD_TYPES[spec.type](**options)
        return {**fields, **super().get_fields()}


class ApplicationCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    posting = serializers.CharField(help_text="The posting's slug.")
    role = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class ApplicationCreateView(PublicCareersMixin, generics.GenericAPIView):
    parser_classes = [MultiPartParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "applications"
    serializer_class = ApplicationRequestSerializer

    @extend_schema(
        summary="Apply for a posting",
        description="multipart/form-data, with the fields the posting's `application_form` "
        "lists: the standard ones below, then the answers to the posting's questions, each "
        "under its question's `name` (a multichoice answer repeats the field once per "
        "option; a boolean is `yes` or `no`; a date is YYYY-MM-DD; a number is decimal). "
        "Each answer is checked by its question's type; a refused one is a 400 naming it, "
        "and nothing is stored. Send an `Idempotency-Key` header to make retries safe: a retried "
        "submission is stored once and answered like the first. The optional `source`, "
        "`utm_source`, `utm_medium` and `utm_campaign` say where the applicant came from "
        "(fill them from the page's URL; they are not in `application_form.fields`, as "
        "applicants never see them); of the `Referer` header only the origin "
        "(scheme://host[:port]) is kept.",
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                description="1 to 255 visible ASCII characters, unique per submission.",
            )
        ],
        request={"multipart/form-data": ApplicationRequestSerializer},
        responses={
            201: ApplicationCreatedSerializer,
            400: OpenApiResponse(description="Errors per field: {field: [message]}."),
            404: OpenApiResponse(description="No such open posting."),
            413: OpenApiResponse(description="The body or the resume is over the size limit."),
            415: OpenApiResponse(description="Not multipart/form-data."),
            422: OpenApiResponse(
                description="The Idempotency-Key was used for a different submission."
            ),
            429: OpenApiResponse(description="Too many applications; see Retry-After."),
            503: OpenApiResponse(
                description="Nothing was stored (the database is unavailable); retry later."
            ),
        },
    )
    def post(self, request, slug):
        too_large = self._body_too_large(request)
        if too_large:
            return too_large
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is not None and not (
            0 < len(key) <= 255 and all(0x21 <= ord(c) <= 0x7E for c in key)
        ):
            return Response(
                {IDEMPOTENCY_HEADER: ["Must be 1 to 255 visible ASCII characters."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        index = self.careers_index
        posting = lookups.open_posting(index, slug)
        if posting is None:
            raise NotFound("No open posting has this slug.")
        questions = posting.application_questions(index)
        # Read once: the form asks for the consent the stored record names.
        wording = consent_wording(index, lookups.privacy_notice)
        form = ApplicationForm(
            request.data,
            request.FILES,
            consent_required=wording[0],
            questions=questions,
        )
        file_fields = {"resume", *(q.name for q in questions if q.type == "file")}
        unexpected = sorted(set(request.FILES) - file_fields)
        if not form.is_valid() or unexpected:
            errors = {field: list(messages) for field, messages in form.errors.items()}
            for field in unexpected:
                errors[field] = [
                    "Only the resume may be a file (and the answer to a file question)."
                ]
            over_limit = (
                "resume" in errors
                and request.FILES.get("resume") is not None
                and (request.FILES["resume"].size > settings.CAREERS_RESUME_MAX_BYTES)
            )
            code = (
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
                if over_limit
                else status.HTTP_400_BAD_REQUEST
            )
            return Response(errors, status=code)
        try:
            application, replayed = submit_application(
                posting, index, form, key, referer=request.headers.get("Referer"), wording=wording
            )
        except DatabaseError:
            logger.exception("Could not store an application for %s", posting.slug)
            response = Response(
                {"detail": "The application could not be stored just now; please send it again."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
            response["Retry-After"] = "30"
            return response
        except IdempotencyConflict:
            return Response(
                {IDEMPOTENCY_HEADER: ["This key was used for a different submission."]},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        body = {
            "id": str(application.uuid),
            "posting": posting.slug,
            "role": application.role,
            "submitted_at": application.submitted_at.isoformat(),
        }
        response = Response(body, status=status.HTTP_201_CREATED)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    def _body_too_large(self, request) -> Response | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.CAREERS_RESUME_MAX_BYTES + BODY_OVERHEAD_BYTES
        if length > limit:
            return Response(
                {
                    "detail": f"The request is larger than {limit} bytes; the resume may be "
                    f"at most {settings.CAREERS_RESUME_MAX_BYTES} bytes."
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        return None
