"""Wagtail admin: webhook endpoints (Settings → Webhooks) and the read-only
delivery log."""

from wagtail import hooks
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    list_display = ["name", "url", "active"]
    # The admin's URLs as they were before the model left careers_pages.
    url_prefix = "careers_pages/webhookendpoint"
    url_namespace = "wagtailsnippets_careers_pages_webhookendpoint"


class WebhookDeliveryIndexView(generic.IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The log is read-only: entries open on their inspect page.
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            **kwargs,
        )


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: read-only."""

    model = WebhookDelivery
    index_view_class = WebhookDeliveryIndexView
    icon = "history"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    list_display = ["event", "endpoint", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "endpoint"]
    inspect_view_enabled = True
    form_fields = []

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in ("add", "edit", "delete")]

    def get_common_view_kwargs(self, **kwargs):
        read_only = {"add_url_name": None, "edit_url_name": None, "delete_url_name": None}
        return super().get_common_view_kwargs(**{**read_only, **kwargs})


register_snippet(WebhookEndpointViewSet)


@hooks.register("register_admin_viewset")
def register_webhook_delivery_viewset():
    return WebhookDeliveryViewSet("webhook_deliveries")
