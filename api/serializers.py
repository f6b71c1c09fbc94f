"""The careers API's representations. ``PostingSerializer`` is the one place a
posting is shaped for the outside world; the list, the index, previews,
JSON-LD and the reference frontend reuse it or its parts."""

from __future__ import annotations

import copy

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careers_pages import locations, pay, visibility
from careers_pages.form_fields import APPLICATION_FIELDS
from careers_pages.hiring.answers import ANSWER_MAX_LENGTHS
from careers_pages.hiring.forms import HONEYPOT_FIELD
from careers_pages.hiring.resumes import RESUME_TYPES, resume_max_bytes
from careers_pages.hiring.submit import consent_wording, talent_pool_label
from careers_pages.markdown import QUESTION_TYPES, SALARY_INTERVALS, Question
from careers_pages.models import (
    CareersIndexPage,
    Department,
    HiringOrganization,
    JobPostingPage,
    site_path,
)
from careers_pages.rich_text import frontend_html, frontend_inline_html

from . import lookups, structured_data


class FieldsBuiltOnce:
    """DRF's ModelSerializer builds its fields from the model again for every
    serializer instance: a third of the time a posting's serialization took.
    They depend on the class alone, so they are built once, and each instance
    binds shallow copies of them (a deep copy, DRF's way, constructs every
    field again: a sixth of a cold detail). The templates are never bound or
    used, so nothing an instance sets on its copies reaches another; these
    serializers only write JSON, so the validators the copies share are never run."""

    def get_fields(self):
        cls = type(self)
        if "_field_templates" not in cls.__dict__:
            cls._field_templates = super().get_fields()
        return {name: copy.copy(field) for name, field in cls._field_templates.items()}


@extend_schema_field({"type": "string", "format": "html"})
class HTMLField(serializers.CharField):
    """A text that is HTML, ready to insert into a page: the schema says so
    (``format: html``) beside the plain-text fields, which are to be escaped."""


PLAIN_TEXT = "Plain text, not HTML (escape it when inserting it into a page)"


class OptionalChoiceField(serializers.ChoiceField):
    """A model field's choice, null where the model holds a blank."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) or None


class ChoiceLabelField(serializers.CharField):
    """A model field's choice in words (Django's ``get_<field>_display``), null where blank."""

    def __init__(self, field_name: str, **kwargs):
        super().__init__(
            source=f"get_{field_name}_display", allow_null=True, read_only=True, **kwargs
        )

    def to_representation(self, value):
        return value or None


class DepartmentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """A posting's department, here and in Wagtail's API v2."""

    class Meta:
        model = Department
        fields = ["slug", "name", "icon"]
        extra_kwargs = {
            "icon": {
                "help_text": "A Lucide icon name (lucide.dev), such as settings; may be empty."
            }
        }


class ListItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.ChoiceField(choices=["item"])
    value = HTMLField(help_text="Inline HTML: b, i, code and a elements.")


class PostingLocationSerializer(FieldsBuiltOnce, serializers.Serializer):
    city = serializers.CharField(help_text="May be empty.")
    region = serializers.CharField(help_text="State, province or region; may be empty.")
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, such as DE.")


class AmountField(serializers.Field):
    """An amount as a JSON number: an integer when whole (60000), else a
    decimal number (27.5); null when not given."""

    def to_representation(self, value):
        return pay.amount(value)


extend_schema_field({"type": "number", "nullable": True})(AmountField)


class PayRangeSerializer(FieldsBuiltOnce, serializers.Serializer):
    """One pay range, here and in Wagtail's API v2."""

    label = serializers.CharField(
        help_text="The location or zone it applies to ('Berlin', 'US zone A'); may be empty."
    )
    min = AmountField(help_text="A JSON number, or null (an open-ended range).")
    max = AmountField(help_text="A JSON number, or null (an open-ended range).")
    currency = serializers.CharField(help_text="ISO 4217 code, such as EUR.")
    interval = serializers.ChoiceField(choices=list(SALARY_INTERVALS))


class BackNavigationSerializer(serializers.Serializer):
    to = serializers.CharField(help_text="The frontend path the back arrow leads to.")
    label = serializers.CharField()


