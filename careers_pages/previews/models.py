"""Previews: a draft as it was handed to the frontend, behind a signed token."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from wagtail.models import Page


class PagePreview(models.Model):
    """A draft handed to the frontend: the content as it was previewed (or, for a
    shared link that follows the draft, the page's latest revision), until it
    expires or is revoked. Preview tokens are signed references to these rows."""

    class Kind(models.TextChoices):
        EDITOR = "editor", "Editor preview"
        SHARED = "shared", "Shared link"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EDITOR)
    # The page, once it exists; a page being created has only its parent.
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    content = models.JSONField(help_text="The page's content as previewed.")
    content_hash = models.CharField(max_length=64)
    follow_latest = models.BooleanField(
        "follow the latest draft",
        default=False,
        help_text="Show the page's latest draft at each visit instead of this version.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(
        max_length=255, blank=True, help_text="Who the link is for, such as 'the hiring manager'."
    )

    class Meta:
        # The table careers_pages created, before this app had the model.
        db_table = "careers_pages_pagepreview"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.content.get('title', '?')}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
