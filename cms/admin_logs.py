"""Read-only logs in the Wagtail admin (webhook deliveries, indexing
notifications): a list with filters whose entries open on their inspect page
(Wagtail's listing links there when there is no edit view)."""

from wagtail.admin.viewsets.model import ModelViewSet


class ReadOnlyLogViewSet(ModelViewSet):
    """A model's rows, listed and inspected; never added, edited or deleted here."""

    icon = "history"
    add_to_settings_menu = True
    inspect_view_enabled = True
    form_fields = []

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in ("add", "edit", "delete")]

    def get_common_view_kwargs(self, **kwargs):
        read_only = {"add_url_name": None, "edit_url_name": None, "delete_url_name": None}
        return super().get_common_view_kwargs(**{**read_only, **kwargs})