class FormFieldSerializer(serializers.Serializer):
    """A field of the application form: a standard one, the consent, or one
    of the posting's questions (after the standard fields)."""

    name = serializers.CharField(help_text="The multipart field to send it as.")
    type = serializers.ChoiceField(
        choices=sorted({"text", "email", "url", "file", "textarea", "checkbox", *QUESTION_TYPES}),
        help_text="For a question: choice (one of `options`), multichoice (any of them, the "
        "field repeated), boolean (`yes` or `no`), number, date (YYYY-MM-DD), url (http or "
        "https), text, textarea or file.",
    )
    label = serializers.CharField()
    required = serializers.BooleanField()
    help_text = serializers.CharField(required=False)
    options = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="The answers to choose from."
    )
    private = serializers.BooleanField(
        required=False,
        help_text="Voluntary self-identification: counted anonymously, never shown with "
        "the application.",
    )
    placeholder = serializers.CharField(required=False)
    value = serializers.CharField(required=False, help_text="A fixed value (the role).")
    readonly = serializers.BooleanField(required=False)
    max_length = serializers.IntegerField(required=False)
    accept = serializers.CharField(required=False, help_text="File types, as HTML's accept.")
    max_size = serializers.IntegerField(required=False, help_text="Largest file, in bytes.")


class SuccessSerializer(serializers.Serializer):
    heading = serializers.CharField()
    subheading = serializers.CharField(allow_blank=True)
    url = serializers.CharField(help_text="The frontend path to show after applying.")


class ApplicationFormSerializer(serializers.Serializer):
    role = serializers.CharField()
    heading = serializers.CharField()
    action = serializers.CharField(help_text="Where to POST the form.")
    method = serializers.ChoiceField(choices=["post"])
    enctype = serializers.ChoiceField(choices=["multipart/form-data"])
    fields = FormFieldSerializer(many=True)
    honeypot = serializers.CharField(
        help_text="A field to render hidden from people (and leave empty); bots fill it."
    )
    submit_label = serializers.CharField()
    success = SuccessSerializer()


def application_form(index: CareersIndexPage, posting: JobPostingPage, request=None) -> dict:
    """The form as the careers index words it, for one posting."""
    fields = []
    for spec in APPLICATION_FIELDS:
        field: dict = {"name": spec.name, "type": spec.type, "required": spec.required}
        if spec.name == "role":
            field.update(label="Role", value=posting.role, readonly=True)
        else:
            field["label"] = getattr(index, f"{spec.name}_label")
            placeholder = getattr(index, f"{spec.name}_placeholder")
            if placeholder:
                field["placeholder"] = placeholder
        if spec.max_length:
            field["max_length"] = spec.max_length
        if spec.type == "file":
            field.update(file_limits())
        fields.append(field)
    fields.extend(question_field(question) for question in posting.application_questions(index))
    consent_required, consent_text, _ = consent_wording(index, lookups.privacy_notice)
    if consent_required:
        fields.append(
            {"name": "consent", "type": "checkbox", "label": consent_text, "required": True}
        )
        # A purpose of its own, asked with the processing consent, never required.
        fields.append(
            {
                "name": "talent_pool",
                "type": "checkbox",
                "label": talent_pool_label(),
                "required": False,
            }
        )
    return {
        "role": posting.role,
        "heading": index.form_heading,
        "action": reverse("careers-api:posting-applications", args=[posting.slug]),
        "method": "post",
        "enctype": "multipart/form-data",
        "fields": fields,
        "honeypot": HONEYPOT_FIELD,
        "submit_label": index.submit_label,
        "success": success_page(index, request),
    }


def question_field(question: Question) -> dict:
    """A question as a field of ``application_form.fields``."""
    field: dict = {"name": question.name, "type": question.type, "required": question.required}
    field["label"] = question.label
    if question.help:
        field["help_text"] = question.help
    if question.options:
        field["options"] = list(question.options)
    if question.private:
        field["private"] = True
    if question.type in ANSWER_MAX_LENGTHS:
        field["max_length"] = ANSWER_MAX_LENGTHS[question.type]
    if question.type == "file":
        field.update(file_limits())
    return field


def file_limits() -> dict:
    """What a file field of the form accepts: the document types, and size."""
    return {
        "accept": ",".join([*RESUME_TYPES, *RESUME_TYPES.values()]),
        "max_size": resume_max_bytes(),
    }


