"""Wagtail's own API v2 (pages, images, documents), registered in one place."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from careers_pages.models import JobPostingPage

from .filters import SEARCH_MAX_LENGTH
from .serializers import DepartmentSerializer, PayRangeSerializer

SEARCH_OPERATORS = ("and", "or")
#: The largest offset a listing takes: the databases' largest integer (SQLite's and
#: PostgreSQL's OFFSET are 64-bit), past which they refuse the query.
MAX_OFFSET = 2**63 - 1

_QUERY = [
    OpenApiParameter("fields", str, description="Fields to add (`*` for all) or remove (`-x`)."),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 0, "maximum": 100},
        description="Items per page (at most 100).",
    ),
    OpenApiParameter("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
    OpenApiParameter(
        "order",
        str,
        description="Fields to order by, comma-separated, `-` for descending; or `random`.",
    ),
    OpenApiParameter(
        "search",
        {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
        description=f"Full-text search; at most {SEARCH_MAX_LENGTH} characters.",
    ),
    OpenApiParameter(
        "search_operator",
        str,
        enum=SEARCH_OPERATORS,
        description="Whether results must hold all the search's words (`and`) or any (`or`).",
    ),
]
#: The page types a ``type`` filter can name (others are accepted too; these are the
#: project's own, and the only ones whose field filters the schema lists).
PAGE_TYPES = ("wagtailcore.Page", "careers_pages.CareersIndexPage", "careers_pages.JobPostingPage")
_PAGE_QUERY = [
    OpenApiParameter(
        "type",
        str,
        enum=PAGE_TYPES,
        description="A page type; with careers_pages.JobPostingPage the posting's own "
        "fields can be filtered on too.",
    ),
    OpenApiParameter("child_of", int, description="The id of the parent page."),
    OpenApiParameter("descendant_of", int, description="The id of an ancestor page."),
]

#: The page filters that name a page by its id ("root" too, where Wagtail takes it).
PAGE_FILTERS = {
    "child_of": True,
    "descendant_of": True,
    "translation_of": True,
    "ancestor_of": False,
}


def quoted(raw: str, longest: int = 40) -> str:
    """A query value as a 400 names it: quoted, and cut when it is long."""
    return repr(raw if len(raw) <= longest else raw[:longest] + "…")


def whole_number(name: str, raw: str, lowest: int, highest: int | None = None) -> int:
    """``raw`` as a whole number from ``lowest`` to ``highest``, or a 400 naming
    the parameter, the allowed range and the value."""
    try:
        value = int(raw) if raw.strip().lstrip("-").isdigit() else None
    except ValueError:  # more digits than int() converts
        value = None
    if value is None or value < lowest or (highest is not None and value > highest):
        bounds = f"from {lowest} to {highest}" if highest is not None else f"{lowest} or more"
        raise BadRequestError(f"{name} must be a whole number {bounds}, not {quoted(raw)}")
    return value


#: OpenAPI types of the model fields that field filters accept; others are strings.
_FILTER_TYPES = [
    ((models.BooleanField,), {"type": "boolean"}),
    ((models.IntegerField, models.AutoField), {"type": "integer"}),
    ((models.DecimalField, models.FloatField), {"type": "number"}),
    ((models.DateTimeField,), {"type": "string", "format": "date-time"}),
    ((models.DateField,), {"type": "string", "format": "date"}),
]


#: Fields whose value is a structure (blocks, JSON): no query-string value compares
#: with them, and their own conversion fails on one with errors of every kind.
STRUCTURED_FIELDS = (StreamField, models.JSONField)


def filter_value_error(field, raw: str) -> str | None:
    """Why ``raw`` cannot be compared with the model field ``field`` in a query, or
    None when it can: checked by the field's own conversion and validators (a
    number's range, a date's calendar, a decimal's digits), so a value the database
    would refuse is refused here first."""
    if not field.concrete or field.many_to_many:
        return None  # tags and other relations: Wagtail matches them by name
    if isinstance(field, STRUCTURED_FIELDS):
        return "a structured field cannot be filtered on"
    target = field.target_field if field.is_relation else field
    try:
        value = target.to_python(raw)
        target.run_validators(value)
    except ValidationError as error:
        return " ".join(error.messages)
    choices = [str(choice) for choice, _ in target.flatchoices] if target.choices else []
    if choices and value not in choices and not (value == "" and target.blank):
        return f"one of {', '.join(choices)}"
    return None


class WagtailV2Schema(AutoSchema):
    def get_operation_id(self):
        resource = self.path.strip("/").split("/")[2]  # api/v2/<resource>/…
        return f"wagtail_v2_{resource}_{self.view.action.removesuffix('_view')}"

    def get_override_parameters(self):
        """A listing's field filters, typed by their model field: ``?employment_type=FULL_TIME``."""
        parameters = super().get_override_parameters()
        if self.view.action != "listing_view":
            return parameters
        documented = {getattr(p, "name", None) for p in parameters}
        model = JobPostingPage if isinstance(self.view, PagesAPIViewSet) else self.view.model
        for name, field in self.view.filterable_fields(model):
            if name in documented or field.is_relation:
                continue
            schema = next(
                (kind for types, kind in _FILTER_TYPES if isinstance(field, types)),
                {"type": "string"},
            )
            scope = (
                f" (with type={model._meta.label})" if field.model is not self.view.model else ""
            )
            parameters.append(
                OpenApiParameter(
                    name, schema, description=f"Only items whose {name} is this{scope}."
                )
            )
        return parameters


