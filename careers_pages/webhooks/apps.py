from django.apps import AppConfig


class CareersWebhooksConfig(AppConfig):
    """Publish webhooks: endpoints, signed deliveries, their retries and log."""

    name = "careers_pages.webhooks"
    label = "careers_webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signals import connect_signals

        connect_signals()