def success_page(index: CareersIndexPage, request=None) -> dict:
    return {
        "heading": index.success_heading,
        "subheading": index.success_subheading,
        "url": index.get_success_path(request),
    }


class PostingListSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """A posting as lists show it. Needs ``index`` (its careers index) in the context."""

    url = serializers.SerializerMethodField(help_text="The posting's frontend path.")
    department = DepartmentSerializer(allow_null=True)
    employment_type = OptionalChoiceField(
        choices=[c for c, _ in JobPostingPage._meta.get_field("employment_type").choices]
    )
    employment_type_label = ChoiceLabelField(
        "employment_type", help_text="The employment type in words, such as 'Full-time'."
    )
    workplace_type = OptionalChoiceField(choices=["remote", "hybrid", "on-site"])
    workplace_type_label = ChoiceLabelField(
        "workplace_type", help_text="The workplace type in words, such as 'On-site'."
    )
    location = serializers.CharField(
        help_text="The location badge as the editor wrote it, plain text: "
        "'Bengaluru, India (Hybrid)'. The structured values are in `locations`."
    )
    locations = serializers.SerializerMethodField()
    remote_countries = serializers.SerializerMethodField()
    pay_ranges = serializers.SerializerMethodField()
    compensation_note = serializers.CharField(
        help_text="Plain text shown with the pay (equity, bonus); may be empty."
    )

    class Meta:
        model = JobPostingPage
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "location",
            "locations",
            "remote_countries",
            "pay_ranges",
            "compensation_note",
            "department",
            "description",
            "employment_type",
            "employment_type_label",
            "workplace_type",
            "workplace_type_label",
            "valid_through",
            "first_published_at",
            "last_published_at",
        ]
        extra_kwargs = {
            "title": {"help_text": f"{PLAIN_TEXT}: the role."},
            "description": {
                "help_text": f"{PLAIN_TEXT}: one or two sentences for lists of postings."
            },
        }

    def get_url(self, posting) -> str:
        return visibility.posting_path(self.context["index_path"], posting.slug)

    @extend_schema_field(PostingLocationSerializer(many=True))
    def get_locations(self, posting):
        return PostingLocationSerializer(locations.posting_locations(posting), many=True).data

    @extend_schema_field(PayRangeSerializer(many=True))
    def get_pay_ranges(self, posting):
        return PayRangeSerializer(pay.pay_ranges(posting), many=True).data

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            allow_null=True,
            help_text="Remote postings: ISO codes of the countries applicants may live in. "
            "null when there is no limit (not remote, or remote from anywhere).",
        )
    )
    def get_remote_countries(self, posting):
        return locations.remote_countries(posting)


class PostingSerializer(PostingListSerializer):
    """A posting in full, as its page and JSON-LD need it."""

    overview = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    responsibilities = serializers.SerializerMethodField()
    qualifications = serializers.SerializerMethodField()
    back_navigation = serializers.SerializerMethodField()
    application_form = serializers.SerializerMethodField()
    structured_data = serializers.SerializerMethodField(
        help_text="schema.org JobPosting, to embed as JSON-LD."
    )
    locale = serializers.CharField(source="locale.language_code")

    class Meta(PostingListSerializer.Meta):
        fields = [
            *PostingListSerializer.Meta.fields,
            "seo_title",
            "search_description",
            "overview",
            "summary",
            "responsibilities",
            "qualifications",
            "back_navigation",
            "application_form",
            "structured_data",
            "locale",
        ]

    @extend_schema_field(HTMLField(help_text="HTML: p, ul, li, b, i, code, a."))
    def get_overview(self, posting) -> str:
        return frontend_html(posting.overview)

    @extend_schema_field(HTMLField(help_text="HTML: p, ul, li, b, i, code, a."))
    def get_summary(self, posting) -> str:
        return frontend_html(posting.summary)

    def _items(self, stream) -> list[dict]:
        return [
            {
                "id": child.id,
                "type": child.block_type,
                "value": frontend_inline_html(child.value.source),
            }
            for child in stream
        ]

    @extend_schema_field(ListItemSerializer(many=True))
    def get_responsibilities(self, posting):
        return self._items(posting.responsibilities)

    @extend_schema_field(ListItemSerializer(many=True))
    def get_qualifications(self, posting):
        return self._items(posting.qualifications)

    @extend_schema_field(BackNavigationSerializer)
    def get_back_navigation(self, posting):
        index = self.context["index"]
        return {
            "to": posting.back_navigation_to or self.context["index_path"],
            "label": index.title,
        }

    @extend_schema_field(ApplicationFormSerializer)
    def get_application_form(self, posting):
        return application_form(self.context["index"], posting, self.context.get("request"))

    @extend_schema_field(serializers.DictField())
    def get_structured_data(self, posting):
        return None  # filled in to_representation, from the other fields

    def to_representation(self, posting):
        data = super().to_representation(posting)
        if "organization" not in self.context:  # once for all postings serialized
            self.context["organization"] = HiringOrganization.for_page(self.context["index"])
        organization = self.context["organization"]
        data["structured_data"] = structured_data.job_posting(
            data,
            posting,
            organization,
            base_url=self.context["frontend_base_url"],
        )
        return data


