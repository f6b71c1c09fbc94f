from django.urls import path

from .views import careers_page

app_name = "frontend"

# One catch-all: which page a path is depends on the careers index's URL, which
# editors can move; the view asks the API and hands other paths to Wagtail.
urlpatterns = [path("<path:path>", careers_page, name="page")]
