"""Wagtail admin: the log of indexing notifications (Settings → Indexing notifications)."""

from wagtail import hooks

from cms.admin_logs import ReadOnlyLogViewSet

from .models import IndexingNotification


class IndexingNotificationViewSet(ReadOnlyLogViewSet):
    """What Google was told, when, and how it answered: read-only."""

    model = IndexingNotification
    menu_label = "Indexing notifications"
    list_display = ["url", "kind", "status", "attempts", "response_status", "error", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["url"]
    search_backend_name = None  # a plain database search of the log


@hooks.register("register_admin_viewset")
def register_indexing_notification_viewset():
    return IndexingNotificationViewSet("indexing_notifications")