class HeroSerializer(serializers.Serializer):
    heading = serializers.CharField()
    subheading = serializers.CharField(allow_blank=True)
    button_label = serializers.CharField()


class SectionValueSerializer(serializers.Serializer):
    """Every section has this one shape; only its items differ by type."""

    heading = serializers.CharField(help_text=f"{PLAIN_TEXT}.")
    subheading = serializers.CharField(allow_blank=True, help_text=f"{PLAIN_TEXT}; may be empty.")
    items = serializers.ListField(
        child=serializers.DictField(),
        help_text="how_we_work and benefits: cards {icon, title, description} (icon a "
        "Lucide icon name; title and description plain text); hiring_process: steps "
        "{title, tips: [string]}, plain text.",
    )


class SectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.ChoiceField(choices=["how_we_work", "benefits", "hiring_process"])
    value = SectionValueSerializer()


class DepartmentGroupSerializer(serializers.Serializer):
    slug = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    icon = serializers.CharField(allow_blank=True)
    positions = PostingListSerializer(many=True)


class OpenPositionsSerializer(serializers.Serializer):
    heading = serializers.CharField()
    subheading = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()
    departments = DepartmentGroupSerializer(many=True)


class CareersIndexSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    """The careers page: hero, sections, and open positions by department.
    Needs ``postings`` (the open ones, in page order) in the context."""

    url = serializers.SerializerMethodField()
    hero = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    open_positions = serializers.SerializerMethodField()
    success = serializers.SerializerMethodField(
        help_text="The page applicants see after applying, as every posting's form names it."
    )
    locale = serializers.CharField(source="locale.language_code")

    class Meta:
        model = CareersIndexPage
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "seo_title",
            "search_description",
            "hero",
            "sections",
            "open_positions",
            "success",
            "first_published_at",
            "last_published_at",
            "locale",
        ]

    def get_url(self, index) -> str:
        return site_path(index, self.context.get("request"))

    @extend_schema_field(HeroSerializer)
    def get_hero(self, index):
        return {
            "heading": index.hero_heading,
            "subheading": index.hero_subheading,
            "button_label": index.hero_button_label,
        }

    @extend_schema_field(SuccessSerializer)
    def get_success(self, index):
        return success_page(index, self.context.get("request"))

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, index):
        return [
            {
                "id": block.id,
                "type": block.block_type,
                "value": block.block.get_api_representation(block.value, self.context),
            }
            for block in index.sections
        ]

    @extend_schema_field(OpenPositionsSerializer)
    def get_open_positions(self, index):
        postings = self.context["postings"]
        groups: dict = {}
        for posting in postings:
            groups.setdefault(posting.department, []).append(posting)
        ordered = sorted(
            groups.items(),
            key=lambda group: (group[0] is None, group[0] and (group[0].sort_order, group[0].name)),
        )
        return {
            "heading": index.open_positions_heading,
            "subheading": index.open_positions_subheading,
            "count": len(postings),
            "departments": [
                {
                    "slug": department.slug if department else None,
                    "name": department.name if department else None,
                    "icon": department.icon if department else "",
                    "positions": PostingListSerializer(
                        members, many=True, context=self.context
                    ).data,
                }
                for department, members in ordered
            ],
        }
