"""Wagtail admin: the Preview button opens the real frontend with a token;
"Share preview" in a page's header menu makes, lists and revokes shared links."""

from django.http import HttpResponseRedirect
from django.urls import path
from wagtail import hooks

from careers_pages.models import SERVE_PREVIEW_HOOK

from .tokens import create_preview, frontend_preview_url
from .views import SharePreviewMenuItem, revoke_preview, share_preview


@hooks.register(SERVE_PREVIEW_HOOK)
def open_frontend_preview(page, request, mode_name):
    """The draft in the real frontend, which reads it from the preview API with a token."""
    parent = page.get_parent()
    _, token = create_preview(page, parent=parent, user=getattr(request, "user", None))
    return HttpResponseRedirect(frontend_preview_url(page, parent, token))


@hooks.register("register_admin_urls")
def register_share_preview_urls():
    return [
        path("careers/previews/<int:page_id>/", share_preview, name="careers_share_preview"),
        path(
            "careers/previews/revoke/<uuid:preview_uuid>/",
            revoke_preview,
            name="careers_revoke_preview",
        ),
    ]


@hooks.register("register_page_header_buttons")
def share_preview_button(page, user, view_name, next_url=None):
    yield SharePreviewMenuItem(page=page)
