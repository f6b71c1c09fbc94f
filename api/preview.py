"""GET /api/careers/preview/?token=…: a draft, in the shape of its published form."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from careers_pages import pay, visibility
from careers_pages.models import CareersIndexPage, JobPostingPage
from careers_pages.previews.tokens import PreviewRefused, resolve_token

from .serializers import CareersIndexSerializer, PostingSerializer
from .views import careers_context

PAGE_TYPE_HEADER = "X-Careers-Page-Type"


class PreviewView(APIView):
    @extend_schema(
        summary="A draft, for a preview token",
        description="The posting or careers page as it would be published, from the "
        "token of a preview link; the `X-Careers-Page-Type` header says which (`posting` "
        "or `index`). Never cached, never indexed.",
        parameters=[
            OpenApiParameter("token", str, required=True, description="The preview token."),
            OpenApiParameter(
                "slug",
                str,
                description="The slug of the page the frontend is showing; a token for "
                "another page is refused.",
            ),
        ],
        responses={
            200: PolymorphicProxySerializer(
                component_name="Preview",
                serializers=[PostingSerializer, CareersIndexSerializer],
                resource_type_field_name=None,
            ),
            400: OpenApiResponse(description="No token."),
            403: OpenApiResponse(description="A changed token, or one for another page."),
            404: OpenApiResponse(description="The preview or its page no longer exists."),
            410: OpenApiResponse(description="The preview link expired or was revoked."),
        },
    )
    def get(self, request):
        token = request.query_params.get("token", "")
        if not token:
            return self.refuse(status.HTTP_400_BAD_REQUEST, "Give the preview token as ?token=.")
        try:
            page, preview = resolve_token(token, slug=request.query_params.get("slug"))
        except PreviewRefused as refused:
            return self.refuse(refused.status, refused.message)
        if isinstance(page, JobPostingPage):
            index = preview.parent.specific
            data = PostingSerializer(page, context=careers_context(request, index)).data
            kind = "posting"
        elif isinstance(page, CareersIndexPage):
            postings = []
            if page.pk:
                postings = list(
                    pay.with_pay_ranges(visibility.open_postings(page)).select_related(
                        "department", "locale"
                    )
                )
            context = {**careers_context(request, page), "postings": postings}
            data = CareersIndexSerializer(page, context=context).data
            kind = "index"
        else:
            return self.refuse(status.HTTP_404_NOT_FOUND, "This page has no careers preview.")
        response = self.private(Response(data))
        response[PAGE_TYPE_HEADER] = kind
        return response

    def refuse(self, code: int, message: str) -> Response:
        return self.private(Response({"detail": message}, status=code))

    @staticmethod
    def private(response: Response) -> Response:
        return private_preview(response)


def private_preview(response):
    """Mark an answer to a preview URL: never stored, never indexed, and never
    named in a Referer, since the URL holds the token."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
