from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .applications import ApplicationCreateView
from .views import CareersIndexView, PostingViewSet

app_name = "careers-api"

urlpatterns = [
    path("careers/", CareersIndexView.as_view(), name="index"),
    path("careers/postings/", PostingViewSet.as_view({"get": "list"}), name="posting-list"),
    path(
        "careers/postings/<str:slug>/",
        PostingViewSet.as_view({"get": "retrieve"}),
        name="posting-detail",
    ),
    path(
        "careers/postings/<str:slug>/applications/",
        ApplicationCreateView.as_view(),
        name="posting-applications",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="careers-api:schema"), name="docs"),
]
