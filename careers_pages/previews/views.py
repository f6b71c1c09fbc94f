"""Shared preview links in the admin: create, list and revoke them per page."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from careers_pages.models import CareersIndexPage, JobPostingPage

from .models import PagePreview
from .tokens import create_preview, frontend_preview_url, token_for

PREVIEWABLE = (CareersIndexPage, JobPostingPage)


class SharePreviewForm(forms.Form):
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=90,
        initial=settings.CAREERS_SHARED_PREVIEW_DAYS,
    )
    follow_latest = forms.TypedChoiceField(
        label="Shows",
        choices=[
            ("", "This version of the draft"),
            ("1", "The latest draft, whenever it is opened"),
        ],
        coerce=bool,
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
        initial="",
    )
    note = forms.CharField(label="For", max_length=255, required=False)


def _editable_page(request, page_id) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, PREVIEWABLE) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def share_preview(request, page_id):
    """The page's live shared links, and a form to make another."""
    page = _editable_page(request, page_id)
    form = SharePreviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = page.get_latest_revision_as_object()
        create_preview(
            draft,
            parent=page.get_parent(),
            kind=PagePreview.Kind.SHARED,
            lifetime=timedelta(days=form.cleaned_data["days"]),
            follow_latest=form.cleaned_data["follow_latest"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, "The preview link is ready: copy it from the list below.")
        return redirect("careers_share_preview", page.pk)
    links = [
        (
            preview,
            request.build_absolute_uri(
                frontend_preview_url(page, page.get_parent(), token_for(preview))
            ),
        )
        for preview in PagePreview.objects.filter(
            page=page,
            kind=PagePreview.Kind.SHARED,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        ).select_related("created_by")
    ]
    return TemplateResponse(
        request,
        "careers_previews/share_preview.html",
        {
            "page": page,
            "form": form,
            "links": links,
            "page_title": "Share a preview",
            "page_subtitle": page.get_admin_display_title(),
            "header_title": f"Share a preview of {page.get_admin_display_title()}",
            "header_icon": "link",
        },
    )


@require_POST
def revoke_preview(request, preview_uuid):
    preview = get_object_or_404(PagePreview, uuid=preview_uuid, kind=PagePreview.Kind.SHARED)
    page = _editable_page(request, preview.page_id)
    preview.revoked_at = timezone.now()
    preview.save(update_fields=["revoked_at"])
    messages.success(request, "The preview link no longer works.")
    return redirect("careers_share_preview", page.pk)


class SharePreviewMenuItem(PageMenuItem):
    label = "Share preview"
    icon_name = "link"
    priority = 66

    def is_shown(self, user):
        return (
            isinstance(self.page.specific, PREVIEWABLE)
            and self.page.permissions_for_user(user).can_edit()
        )

    @property
    def url(self):
        return reverse("careers_share_preview", args=[self.page.pk])
