from django.urls import path

from .wagtail_api import api_router

urlpatterns = [
    path("v2/", api_router.urls),
]
