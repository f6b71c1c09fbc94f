"""Preview links: drafts in the real frontend, for editors and for people
without an admin account. Tokens are signed, name one ``PagePreview`` row and
the hash of its content, and stop working when the row expires or is revoked."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.models import Page

from careers_pages.models import site_path
from careers_pages.visibility import posting_path

from .models import PagePreview

# Kept from before the previews app had its own label: links already shared still work.
SALT = "careers_pages.preview"


class PreviewRefused(Exception):
    """A token that must not show anything; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


def content_hash(content: dict) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder).encode()
    ).hexdigest()


def create_preview(
    page: Page,
    *,
    parent: Page | None = None,
    kind: str = PagePreview.Kind.EDITOR,
    lifetime: timedelta | None = None,
    follow_latest: bool = False,
    user=None,
    note: str = "",
) -> tuple[PagePreview, str]:
    """Keep ``page`` as it is now (it may be unsaved: the admin's form state) and
    return the preview and its token."""
    content = json.loads(json.dumps(page.serializable_data(), cls=DjangoJSONEncoder))
    if lifetime is None:
        lifetime = timedelta(seconds=settings.CAREERS_PREVIEW_SECONDS)
    parent = parent or page.get_parent()
    if kind == PagePreview.Kind.EDITOR:
        # The live preview panel asks again at every pause in typing: reuse an
        # identical preview, and clear out the expired ones.
        now = timezone.now()
        PagePreview.objects.filter(kind=kind, expires_at__lt=now).delete()
        same = PagePreview.objects.filter(
            kind=kind,
            page=page if page.pk else None,
            parent=parent,
            content_hash=content_hash(content),
            revoked_at=None,
            expires_at__gt=now + lifetime / 2,
        ).first()
        if same is not None:
            return same, token_for(same)
    preview = PagePreview.objects.create(
        kind=kind,
        page=page if page.pk else None,
        parent=parent,
        content_type=ContentType.objects.get_for_model(page.specific_class),
        content=content,
        content_hash=content_hash(content),
        follow_latest=follow_latest,
        created_by=user if user is not None and user.is_authenticated else None,
        expires_at=timezone.now() + lifetime,
        note=note,
    )
    return preview, token_for(preview)


def token_for(preview: PagePreview) -> str:
    return signing.dumps(
        {"preview": str(preview.uuid), "page": preview.page_id, "hash": preview.content_hash[:16]},
        salt=SALT,
        compress=True,
    )


def resolve_token(token: str, *, slug: str | None = None) -> tuple[Page, PagePreview]:
    """The page object a token shows, or :class:`PreviewRefused`."""
    try:
        claims = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise PreviewRefused(
            403, "This preview link is not valid (it was changed or cut)."
        ) from None
    preview = PagePreview.objects.filter(uuid=claims.get("preview")).first()
    if preview is None:
        raise PreviewRefused(404, "This preview no longer exists.")
    if preview.page_id != claims.get("page") or not preview.content_hash.startswith(
        str(claims.get("hash"))
    ):
        raise PreviewRefused(403, "This preview link is not valid (it was changed or cut).")
    if preview.revoked_at is not None:
        raise PreviewRefused(410, "This preview link was revoked.")
    if preview.expires_at <= timezone.now():
        raise PreviewRefused(
            410, f"This preview link expired at {preview.expires_at:%Y-%m-%d %H:%M %Z}."
        )
    page = _page_object(preview)
    if slug is not None and slug != page.slug:
        raise PreviewRefused(403, "This preview link is for another page.")
    return page, preview


def _page_object(preview: PagePreview) -> Page:
    model = preview.content_type.model_class()
    if preview.page_id is None:
        page = model.from_serializable_data(preview.content)
        page.id = page.pk = None
        return page
    page = Page.objects.filter(pk=preview.page_id).first()
    if page is None:
        raise PreviewRefused(404, "The page of this preview was deleted.")
    page = page.specific
    if preview.follow_latest:
        return page.get_latest_revision_as_object()
    return page.with_content_json(dict(preview.content))


def frontend_preview_url(page: Page, parent: Page, token: str) -> str:
    """Where the frontend shows the preview: the page's own frontend path."""
    path = posting_path(site_path(parent), page.slug)
    return f"{settings.CAREERS_PREVIEW_FRONTEND_URL}{path}?preview_token={token}"
