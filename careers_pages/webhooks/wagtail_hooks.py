"""Wagtail admin: webhook endpoints (Settings → Webhooks) and the read-only
delivery log."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_logs import ReadOnlyLogViewSet

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


class WebhookDeliveryViewSet(ReadOnlyLogViewSet):
    """The delivery log: read-only."""

    model = WebhookDelivery
    menu_label = "Webhook deliveries"
    list_display = ["event", "endpoint", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "endpoint"]


register_snippet(WebhookEndpointViewSet)


@hooks.register("register_admin_viewset")
def register_webhook_delivery_viewset():
    return WebhookDeliveryViewSet("webhook_deliveries")
