from csp.decorators import csp_replace
from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from api.caching import cached_public_get
from api.discovery import OpenPostingsFeed, sitemap
from api.job_boards import indeed_feed, linkedin_feed
from api.wagtail_api import api_router
from cms.health import healthz, readyz

# The admin's own, looser Content-Security-Policy (see settings).
admin_urlpatterns = decorate_urlpatterns(
    wagtailadmin_urls.urlpatterns, csp_replace(settings.ADMIN_CONTENT_SECURITY_POLICY)
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", include(admin_urlpatterns)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("api.urls")),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("feeds/careers/", OpenPostingsFeed(), name="careers-feed"),
    path("feeds/indeed.xml", cached_public_get(indeed_feed), name="indeed-feed"),
    path("feeds/linkedin.xml", cached_public_get(linkedin_feed), name="linkedin-feed"),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.CAREERS_FRONTEND_ENABLED:
    # The reference frontend: the careers pages at their frontend paths, rendered
    # from the API; it hands every other path on to Wagtail's page serving.
    urlpatterns += [path("", include("frontend.urls"))]

# Wagtail's page serving comes last: it gives pages their URLs (rich text links,
# "View live", previews) and serves what matches no route above.
urlpatterns += [path("", include(wagtail_urls))]
