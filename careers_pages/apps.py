from django.apps import AppConfig


class CareersPagesConfig(AppConfig):
    name = "careers_pages"
    verbose_name = "Careers pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .webhooks import connect_signals

        connect_signals()
