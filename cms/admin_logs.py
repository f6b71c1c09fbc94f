"""Read-only logs in the Wagtail admin (webhook deliveries, indexing
notifications): a list with filters whose entries open on their inspect page."""

from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet


class LogIndexView(generic.IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The log is read-only: entries open on their inspect page.
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            **kwargs,
        )


class ReadOnlyLogViewSet(ModelViewSet):
    """A model's rows, listed and inspected; never added, edited or deleted here."""

    index_view_class = LogIndexView
    icon = "history"
    add_to_settings_menu = True
    inspect_view_enabled = True
    form_fields = []

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in ("add", "edit", "delete")]

    def get_common_view_kwargs(self, **kwargs):
        read_only = {"add_url_name": None, "edit_url_name": None, "delete_url_name": None}
        return super().get_common_view_kwargs(**{**read_only, **kwargs})
