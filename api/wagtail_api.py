"""Wagtail's own API v2 (pages, images, documents), registered in one place."""

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

_QUERY = [
    OpenApiParameter("fields", str, description="Fields to add (`*` for all) or remove (`-x`)."),
    OpenApiParameter("limit", int, description="Items per page (at most 100)."),
    OpenApiParameter("offset", int),
    OpenApiParameter("order", str),
    OpenApiParameter("search", str),
]
_PAGE_QUERY = [
    OpenApiParameter("type", str, description="A page type such as careers_pages.JobPostingPage."),
    OpenApiParameter("child_of", int),
    OpenApiParameter("descendant_of", int),
]


class WagtailV2Schema(AutoSchema):
    def get_operation_id(self):
        resource = self.path.strip("/").split("/")[2]  # api/v2/<resource>/…
        return f"wagtail_v2_{resource}_{self.view.action.removesuffix('_view')}"


class DocumentedEndpoint:
    """Schema for Wagtail's v2 endpoints, which DRF cannot describe by itself,
    and a 400 for input Wagtail would turn into a 500."""

    schema = WagtailV2Schema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if any("\x00" in value for value in values):
                raise BadRequestError(f"{name} contains a NUL character")
        if "id" in request.GET and not request.GET["id"].isdigit():
            raise BadRequestError("id must be a whole number")

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