class DocumentedEndpoint:
    """Schema for Wagtail's v2 endpoints, which DRF cannot describe by itself,
    and a 400 for input Wagtail would turn into a 500."""

    schema = WagtailV2Schema()

    def perform_authentication(self, request):
        """Every request is anonymous here: Wagtail checks view restrictions on
        ``request.user``, which the project's DRF settings leave None (its own views
        need no user). Not the session's user either, so an editor signed in to the
        admin sees what the public sees."""
        request.user = AnonymousUser()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if any("\x00" in value for value in values):
                raise BadRequestError(f"{name} contains a NUL character")
        if "id" in request.GET:
            whole_number("id", request.GET["id"], 0)

    @classmethod
    def filterable_fields(cls, model):
        """(name, model field) of the fields Wagtail's field filters accept on ``model``."""
        for name in cls.get_available_fields(model, db_fields_only=True):
            try:
                yield name, model._meta.get_field(name)
            except FieldDoesNotExist:
                continue

    def filter_queryset(self, queryset):
        """Before Wagtail's filters run (on a listing and on one item), a 400 naming
        the parameter and its value for what Wagtail would refuse without naming the
        value, or hand on to the database or the search backend unchecked: a field
        filter's value of the wrong type or out of range, a limit or offset that is
        not a whole number in range (the offset at most the databases' largest
        integer), an unknown search operator, and a search longer than
        ``SEARCH_MAX_LENGTH`` (a long one nests too deep for the search backend)."""
        self.check_query(self.request.GET, queryset.model)
        return super().filter_queryset(queryset)

    def check_query(self, query, model) -> None:
        """Raise ``BadRequestError`` for the first bad value in ``query``."""
        for name, field in self.filterable_fields(model):
            if name in query and name not in self.known_query_parameters:
                error = filter_value_error(field, query[name])
                if error:
                    raise BadRequestError(
                        f"field filter error. {quoted(query[name])} is not a valid value for "
                        f"{name} ({error})"
                    )
        if self.action == "listing_view":
            if "offset" in query:
                whole_number("offset", query["offset"], 0, MAX_OFFSET)
            if "limit" in query:
                whole_number("limit", query["limit"], 0, settings.WAGTAILAPI_LIMIT_MAX)
        operator = query.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError(f"search_operator must be 'and' or 'or', not {quoted(operator)}")
        search = query.get("search", "")
        if len(search) > SEARCH_MAX_LENGTH:
            raise BadRequestError(
                f"search must be at most {SEARCH_MAX_LENGTH} characters, not {len(search)} "
                f"({quoted(search, 20)})"
            )

    @extend_schema(
        summary="Wagtail API v2: a listing",
        tags=["wagtail-v2"],
        parameters=_QUERY,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def listing_view(self, request):
        return super().listing_view(request)

    @extend_schema(
        summary="Wagtail API v2: one item",
        tags=["wagtail-v2"],
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @extend_schema(
        summary="Wagtail API v2: find an item and redirect to it",
        tags=["wagtail-v2"],
        parameters=[OpenApiParameter("id", int), OpenApiParameter("html_path", str)],
        responses={302: None, 404: OpenApiTypes.OBJECT},
    )
    def find_view(self, request):
        return super().find_view(request)


class VisiblePagesAPIViewSet(DocumentedEndpoint, PagesAPIViewSet):
    """Wagtail's pages endpoint without pages past their expiry: Wagtail hides
    them only once ``publish_scheduled`` has run."""

    @classmethod
    def get_field_serializer_overrides(cls, model):
        """A posting's ``department`` and ``pay_ranges`` API fields as the
        careers API shapes them: the model names the field, the API owns its
        representation."""
        overrides = super().get_field_serializer_overrides(model)
        if issubclass(model, JobPostingPage):
            overrides.setdefault("department", DepartmentSerializer())
            overrides.setdefault("pay_ranges", PayRangeSerializer(many=True))
        return overrides

    def get_queryset(self):
        """Wagtail's, with a 400 that names an unknown page type."""
        raw = self.request.GET.get("type")
        if raw is not None:
            try:
                page_models_from_string(raw)
            except (LookupError, ValueError):
                raise BadRequestError(
                    f"type {quoted(raw)} is not a page type, such as careers_pages.JobPostingPage"
                ) from None
        return super().get_queryset()

    def check_query(self, query, model) -> None:
        """Also the page filters, by the value they were given: a page id this
        endpoint shows (Wagtail's own words name neither)."""
        super().check_query(query, model)
        for name, takes_root in PAGE_FILTERS.items():
            raw = query.get(name)
            if raw is None or (takes_root and raw == "root"):
                continue
            page_id = whole_number(name, raw, 0, MAX_OFFSET)
            if not self.get_base_queryset().filter(pk=page_id).exists():
                raise BadRequestError(f"{name}: no page with id {page_id} is shown here")

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        # By id, not by expire_at: Wagtail's search can filter on ids only.
        expired = list(queryset.filter(expire_at__lte=timezone.now()).values_list("pk", flat=True))
        return queryset.exclude(pk__in=expired) if expired else queryset

    @extend_schema(
        summary="Wagtail API v2: pages",
        tags=["wagtail-v2"],
        parameters=[*_QUERY, *_PAGE_QUERY],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def listing_view(self, request):
        return super().listing_view(request)


class ImagesEndpoint(DocumentedEndpoint, ImagesAPIViewSet):
    pass


class DocumentsEndpoint(DocumentedEndpoint, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", VisiblePagesAPIViewSet)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)


def public_api_only(endpoints, **kwargs):
    """drf-spectacular hook: document the public API, not the admin's internal one."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
