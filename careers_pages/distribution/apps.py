from django.apps import AppConfig


class CareersDistributionConfig(AppConfig):
    """Google Indexing API notifications and the static export of the API."""

    name = "careers_pages.distribution"
    label = "careers_distribution"
    verbose_name = "Distribution"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signals import connect_signals

        connect_signals()
