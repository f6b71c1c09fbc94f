from django.urls import path

from .applications import ApplicationCreateView
from .caching import cached_public_get
from .preview import PreviewView
from .views import CareersIndexView, DocsView, PostingViewSet, SchemaView

app_name = "careers-api"

urlpatterns = [
    path("careers/", cached_public_get(CareersIndexView.as_view()), name="index"),
    path(
        "careers/postings/",
        cached_public_get(
            PostingViewSet.as_view({"get": "list"}), PostingViewSet.list_parameters()
        ),
        name="posting-list",
    ),
    path(
        "careers/postings/<str:slug>/",
        cached_public_get(PostingViewSet.as_view({"get": "retrieve"})),
        name="posting-detail",
    ),
    path(
        "careers/postings/<str:slug>/applications/",
        ApplicationCreateView.as_view(),
        name="posting-applications",
    ),
    path("careers/preview/", PreviewView.as_view(), name="preview"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # Split: the page loads its start-up script from a URL, so no inline script
    # is needed under the Content-Security-Policy.
    path(
        "docs/",
        DocsView.as_view(url_name="careers-api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
]
