"""The careers API's views: thin, the serializers own the representation."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Min
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings

from careers_pages import pay, visibility
from careers_pages.models import CareersIndexPage, JobPostingPage, site_path

from . import lookups
from .caching import public_origin
from .filters import PostingFilter
from .pagination import StrictLimitOffsetPagination
from .serializers import CareersIndexSerializer, PostingListSerializer, PostingSerializer

ERRORS = {
    400: OpenApiResponse(
        description="A parameter is wrong; the body names it: {field: [message]}."
    ),
    404: OpenApiResponse(description="No such open posting, or no published careers page."),
}


def frontend_base_url(request) -> str:
    return settings.CAREERS_FRONTEND_BASE_URL or public_origin(request)


def careers_context(request, index: CareersIndexPage) -> dict:
    """What the serializers need to know besides the page: its careers index
    and where that is. (A posting in full also names who hires: the
    serializer looks that up when it needs it.)"""
    return {
        "request": request,
        "index": index,
        "index_path": site_path(index, request),
        "frontend_base_url": frontend_base_url(request),
    }


class FormatParameterOnly(DefaultContentNegotiation):
    """The renderer named by ``?format=``, else the first: never one chosen by
    the ``Accept`` header. These views are cached by URL (``?format=`` is in the
    key, ``Accept`` is not), so their answer must not depend on it; and JSON is
    all they render (no 406 for ``Accept: text/html``)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if format_suffix or request.query_params.get(api_settings.URL_FORMAT_OVERRIDE):
            return super().select_renderer(request, renderers, format_suffix)
        return renderers[0], renderers[0].media_type


class PublicCareersMixin:
    """Public, cacheable GETs of the visible careers index and its postings."""

    content_negotiation_class = FormatParameterOnly

    @cached_property
    def careers_index(self) -> CareersIndexPage:
        index = lookups.careers_index()
        if index is None:
            raise NotFound("There is no published careers page.")
        return index

    def open_postings(self):
        """The open postings, with what their representation reads: the
        department and locale joined, the locations prefetched, the pay
        ranges in each posting's own row."""
        return pay.with_pay_ranges(
            visibility.open_postings(self.careers_index)
            .select_related("department", "locale")
            .prefetch_related("posting_locations")
        )

    def get_serializer_context(self):
        context = {
            **super().get_serializer_context(),
            **careers_context(self.request, self.careers_index),
        }
        if getattr(self, "action", None) == "retrieve":  # a posting in full names who hires
            context["organization"] = lookups.hiring_organization(self.careers_index, self.request)
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.CAREERS_API_MAX_AGE)
            response.fresh_until = self.next_expiry()
        return response

    #: The soonest ``expire_at`` of the postings a response shows; the views set it.
    shown_postings_expire_at = None

    def next_expiry(self) -> float | None:
        """When what this response shows next expires by itself (``expire_at``
        of the index or of a posting shown): it must change then, cached or not."""
        moments = [m for m in (self.careers_index.expire_at, self.shown_postings_expire_at) if m]
        return min(moments).timestamp() if moments else None


@extend_schema(
    summary="The careers page",
    description="Hero, sections and the open positions grouped by department.",
    responses={200: CareersIndexSerializer, 404: ERRORS[404]},
)
class CareersIndexView(PublicCareersMixin, generics.GenericAPIView):
    serializer_class = CareersIndexSerializer

    def get(self, request):
        postings = list(self.open_postings())
        self.shown_postings_expire_at = min(
            (posting.expire_at for posting in postings if posting.expire_at), default=None
        )
        context = {**self.get_serializer_context(), "postings": postings}
        return Response(CareersIndexSerializer(self.careers_index, context=context).data)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "limit", OpenApiTypes.INT, description="Postings per page, 1 to 100 (default 20)."
        ),
        OpenApiParameter("offset", OpenApiTypes.INT, description="Postings to skip (default 0)."),
    ]
)
class PostingViewSet(PublicCareersMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = PostingFilter
    pagination_class = StrictLimitOffsetPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the filters
            return JobPostingPage.objects.none()
        return self.open_postings()

    @classmethod
    def list_parameters(cls) -> tuple[str, ...]:
        """The query parameters the list reads: its filters and its paging."""
        paging = cls.pagination_class
        return (
            *cls.filterset_class.base_filters,
            paging.limit_query_param,
            paging.offset_query_param,
        )

    def get_serializer_class(self):
        return PostingListSerializer if self.action == "list" else PostingSerializer

    @extend_schema(
        summary="Open postings",
        description="Filtered, searched (q) and paged. Search results come by relevance, "
        "others in the careers page's order.",
        responses={200: PostingListSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One posting, in full",
        responses={200: PostingSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        """The open posting of this slug. Not through the list's filters, as DRF
        would: a filter parameter on a posting's URL means nothing."""
        posting = lookups.open_posting(self.careers_index, self.kwargs[self.lookup_field])
        if posting is None:
            raise NotFound("No open posting has this slug.")
        # The serializer and the JSON-LD both read the locations: one query,
        # kept as the posting's child objects (modelcluster's in-memory relation).
        posting.posting_locations = lookups.posting_locations(posting)
        self.check_object_permissions(self.request, posting)
        self.shown_postings_expire_at = posting.expire_at
        return posting

    def paginate_queryset(self, queryset):
        """A page of the (filtered) postings. Their count, which the page
        shows, and their soonest expiry, after which it is wrong, in one query."""
        totals = queryset.order_by().aggregate(count=Count("pk"), soonest=Min("expire_at"))
        self.shown_postings_expire_at = totals["soonest"]
        self.paginator.count = totals["count"]
        return super().paginate_queryset(queryset)


class ReadOnlyJSONAnswers:
    """GET and HEAD only, and JSON for OPTIONS and every other method: the schema
    and its page would render those with their own renderers (YAML, or an HTML
    template that has nothing for them, a 500)."""

    http_method_names = ["get", "head", "options"]

    def allow_header(self) -> str:
        return ", ".join(method.upper() for method in self.http_method_names)

    def options(self, request, *args, **kwargs):
        metadata = self.metadata_class().determine_metadata(request, self)
        return JsonResponse(metadata, headers={"Allow": self.allow_header()})

    def http_method_not_allowed(self, request, *args, **kwargs):
        return JsonResponse(
            {"detail": f'Method "{request.method}" not allowed.'},
            status=405,
            headers={"Allow": self.allow_header()},
        )


class SchemaView(ReadOnlyJSONAnswers, SpectacularAPIView):
    """The OpenAPI schema."""


class DocsView(ReadOnlyJSONAnswers, SpectacularSwaggerSplitView):
    """The schema's interactive page."""
